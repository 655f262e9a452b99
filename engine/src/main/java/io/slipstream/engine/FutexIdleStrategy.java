package io.slipstream.engine;

import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Spins, then yields, then sleeps in the kernel on a futex word in the ring file until the other end wakes it or the
 * timeout passes: blocking wake-up across processes with no daemon and no busy core while idle.
 * <p>
 * A consumer sleeps on the ring's data word by the {@link DataWakeProtocol}: it reads the word's sequence, sets its
 * slot's bit in the waiter mask, issues a {@code membarrier}, re-checks for data, and only then sleeps, expecting the
 * sequence it read; the producer stores each commit word, reads the mask, and wakes if any bit is set. A producer
 * waiting for space does the same on the space word by the {@link SpaceWakeProtocol}, woken by consumers as they free
 * space. Closing the producer (end of stream) wakes every sleeper.
 * <p>
 * One instance per waiting thread; {@link #idle(int)} never allocates.
 */
public final class FutexIdleStrategy implements IdleStrategy
{
    public static final int DEFAULT_SPINS = 1_000;
    public static final int DEFAULT_YIELDS = 10;
    public static final long DEFAULT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(1);

    private final Subscription subscription;
    private final Publication publication;
    private final long waiterBit;
    private final SpinYieldPhases phases;
    private final long timeoutNs;
    private final Futex futex = new Futex();
    private final DataWakeProtocol dataWake;
    private final SpaceWakeProtocol spaceWake;
    private long timeoutsWithData;

    private FutexIdleStrategy(final Subscription subscription, final Publication publication, final int maxSpins,
        final int maxYields, final long timeoutNs, final DataWakeProtocol.Factory dataWakeProtocol)
    {
        this.subscription = subscription;
        this.publication = publication;
        this.dataWake = subscription != null ? dataWakeProtocol.newProtocol(subscription.header(), futex) : null;
        this.spaceWake = subscription != null ? null : new SpaceWakeProtocol(publication.header(), futex);
        this.waiterBit = subscription != null ? 1L << subscription.slotIndex() : 0;
        this.phases = new SpinYieldPhases(maxSpins, maxYields, timeoutNs);
        this.timeoutNs = timeoutNs;
    }

    /** A consumer's strategy: waits for data on the subscription's ring. */
    public static FutexIdleStrategy forSubscription(final Subscription subscription, final int maxSpins,
        final int maxYields, final long timeoutNs)
    {
        return forSubscription(subscription, maxSpins, maxYields, timeoutNs, DataWakeProtocol.CORRECT);
    }

    /** As {@link #forSubscription(Subscription, int, int, long)}, waiting by the given protocol (tests). */
    static FutexIdleStrategy forSubscription(final Subscription subscription, final int maxSpins, final int maxYields,
        final long timeoutNs, final DataWakeProtocol.Factory dataWakeProtocol)
    {
        return new FutexIdleStrategy(subscription, null, maxSpins, maxYields, timeoutNs, dataWakeProtocol);
    }

    /** A producer's strategy: waits for space on the publication's ring. */
    public static FutexIdleStrategy forPublication(final Publication publication, final int maxSpins,
        final int maxYields, final long timeoutNs)
    {
        return new FutexIdleStrategy(null, publication, maxSpins, maxYields, timeoutNs, DataWakeProtocol.CORRECT);
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            reset();
        }
        else
        {
            idle();
        }
    }

    @Override
    public void idle()
    {
        if (phases.idle())
        {
            return;
        }
        if (subscription != null)
        {
            sleepForData();
        }
        else
        {
            sleepForSpace();
        }
    }

    @Override
    public void reset()
    {
        phases.reset();
    }

    private void sleepForData()
    {
        if (subscription.isClosed())
        {
            LockSupport.parkNanos(timeoutNs);
            return;
        }
        if (dataWake.await(subscription, waiterBit, timeoutNs) == Futex.TIMED_OUT && subscription.hasData())
        {
            timeoutsWithData++;
        }
    }

    private void sleepForSpace()
    {
        if (publication.isClosed())
        {
            LockSupport.parkNanos(timeoutNs);
            return;
        }
        if (spaceWake.await(publication, timeoutNs) == Futex.TIMED_OUT && publication.hasSpaceProgress())
        {
            timeoutsWithData++;
        }
    }

    /** How many times this strategy went to sleep in the kernel. */
    public long sleeps()
    {
        return dataWake != null ? dataWake.sleeps() : spaceWake.sleeps();
    }

    /**
     * How many sleeps ran to their timeout although what they waited for was there: lost wake-ups, or a commit that
     * raced the timeout. Zero in a correct run with a timeout well above the producer's pauses.
     */
    public long timeoutsWithData()
    {
        return timeoutsWithData;
    }

    /**
     * How many times a consumer's bounded first sleep ended with data that no wake announced: a commit that raced
     * its going to sleep, delivered late by at most {@code DataWakeProtocol.BOUNDED_FIRST_SLEEP_NS} (50 µs). Always
     * 0 for a producer's strategy.
     */
    public long lateWakeups()
    {
        return dataWake != null ? dataWake.lateWakeups() : 0;
    }

    @Override
    public String alias()
    {
        return "futex";
    }
}
