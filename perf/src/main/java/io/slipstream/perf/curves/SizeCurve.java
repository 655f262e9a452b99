package io.slipstream.perf.curves;

import io.slipstream.perf.core.HarnessException;
import io.slipstream.perf.core.Mode;
import io.slipstream.perf.core.Transport;
import io.slipstream.perf.loop.Measurement;
import io.slipstream.perf.transport.Transports;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The size curve: at each message length, one-way MB/s (with its interval rates and refused offers) and ping-pong
 * p50/p99 per transport, beside one thread copying the same bytes in memory (the ceiling). Writes
 * {@code size-curve.csv}, {@code size-curve-intervals.csv}, {@code size-curve-throughput.png} and
 * {@code size-curve-latency.png}.
 */
final class SizeCurve
{
    static final String CSV = "size-curve.csv";
    static final String INTERVALS_CSV = "size-curve-intervals.csv";
    static final String THROUGHPUT_PNG = "size-curve-throughput.png";
    static final String LATENCY_PNG = "size-curve-latency.png";
    static final String MEMCPY = "memcpy";
    private static final double BYTES_PER_MB = 1e6;
    /** Ping-pong runs at no rate; the sender's arguments carry one all the same. */
    private static final long NO_RATE = 1;

    private SizeCurve()
    {
    }

