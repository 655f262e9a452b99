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
    private final boolean echoAll;
    private long expectedSeq;

    /**
     * An echo of every message, checked as the context says.
     *
     * @param context the endpoint, message length, guard settings and checks of the run.
     */
    public PongLoop(final LoopContext context)
    {
        this(context, true, -1, -1);
    }

    private PongLoop(final LoopContext context, final boolean echoAll, final long firstAckSeq, final long secondAckSeq)
    {
        this.endpoint = context.endpoint();
        this.lengthBytes = context.lengthBytes();
        this.verification = context.verification();
        this.guard = context.newGuard();
        this.echoAll = echoAll;
        this.firstAckSeq = firstAckSeq;
        this.secondAckSeq = secondAckSeq;
    }

    /**
     * A receiver that checks every message as the context says and echoes only messages {@code firstAckSeq} and
     * {@code secondAckSeq}.
     *
     * @param context the endpoint, message length, guard settings and checks of the run.
     */
    public static PongLoop acknowledging(final LoopContext context, final long firstAckSeq, final long secondAckSeq)
    {
        return new PongLoop(context, false, firstAckSeq, secondAckSeq);
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

    private void onPing(final DirectBuffer buffer, final int offset, final int length)
    {
        Message.verify(buffer, offset, length, lengthBytes, expectedSeq, verification);
        if (echoAll || expectedSeq == firstAckSeq || expectedSeq == secondAckSeq)
        {
            while (!endpoint.offer(buffer, offset, length))
            {
                guard.spin(describeText);
            }
        }
        expectedSeq++;
    }

    private String describe()
    {
        return "message " + expectedSeq;
    }
}
