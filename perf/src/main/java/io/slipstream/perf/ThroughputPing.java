package io.slipstream.perf;

import io.slipstream.perf.core.Endpoint;
import io.slipstream.perf.core.Message;
import io.slipstream.perf.core.MessageSink;
import io.slipstream.perf.core.Verification;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One-way throughput: send as fast as the transport accepts; the receiver ({@link PongLoop} in acknowledging
 * mode) verifies every message and echoes only the last warm-up message and the last message. The measured time
 * runs from the first measured send to the final acknowledgement.
 */
public final class ThroughputPing
{
    private final Endpoint endpoint;
    private final int lengthBytes;
    private final SpinGuard guard;
    private final Verification verification;
    private final UnsafeBuffer sendBuffer;
    private final MessageSink sink = this::onAck;
    private final Supplier<String> describeSend = () -> "space to send";
    private final Supplier<String> describeAck = () -> "acknowledgement of message " + this.expectedAck;
    private long expectedAck;
    private boolean acked;

    /**
     * Checksums on every message, spinning without {@link Thread#onSpinWait()}.
     */
    public ThroughputPing(
        final Endpoint endpoint, final int lengthBytes, final BooleanSupplier peerAlive, final long timeoutNs)
    {
        this(endpoint, lengthBytes, peerAlive, timeoutNs, Verification.FULL, false);
    }

    /**
     * @param verification what is written and checked per message.
     * @param spinWait     whether an empty spin calls {@link Thread#onSpinWait()}.
     */
    public ThroughputPing(
        final Endpoint endpoint,
        final int lengthBytes,
        final BooleanSupplier peerAlive,
        final long timeoutNs,
        final Verification verification,
        final boolean spinWait)
    {
        this.endpoint = endpoint;
        this.lengthBytes = lengthBytes;
        this.verification = verification;
        this.guard = new SpinGuard(peerAlive, timeoutNs, spinWait);
        this.sendBuffer = new UnsafeBuffer(
            ByteBuffer.allocateDirect(BitUtil.align(lengthBytes, BitUtil.CACHE_LINE_LENGTH) * 2)
                .alignedSlice(BitUtil.CACHE_LINE_LENGTH));
    }

    /**
     * @return measured messages per second.
     */
    public double run(final long warmup, final long measured)
    {
        return run(warmup, measured, () -> {});
    }

    /**
     * As {@link #run(long, long)}, calling {@code atMeasuredStart} once, untimed, after the warm-up.
     */
    public double run(final long warmup, final long measured, final Runnable atMeasuredStart)
    {
        send(0, warmup);
        atMeasuredStart.run();
        final long startNs = System.nanoTime();
        send(warmup, warmup + measured);
        final long elapsedNs = System.nanoTime() - startNs;
        return measured * 1e9 / Math.max(1, elapsedNs);
    }

    private void send(final long fromSeq, final long toSeq)
    {
        if (toSeq <= fromSeq)
        {
            return;
        }
        for (long seq = fromSeq; seq < toSeq; seq++)
        {
            Message.encode(sendBuffer, 0, lengthBytes, seq, verification);
            guard.reset();
            while (!endpoint.offer(sendBuffer, 0, lengthBytes))
            {
                guard.spin(describeSend);
            }
        }
        expectedAck = toSeq - 1;
        acked = false;
        guard.reset();
        while (!acked)
        {
            if (endpoint.poll(sink) == 0)
            {
                guard.spin(describeAck);
            }
        }
    }

    private void onAck(final DirectBuffer buffer, final int offset, final int length)
    {
        Message.verify(buffer, offset, length, lengthBytes, expectedAck, verification);
        acked = true;
    }
}
