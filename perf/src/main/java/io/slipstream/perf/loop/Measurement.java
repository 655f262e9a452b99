package io.slipstream.perf.loop;

import io.slipstream.perf.core.HistogramText;
import io.slipstream.perf.core.Mode;
import org.HdrHistogram.Histogram;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the sending side of one run measured, and how it is measured: the mode's loop over an open endpoint. It
 * runs in the sending child JVM ({@link PingMain}), which sends the result back to the harness as one line of text.
 *
 * @param histogram         latency in ns (round trips, or from the intended send time); empty for throughput.
 * @param naive             open loop only: latency from the actual send time; else null.
 * @param messagesPerSecond throughput only: measured one-way messages per second; else NaN.
 * @param processes         page faults and context switches of the run's processes over the measured window, by
 *                          role; empty if not read.
 */
public record Measurement(
    Histogram histogram, Histogram naive, double messagesPerSecond, Map<String, ProcessStats> processes)
{
    public Measurement
    {
        processes = processes == null ? Map.of() : java.util.Collections.unmodifiableMap(
            new java.util.LinkedHashMap<>(processes));
    }

    /**
     * Without process counts.
     */
    public Measurement(final Histogram histogram, final Histogram naive, final double messagesPerSecond)
    {
        this(histogram, naive, messagesPerSecond, Map.of());
    }

    static final long HIGHEST_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(10);
    static final int SIGNIFICANT_DIGITS = 3;

    /**
     * Run {@code mode}'s sending loop over the context's endpoint.
     */
    public static Measurement run(
        final LoopContext context,
        final Mode mode,
        final long warmupMessages,
        final long measuredMessages,
        final long ratePerSecond)
    {
        return run(context, mode, warmupMessages, measuredMessages, ratePerSecond, new MeasuredWindow(Map.of()));
    }

    /**
     * As above, reading the processes of {@code window} at the start and the end of the measured messages (open
     * loop: of all messages, since its schedule leaves no untimed gap at the end of the warm-up).
     */
    public static Measurement run(
        final LoopContext context,
        final Mode mode,
        final long warmupMessages,
        final long measuredMessages,
        final long ratePerSecond,
        final MeasuredWindow window)
    {
        final Histogram histogram = new Histogram(HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
        switch (mode)
        {
            case PINGPONG ->
            {
                new PingLoop(context).run(warmupMessages, measuredMessages, histogram, window::start);
                return new Measurement(histogram, null, Double.NaN, window.end());
            }
            case OPEN_LOOP ->
            {
                final Histogram naive = new Histogram(HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
                window.start();
                new OpenLoopPing(context, ratePerSecond).run(warmupMessages, measuredMessages, histogram, naive);
                return new Measurement(histogram, naive, Double.NaN, window.end());
            }
            case THROUGHPUT ->
            {
                final double rate = new ThroughputPing(context).run(warmupMessages, measuredMessages, window::start);
                return new Measurement(histogram, null, rate, window.end());
            }
            default -> throw new IllegalArgumentException(mode.label() + " is not a run over a transport");
        }
    }

    /**
     * @return this measurement as one line: {@code <msg/s> <histogram> <naive histogram or ->}, histograms as
     * base64 of HdrHistogram's compressed encoding.
     */
    public String encode()
    {
        return String.format(Locale.ROOT, "%s %s %s %s", Double.toString(messagesPerSecond),
            HistogramText.encode(histogram), HistogramText.encode(naive), MeasuredWindow.encodeCounts(processes));
    }

    /**
     * The inverse of {@link #encode()}.
     *
     * @throws IllegalArgumentException if {@code line} is not one.
     */
    public static Measurement decode(final String line)
    {
        final String[] parts = line.trim().split(" ");
        if ((parts.length != 3 && parts.length != 4) || parts[1].equals(HistogramText.NONE))
        {
            throw new IllegalArgumentException("not a measurement: '" + line + "'");
        }
        return new Measurement(HistogramText.decode(parts[1]), HistogramText.decode(parts[2]),
            Double.parseDouble(parts[0]), parts.length == 4 ? MeasuredWindow.decodeCounts(parts[3]) : Map.of());
    }
}
