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
    private final long firstAckSeq;
    private final long secondAckSeq;
    private final long warmupChunk;
    private final boolean echoAll;
    private long expectedSeq;
    private long nextAckSeq;
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
        this.firstAckSeq = firstAckSeq;
        this.secondAckSeq = secondAckSeq;
        this.warmupChunk = warmupChunk;
        this.nextAckSeq = firstAckSeq < 0 ? secondAckSeq :
            warmupChunk > 0 ? Math.min(warmupChunk - 1, firstAckSeq) : firstAckSeq;
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
     * @return how many messages an acknowledging receiver echoed.
     */
    public long acknowledged()
    {
        return acknowledged;
    }

    private void onPing(final DirectBuffer buffer, final int offset, final int length)
    {
        Message.verify(buffer, offset, length, lengthBytes, expectedSeq, verification);
        if (echoAll || expectedSeq == nextAckSeq)
        {
            while (!endpoint.offer(buffer, offset, length))
            {
                guard.spin(describeText);
            }
            if (!echoAll)
            {
                acknowledged++;
                nextAckSeq = expectedSeq < firstAckSeq && warmupChunk > 0 ?
                    Math.min(expectedSeq + warmupChunk, firstAckSeq) : secondAckSeq;
            }
        }
        expectedSeq++;
    }

    private String describe()
    {
        return "message " + expectedSeq;
    }
}
