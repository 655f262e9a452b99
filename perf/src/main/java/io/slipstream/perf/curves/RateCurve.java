package io.slipstream.perf.curves;

import io.slipstream.perf.core.HarnessException;
import io.slipstream.perf.core.Mode;
import io.slipstream.perf.core.Transport;
import io.slipstream.perf.loop.Measurement;
import io.slipstream.perf.transport.Transports;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The rate curve: open-loop latency (from each message's intended send time) per transport at rising offered rates
 * until the transport saturates. A point is saturated when its p50 exceeds {@link #SATURATED_P50_NS} (by default;
 * {@link CurveSettings#saturatedP50Ns()}) (messages queue
 * behind each other, so latency grows with the run, not the transport) or when the run could not keep up at all
 * (more messages in flight than the sender tracks); the first saturated point is kept and no higher rate is run for
 * that transport. Writes {@code rate-curve.csv} and {@code rate-curve.png}.
 */
final class RateCurve
{
    static final String CSV = "rate-curve.csv";
    static final String PNG = "rate-curve.png";
    /** A p50 above this from the intended send time means a queue is building: the offered rate is too high. */
    static final long SATURATED_P50_NS = TimeUnit.MICROSECONDS.toNanos(100);
    private static final int SIZE_BYTES = 32;

    private RateCurve()
    {
    }

    static String run(final CurveSettings settings, final Path reportDir, final PrintStream progress)
    {
        final CurveTable table = new CurveTable("transport", "offered_msg_per_s", "size_bytes", "messages", "p50_ns",
            "p99_ns", "p999_ns", "max_ns", "naive_p50_ns", "naive_p99_ns", "saturated", "error");
        final CurveTable.Lines lines = new CurveTable.Lines();
        final StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "## Rate curve: open-loop latency " +
            "by offered rate, %d B%n%n![open-loop p50, p99 and p99.9 by offered rate](%s)%n%n" +
            "| transport | offered msg/s | p50 ns | p99 ns | p99.9 ns | naive p99 ns | saturated |%n" +
            "|---|---|---|---|---|---|---|%n", SIZE_BYTES, PNG));
        progress.printf(Locale.ROOT, "Rate curve: %s msg/s over %s until each saturates, one run per point, " +
            "sequential.%n", settings.ratesPerSecond(), String.join(", ", settings.transports()));
        for (final String name : settings.transports())
        {
            final Transport transport = Transports.byName(name);
            if (!transport.supportsStreaming())
            {
                progress.println("(" + name + " has no back-pressure: not in the rate curve)");
                continue;
            }
            for (final long rate : settings.ratesPerSecond())
            {
                final long messages = CurvePoints.rateMessages(settings.measuredMessages(), rate);
                final long warmup = settings.warmupMessages(); // closed loop, before the schedule starts
                Histogram corrected = null;
                Histogram naive = null;
                String error = null;
                try
                {
                    final Measurement m = CrossProcessRun.latency(transport, Mode.OPEN_LOOP, SIZE_BYTES, warmup,
                        messages, rate, settings.verification());
                    corrected = m.histogram();
                    naive = m.naive();
                }
                catch (final HarnessException ex)
                {
                    error = SizeCurve.firstLine(ex.getMessage());
                }
                final boolean saturated =
                    corrected == null || corrected.getValueAtPercentile(50) > settings.saturatedP50Ns();
                table.add(name, rate, SIZE_BYTES, corrected == null ? null : messages,
                    corrected == null ? null : corrected.getValueAtPercentile(50),
                    corrected == null ? null : corrected.getValueAtPercentile(99),
                    corrected == null ? null : corrected.getValueAtPercentile(99.9),
                    corrected == null ? null : corrected.getMaxValue(),
                    naive == null ? null : naive.getValueAtPercentile(50),
                    naive == null ? null : naive.getValueAtPercentile(99), saturated, error);
                if (corrected != null)
                {
                    lines.add(name + " p50", rate, corrected.getValueAtPercentile(50));
                    lines.add(name + " p99", rate, corrected.getValueAtPercentile(99));
                    lines.add(name + " p99.9", rate, corrected.getValueAtPercentile(99.9));
                }
                final String line = String.format(Locale.ROOT, "| %s | %,d | %s | %s | %s | %s | %s |%n", name, rate,
                    corrected == null ? "-" : String.format(Locale.ROOT, "%,d", corrected.getValueAtPercentile(50)),
                    corrected == null ? "-" : String.format(Locale.ROOT, "%,d", corrected.getValueAtPercentile(99)),
                    corrected == null ? "-" : String.format(Locale.ROOT, "%,d", corrected.getValueAtPercentile(99.9)),
                    naive == null ? "-" : String.format(Locale.ROOT, "%,d", naive.getValueAtPercentile(99)),
                    saturated ? (error == null ? "yes" : "yes (" + error + ")") : "no");
                md.append(line);
                progress.print("[rate-curve] " + line);
                if (saturated)
                {
                    break;
                }
            }
        }
        table.writeCsv(reportDir.resolve(CSV));
        CurveTable.plot(reportDir.resolve(PNG), "Open loop, " + SIZE_BYTES + " B: latency from the intended send " +
            "time by offered rate", "offered rate (messages/s)", "latency (ns)", true, true, lines);
        md.append(String.format(Locale.ROOT, "%nOne run per point of about %d s of sending (at most the run's " +
            "message count), after a warm-up of %,d round trips one at a time (so the hot path is compiled before " +
            "the schedule starts, whatever the rate). Latency from each message's intended send time, so queueing " +
            "behind a stall counts; the naive figure from the actual send time beside it. A point is saturated " +
            "when its p50 exceeds %d µs or the sender could not keep up at all; no higher rate is run for that " +
            "transport. Per-message check at both ends: %s. Points: `%s`.%n", CurvePoints.RATE_POINT_SECONDS,
            settings.warmupMessages(), TimeUnit.NANOSECONDS.toMicros(settings.saturatedP50Ns()),
            settings.verification().describe(), CSV));
        return md.toString();
    }
}