    static String run(final CurveSettings settings, final Path reportDir, final PrintStream progress)
    {
        final CurveTable table = new CurveTable("transport", "size_bytes", "oneway_messages", "oneway_msg_per_s",
            "oneway_mb_per_s", "interval_min_msg_per_s", "interval_max_msg_per_s", "failed_offers",
            "pingpong_messages", "pingpong_p50_ns", "pingpong_p99_ns", "error");
        final CurveTable intervals = new CurveTable("transport", "size_bytes", "interval", "messages", "msg_per_s");
        final CurveTable.Lines mbPerSecond = new CurveTable.Lines();
        final CurveTable.Lines latency = new CurveTable.Lines();
        final StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "## Size curve: one-way MB/s and ping-pong round trip by message " +
            "length%n%n![one-way MB/s by message length](%s) ![ping-pong p50 and p99 by message length](%s)%n%n" +
            "| transport | size B | one-way MB/s | M msg/s | interval min-max M msg/s | refused offers | " +
            "ping-pong p50 ns | p99 ns |%n|---|---|---|---|---|---|---|---|%n", THROUGHPUT_PNG, LATENCY_PNG));
        progress.printf(Locale.ROOT, "Size curve: %s B over %s and the memcpy ceiling, one run per point, " +
            "sequential.%n", settings.sizesBytes(), String.join(", ", settings.transports()));
        for (final int size : settings.sizesBytes())
        {
            final long oneWay = CurvePoints.oneWayMessages(
                settings.measuredMessages() * Mode.THROUGHPUT_MESSAGE_FACTOR, size);
            final long oneWayWarmup = CurvePoints.warmupFor(
                settings.warmupMessages() * Mode.THROUGHPUT_MESSAGE_FACTOR, oneWay);
            final double memcpyRate = Double.parseDouble(CurvePointMain.inChild("memcpy", List.of("memcpy",
                Integer.toString(size), Long.toString(oneWayWarmup), Long.toString(oneWay)), false)[0]);
            table.add(MEMCPY, size, oneWay, memcpyRate, memcpyRate * size / BYTES_PER_MB, null, null, null, null,
                null, null, null);
            mbPerSecond.add(MEMCPY + " (ceiling)", size, memcpyRate * size / BYTES_PER_MB);
            final String memcpyLine = String.format(Locale.ROOT, "| %s (ceiling) | %d | %,.0f | %.2f | - | - | - " +
                "| - |%n", MEMCPY, size, memcpyRate * size / BYTES_PER_MB, memcpyRate / 1e6);
            md.append(memcpyLine);
            progress.print("[size-curve] " + memcpyLine);
            for (final String name : settings.transports())
            {
                final Transport transport = Transports.byName(name);
                md.append(point(settings, transport, size, oneWay, oneWayWarmup, table, intervals, mbPerSecond,
                    latency, progress));
            }
        }
        table.writeCsv(reportDir.resolve(CSV));
        intervals.writeCsv(reportDir.resolve(INTERVALS_CSV));
        CurveTable.plot(reportDir.resolve(THROUGHPUT_PNG), "One-way throughput by message length (memcpy: one " +
            "thread copying the same bytes)", "message length (bytes)", "MB/s", true, true, mbPerSecond);
        CurveTable.plot(reportDir.resolve(LATENCY_PNG), "Ping-pong round trip by message length",
            "message length (bytes)", "round trip (ns)", true, true, latency);
        md.append(String.format(Locale.ROOT, "%nOne run per point. Per-message check at both ends: %s. One-way: " +
            "M msg/s from the first measured send to the last message's acknowledgement; interval rates " +
            "over %d equal slices of the run (`%s`); refused offers are the offers the transport turned away " +
            "(back-pressure). memcpy: one thread copying the same bytes into a 1 MiB region, no second thread, no " +
            "check; no transport moves bytes between processes faster. Points: `%s`.%n",
            settings.verification().describe(), IntervalThroughput.INTERVALS, INTERVALS_CSV, CSV));
        return md.toString();
    }

    private static String point(
        final CurveSettings settings,
        final Transport transport,
        final int size,
        final long oneWay,
        final long oneWayWarmup,
        final CurveTable table,
        final CurveTable intervals,
        final CurveTable.Lines mbPerSecond,
        final CurveTable.Lines latency,
        final PrintStream progress)
    {
        final String name = transport.name();
        final long pingPong = CurvePoints.pingPongMessages(settings.measuredMessages(), size);
        final long pingPongWarmup = CurvePoints.warmupFor(settings.warmupMessages(), pingPong);
        OneWayResult oneWayResult = null;
        Histogram roundTrips = null;
        String error = null;
        if (transport.supportsStreaming())
        {
            try
            {
                oneWayResult =
                    CrossProcessRun.oneWay(transport, size, oneWayWarmup, oneWay, settings.verification());
            }
            catch (final HarnessException ex)
            {
                error = "one-way: " + firstLine(ex.getMessage());
                progress.println("[size-curve] " + name + " at " + size + " B, " + error);
            }
        }
        try
        {
            final Measurement measurement = CrossProcessRun.latency(transport, Mode.PINGPONG, size, pingPongWarmup,
                pingPong, NO_RATE, settings.verification());
            roundTrips = measurement.histogram();
        }
        catch (final HarnessException ex)
        {
            final String pingPongError = "ping-pong: " + firstLine(ex.getMessage());
            error = error == null ? pingPongError : error + "; " + pingPongError;
            progress.println("[size-curve] " + name + " at " + size + " B, " + pingPongError);
        }
        final double rate = oneWayResult == null ? Double.NaN : oneWayResult.messagesPerSecond();
        final Long p50 = roundTrips == null ? null : roundTrips.getValueAtPercentile(50);
        final Long p99 = roundTrips == null ? null : roundTrips.getValueAtPercentile(99);
        table.add(name, size, oneWayResult == null ? null : oneWay, rate, rate * size / BYTES_PER_MB,
            oneWayResult == null ? Double.NaN : oneWayResult.minIntervalRate(),
            oneWayResult == null ? Double.NaN : oneWayResult.maxIntervalRate(),
            oneWayResult == null ? null : oneWayResult.failedOffers(), roundTrips == null ? null : pingPong, p50, p99,
            error);
        if (oneWayResult != null)
        {
            for (int i = 0; i < oneWayResult.intervalRates().length; i++)
            {
                intervals.add(name, size, i + 1, oneWayResult.intervalMessages(), oneWayResult.intervalRates()[i]);
            }
        }
        mbPerSecond.add(name, size, rate * size / BYTES_PER_MB);
        if (p50 != null)
        {
            latency.add(name + " p50", size, p50);
            latency.add(name + " p99", size, p99);
        }
        final String line = String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s | %s |%n", name, size,
            oneWayResult == null ? (error == null ? "-" : "failed") :
                String.format(Locale.ROOT, "%,.0f", rate * size / BYTES_PER_MB),
            oneWayResult == null ? "-" : String.format(Locale.ROOT, "%.2f", rate / 1e6),
            oneWayResult == null ? "-" : String.format(Locale.ROOT, "%.2f-%.2f",
                oneWayResult.minIntervalRate() / 1e6, oneWayResult.maxIntervalRate() / 1e6),
            oneWayResult == null ? "-" : String.format(Locale.ROOT, "%,d", oneWayResult.failedOffers()),
            p50 == null ? (error == null ? "-" : "failed") : String.format(Locale.ROOT, "%,d", p50),
            p99 == null ? "-" : String.format(Locale.ROOT, "%,d", p99));
        progress.print("[size-curve] " + line);
        return line;
    }

    static String firstLine(final String message)
    {
        if (message == null)
        {
            return "unknown failure";
        }
        final int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).replace('|', '/');
    }
}
