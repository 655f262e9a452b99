package io.slipstream.perf.loop;

import io.slipstream.perf.core.Message;
import io.slipstream.perf.core.MessageSink;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;

import java.util.function.Supplier;

/**
 * The timing side of a ping-pong: send message n, spin until its echo returns, verify it, record the round trip.
 * The first {@code warmupMessages} are sent and checked but not recorded.
 */
public final class PingLoop extends SendingLoop
{
    private final Supplier<String> describeEchoText = this::describeEcho;
    private final Supplier<String> describeOfferText = this::describeOffer;
    private final MessageSink sink = this::onEcho;
    private long expectedSeq;
    private boolean echoed;

    /**
     * @param context the endpoint, message length, guard settings and checks of the run.
     */
    public PingLoop(final LoopContext context)
    {
        super(context);
    }

    /**
     * Run {@code warmupMessages + measuredMessages} round trips, recording the measured ones in ns.
     */
    public void run(final long warmupMessages, final long measuredMessages, final Histogram histogram)
    {
        run(warmupMessages, measuredMessages, histogram, () -> {});
    }

    /**
     * As {@link #run(long, long, Histogram)}, calling {@code atMeasuredStart} once, untimed, before the first
     * measured round trip.
     */
    public void run(
        final long warmupMessages,
        final long measuredMessages,
        final Histogram histogram,
        final Runnable atMeasuredStart)
    {
        final long total = warmupMessages + measuredMessages;
        final long highestTrackable = histogram.getHighestTrackableValue();
        for (long seq = 0; seq < total; seq++)
        {
            if (seq == warmupMessages)
            {
                atMeasuredStart.run();
            }
            Message.encode(sendBuffer, 0, lengthBytes, seq, verification);
            expectedSeq = seq;
            echoed = false;

            final long startNs = System.nanoTime();
            guard.reset();
            while (!endpoint.offer(sendBuffer, 0, lengthBytes))
            {
                guard.spin(describeOfferText);
            }
            guard.reset();
            while (!echoed)
            {
                if (endpoint.poll(sink) == 0)
                {
                    guard.spin(describeEchoText);
                }
            }
            final long rttNs = System.nanoTime() - startNs;

            if (seq >= warmupMessages)
            {
                histogram.recordValue(Math.min(rttNs, highestTrackable));
            }
        }
    }

    private void onEcho(final DirectBuffer buffer, final int offset, final int length)
    {
        Message.verify(buffer, offset, length, lengthBytes, expectedSeq, verification);
        echoed = true;
    }

    private String describeOffer()
    {
        return "space to send message " + expectedSeq;
    }

    private String describeEcho()
    {
        return "the echo of message " + expectedSeq;
    }
}
