package io.slipstream.perf.loop;

import io.slipstream.perf.core.Endpoint;
import io.slipstream.perf.core.Message;
import io.slipstream.perf.core.MessageSink;
import io.slipstream.perf.core.Verification;
import org.agrona.DirectBuffer;

import java.util.function.Supplier;

/**
 * The echo side: check each message (its sequence number, and its checksum as {@link Verification} says), then
 * send it straight back; or, as the receiver of a one-way throughput run, check every message and echo only the
 * ones it is asked to acknowledge, polling in the batches the transport's documentation uses for throughput
 * ({@link Endpoint#pollBatch}).
 */
public final class PongLoop
{
    private final Endpoint endpoint;
    private final int lengthBytes;
    private final SpinGuard guard;
    private final Verification verification;
    private final Supplier<String> describeText = this::describe;
    private final MessageSink sink = this::onPing;
    /** The messages an acknowledging receiver echoes, in order, then -1 (no message has that number). */
    private final long[] ackSeqs;
    private final boolean echoAll;
    private long expectedSeq;
    private long acknowledged;

    /**
     * An echo of every message, checked as the context says.
     *
     * @param context the endpoint, message length, guard settings and checks of the run.
     */
    public PongLoop(final LoopContext context)
    {
        this(context, true, -1, -1, 0);
    }

    private PongLoop(final LoopContext context, final boolean echoAll, final long firstAckSeq, final long secondAckSeq,
        final long warmupChunk)
    {
        this.endpoint = context.endpoint();
        this.lengthBytes = context.lengthBytes();
        this.verification = context.verification();
        this.guard = context.newGuard();
        this.echoAll = echoAll;
        this.ackSeqs = ackSeqs(firstAckSeq, secondAckSeq, warmupChunk);
    }

    /**
     * The last message of each warm-up chunk (below {@code firstAckSeq}), {@code firstAckSeq}, {@code secondAckSeq},
     * then -1: read in turn, so moving from the warm-up's acknowledgements to the last one takes no branch the
     * warm-up has not taken.
     */
    private static long[] ackSeqs(final long firstAckSeq, final long secondAckSeq, final long warmupChunk)
    {
        final long warmup = firstAckSeq + 1; // 0 when no warm-up message is acknowledged
        final int chunks = warmup <= 0 ? 0 : warmupChunk > 0 ? (int)((warmup + warmupChunk - 1) / warmupChunk) : 1;
        final long[] seqs = new long[chunks + 2];
        for (int i = 0; i < chunks; i++)
        {
            seqs[i] = warmupChunk > 0 ? Math.min((i + 1) * warmupChunk - 1, firstAckSeq) : firstAckSeq;
        }
        seqs[chunks] = secondAckSeq;
        seqs[chunks + 1] = -1;
        return seqs;
    }

    /**
     * A receiver that checks every message as the context says and echoes only messages {@code firstAckSeq} and
     * {@code secondAckSeq}.
     *
     * @param context the endpoint, message length, guard settings and checks of the run.
     */
    public static PongLoop acknowledging(final LoopContext context, final long firstAckSeq, final long secondAckSeq)
    {
        return acknowledging(context, firstAckSeq, secondAckSeq, 0);
    }

    /**
     * As {@link #acknowledging(LoopContext, long, long)}, also echoing, below {@code firstAckSeq}, every message
     * whose sequence number plus one is a multiple of {@code warmupChunk} (0: none), as {@link ThroughputPing} waits
     * for them.
     */
    public static PongLoop acknowledging(final LoopContext context, final long firstAckSeq, final long secondAckSeq,
        final long warmupChunk)
    {
        return new PongLoop(context, false, firstAckSeq, secondAckSeq, warmupChunk);
    }

    /**
     * Echo {@code totalMessages} messages.
     */
    public void run(final long totalMessages)
    {
        guard.reset();
        while (expectedSeq < totalMessages)
        {
            if ((echoAll ? endpoint.poll(sink) : endpoint.pollBatch(sink)) == 0)
            {
                guard.spin(describeText);
            }
            else
            {
                guard.reset();
            }
        }
    }

    /**
     * @return how many messages were echoed.
     */
    public long echoed()
    {
        return expectedSeq;
    }

    /**
     * @return how many messages were sent back: every one in echo mode, the acknowledgements when acknowledging.
     */
    public long acknowledged()
    {
        return acknowledged;
    }

    private void onPing(final DirectBuffer buffer, final int offset, final int length)
    {
        Message.verify(buffer, offset, length, lengthBytes, expectedSeq, verification);
        if (echoAll || expectedSeq == ackSeqs[(int)acknowledged])
        {
            while (!endpoint.offer(buffer, offset, length))
            {
                guard.spin(describeText);
            }
            acknowledged++; // the echo loop never reads it
        }
        expectedSeq++;
    }

    private String describe()
    {
        return "message " + expectedSeq;
    }
}
