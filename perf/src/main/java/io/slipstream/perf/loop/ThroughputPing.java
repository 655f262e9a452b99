package io.slipstream.perf.loop;

import io.slipstream.perf.core.Message;
import io.slipstream.perf.core.MessageSink;
import org.agrona.DirectBuffer;

import java.util.function.Supplier;

/**
 * One-way throughput: send as fast as the transport accepts; the receiver ({@link PongLoop} in acknowledging
 * mode) verifies every message and echoes only the last message of each warm-up chunk and the last message. The
 * measured time runs from the first measured send to the final acknowledgement.
 * <p>
 * The warm-up goes in {@link #WARMUP_CHUNKS} chunks, each waited for: so every path the measured run takes (the
 * receiver's acknowledgement, a consumer that catches up with the ring, the sender's wait) has run a few times
 * before the JIT's final compilation. With the warm-up in one piece, the acknowledgement of its last message was the
 * first time the receiver took that branch, and the JIT's recompilation then fell inside the measured window.
 */
public final class ThroughputPing extends SendingLoop
{
    /** How many chunks the warm-up is sent in, each acknowledged. */
    public static final int WARMUP_CHUNKS = 10;

    private final MessageSink sink = this::onAck;
    private final Supplier<String> describeSend = () -> "space to send";
    private final Supplier<String> describeAck = () -> "acknowledgement of message " + this.expectedAck;
    private long expectedAck;
    private boolean acked;

    /**
     * @param context the endpoint, message length, guard settings and checks of the run.
     */
    public ThroughputPing(final LoopContext context)
    {
        super(context);
    }

    /**
     * @return the messages in a warm-up chunk: the receiver acknowledges every message whose sequence number plus
     * one is a multiple of it, below the last warm-up message.
     */
    public static long warmupChunk(final long warmup)
    {
        return Math.max(1, warmup / WARMUP_CHUNKS);
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
        final long chunk = warmupChunk(warmup);
        for (long from = 0; from < warmup; from += chunk)
        {
            send(from, Math.min(from + chunk, warmup));
        }
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
