package io.slipstream.perf.loop;

import io.slipstream.perf.core.HarnessException;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Keeps a spin loop from hanging: every few thousand spins it checks that the peer is alive and that progress
 * was made within the timeout. The checks are off the fast path.
 */
final class SpinGuard
{
    private static final int CHECK_MASK = (1 << 14) - 1;

    private final BooleanSupplier peerAlive;
    private final long timeoutNs;
    private final boolean spinWait;
    private int spins;
    private long sinceNs;

    SpinGuard(final BooleanSupplier peerAlive, final long timeoutNs)
    {
        this(peerAlive, timeoutNs, false);
    }

    /**
     * @param spinWait whether every spin calls {@link Thread#onSpinWait()} (a PAUSE on x86) before its checks.
     */
    SpinGuard(final BooleanSupplier peerAlive, final long timeoutNs, final boolean spinWait)
    {
        this.peerAlive = peerAlive;
        this.timeoutNs = timeoutNs;
        this.spinWait = spinWait;
    }

    /**
     * Start waiting for the next event.
     */
    void reset()
    {
        spins = 0;
        sinceNs = 0;
    }

    /**
     * One spin of the wait; throws if the peer died or nothing arrived in time.
     */
    void spin(final Supplier<String> waitingFor)
    {
        if (spinWait)
        {
            Thread.onSpinWait();
        }
        if ((++spins & CHECK_MASK) != 0)
        {
            return;
        }
        final long nowNs = System.nanoTime();
        if (sinceNs == 0)
        {
            sinceNs = nowNs;
        }
        else if (nowNs - sinceNs > timeoutNs)
        {
            throw new HarnessException("timed out after " + timeoutNs / 1_000_000 + " ms waiting for " +
                waitingFor.get() + " (lost?)");
        }
        if (!peerAlive.getAsBoolean())
        {
            throw new HarnessException("peer died while waiting for " + waitingFor.get());
        }
    }
}
