package io.slipstream.perf.loop;

import io.slipstream.perf.core.HarnessException;
import io.slipstream.perf.core.Message;
import io.slipstream.perf.core.MessageSink;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;

import java.util.function.Supplier;

/**
 * Fixed-rate open-loop load: measured message n is due at {@code start + n * interval}; it is sent as soon as
 * possible after that, and echoes are taken as they come. Latency is counted from the intended send time (what a
 * client with a schedule would see); the naive figure from the actual send time is recorded beside it.
 * <p>
 * The warm-up runs before the schedule, closed loop (each message sent once the previous one's echo is back), so it
 * takes as long as its round trips, whatever the rate: at a low rate a scheduled warm-up of the same count would
 * end before the JIT had compiled the hot path, and its compilations would stall the measured messages instead.
 */
public final class OpenLoopPing extends SendingLoop
{
    private static final int MAX_IN_FLIGHT = 1 << 16;
    private static final int IN_FLIGHT_MASK = MAX_IN_FLIGHT - 1;

    private final long intervalNs;
    private final long[] actualSendNs = new long[MAX_IN_FLIGHT];
    private final Supplier<String> describeText = this::describe;
    private final MessageSink sink = this::onEcho;
    private long startNs;
    private long warmupMessages;
    private long nextEchoSeq;
    private Histogram corrected;
    private Histogram naive;

    /**
     * @param context       the endpoint, message length, guard settings and checks of the run.
     * @param ratePerSecond the schedule's rate, 1 to 1e9 messages a second.
     */
    public OpenLoopPing(final LoopContext context, final long ratePerSecond)
    {
        super(context);
        if (ratePerSecond < 1 || ratePerSecond > 1_000_000_000L)
        {
            throw new IllegalArgumentException("rate must be 1..1e9 messages/s: " + ratePerSecond);
        }
        this.intervalNs = 1_000_000_000L / ratePerSecond;
    }

    /**
     * Send {@code warmup + measured} messages on schedule; record the measured echoes' latency in ns.
     */
    public void run(
        final long warmup, final long measured, final Histogram corrected, final Histogram naive)
    {
        this.warmupMessages = warmup;
        this.corrected = corrected;
        this.naive = naive;
        final long total = warmup + measured;
        warmUp(warmup);
        long nextSendSeq = warmup;
        boolean encoded = false;
        startNs = System.nanoTime();
        guard.reset();
        while (nextEchoSeq < total)
        {
            if (nextSendSeq < total && System.nanoTime() - intendedNs(nextSendSeq) >= 0)
            {
                if (nextSendSeq - nextEchoSeq >= MAX_IN_FLIGHT)
                {
                    throw new HarnessException("open loop: more than " + MAX_IN_FLIGHT + " messages in flight " +
                        "(rate too high for this transport?)");
                }
                if (!encoded)
                {
                    Message.encode(sendBuffer, 0, lengthBytes, nextSendSeq, verification);
                    encoded = true;
                }
                if (endpoint.offer(sendBuffer, 0, lengthBytes))
                {
                    actualSendNs[(int)nextSendSeq & IN_FLIGHT_MASK] = System.nanoTime();
                    nextSendSeq++;
                    encoded = false;
                }
            }
            if (endpoint.poll(sink) == 0)
            {
                guard.spin(describeText);
            }
            else
            {
                guard.reset();
            }
        }
    }

    /** Sends the warm-up messages one round trip at a time; their echoes are checked, not recorded. */
    private void warmUp(final long warmup)
    {
        guard.reset();
        for (long seq = 0; seq < warmup; seq++)
        {
            Message.encode(sendBuffer, 0, lengthBytes, seq, verification);
            while (!endpoint.offer(sendBuffer, 0, lengthBytes))
            {
                guard.spin(describeText);
            }
            guard.reset();
            while (nextEchoSeq <= seq)
            {
                if (endpoint.poll(sink) == 0)
                {
                    guard.spin(describeText);
                }
                else
                {
                    guard.reset();
                }
            }
        }
    }

    private long intendedNs(final long seq)
    {
        return startNs + (seq - warmupMessages) * intervalNs;
    }

    private void onEcho(final DirectBuffer buffer, final int offset, final int length)
    {
        final long nowNs = System.nanoTime();
        final long seq = nextEchoSeq;
        Message.verify(buffer, offset, length, lengthBytes, seq, verification);
        if (seq >= warmupMessages)
        {
            record(corrected, nowNs - intendedNs(seq));
            record(naive, nowNs - actualSendNs[(int)seq & IN_FLIGHT_MASK]);
        }
        nextEchoSeq++;
    }

    private static void record(final Histogram histogram, final long valueNs)
    {
        histogram.recordValue(Math.max(0, Math.min(valueNs, histogram.getHighestTrackableValue())));
    }

    private String describe()
    {
        return "the echo of message " + nextEchoSeq;
    }
}
