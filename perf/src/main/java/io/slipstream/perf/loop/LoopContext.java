package io.slipstream.perf.loop;

import io.slipstream.perf.core.Endpoint;
import io.slipstream.perf.core.Verification;
import org.agrona.BitUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;

/**
 * What every loop over an endpoint ({@link PingLoop}, {@link PongLoop}, {@link ThroughputPing},
 * {@link OpenLoopPing}) is given, once for all of them.
 *
 * @param endpoint     the side of the transport the loop sends and receives on.
 * @param lengthBytes  the length of every message.
 * @param peerAlive    whether the other side still runs; checked while spinning.
 * @param timeoutNs    how long a spin may go without progress before the run fails.
 * @param verification what is written and checked per message.
 * @param spinWait     whether an empty spin calls {@link Thread#onSpinWait()}.
 */
public record LoopContext(
    Endpoint endpoint,
    int lengthBytes,
    BooleanSupplier peerAlive,
    long timeoutNs,
    Verification verification,
    boolean spinWait)
{
    /**
     * Checksums on every message, spinning without {@link Thread#onSpinWait()}.
     *
     * @return the context.
     */
    public static LoopContext checked(
        final Endpoint endpoint, final int lengthBytes, final BooleanSupplier peerAlive, final long timeoutNs)
    {
        return new LoopContext(endpoint, lengthBytes, peerAlive, timeoutNs, Verification.FULL, false);
    }

    /**
     * @return a guard for the loop's spins, over {@link #peerAlive} and {@link #timeoutNs}.
     */
    SpinGuard newGuard()
    {
        return new SpinGuard(peerAlive, timeoutNs, spinWait);
    }

    /**
     * @return an off-heap buffer for one message, starting on a cache line.
     */
    UnsafeBuffer newSendBuffer()
    {
        return new UnsafeBuffer(
            ByteBuffer.allocateDirect(BitUtil.align(lengthBytes, BitUtil.CACHE_LINE_LENGTH) * 2)
                .alignedSlice(BitUtil.CACHE_LINE_LENGTH));
    }
}
