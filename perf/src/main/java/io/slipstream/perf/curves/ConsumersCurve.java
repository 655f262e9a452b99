package io.slipstream.perf.curves;

import io.slipstream.perf.core.HarnessException;
import io.slipstream.perf.core.HistogramText;
import io.slipstream.perf.core.Mode;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The consumers curve: 1 to 4 consumers of one ring (Slipstream subscriptions, Aeron IPC subscriptions on one
 * stream, Agrona broadcast receivers): the producer's one-way rate with its interval rates and refused offers, and
 * the wake latency at a low rate. Each point runs in a fresh JVM ({@link ConsumersPoint}). Writes
 * {@code consumers-curve.csv}, {@code consumers-curve-intervals.csv}, {@code consumers-curve-throughput.png} and
 * {@code consumers-curve-wake.png}.
 */
final class ConsumersCurve
{
    static final String CSV = "consumers-curve.csv";
    static final String INTERVALS_CSV = "consumers-curve-intervals.csv";
    static final String THROUGHPUT_PNG = "consumers-curve-throughput.png";
    static final String WAKE_PNG = "consumers-curve-wake.png";
    static final int SIZE_BYTES = 32;

    private ConsumersCurve()
    {
    }

    static String run(final CurveSettings settings, final Path reportDir, final PrintStream progress)
    {
        final CurveTable table = new CurveTable("transport", "consumers", "size_bytes", "messages",
            "producer_msg_per_s", "interval_min_msg_per_s", "interval_max_msg_per_s", "failed_offers", "lost",
            "wake_events", "wake_p50_ns", "wake_p99_ns", "wake_max_ns", "error");
        final CurveTable intervals = new CurveTable("transport", "consumers", "interval", "messages", "msg_per_s");
        final CurveTable.Lines throughput = new CurveTable.Lines();
        final CurveTable.Lines wake = new CurveTable.Lines();
        final long measured = settings.measuredMessages() * Mode.THROUGHPUT_MESSAGE_FACTOR;
        final long warmup = CurvePoints.warmupFor(
            settings.warmupMessages() * Mode.THROUGHPUT_MESSAGE_FACTOR, measured);
        final StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "## Consumers curve: one ring, 1 to " +
            "%d consumers, %d B%n%n![producer throughput by consumers](%s) ![wake latency by consumers](%s)%n%n" +
            "| transport | consumers | producer M msg/s | interval min-max M msg/s | refused offers | lost | " +
            "wake p50 µs | wake p99 µs |%n|---|---|---|---|---|---|---|---|%n",
            settings.consumerCounts().stream().mapToInt(Integer::intValue).max().orElse(1), SIZE_BYTES,
            THROUGHPUT_PNG, WAKE_PNG));
        progress.printf(Locale.ROOT, "Consumers curve: %s consumers of %s, %,d messages then %,d wake events per " +
            "point, each point in a fresh JVM, sequential.%n", settings.consumerCounts(), ConsumerRig.NAMES, measured,
            settings.wakeEvents());
        for (final String rig : ConsumerRig.NAMES)
        {
            for (final int consumers : settings.consumerCounts())
            {
                final String[] fields;
                try
                {
                    fields = CurvePointMain.inChild("consumers-" + rig, List.of("consumers", rig,
                        Integer.toString(consumers), Integer.toString(SIZE_BYTES), Long.toString(warmup),
                        Long.toString(measured), Long.toString(settings.wakeEvents())), true);
                }
                catch (final HarnessException ex)
                {
                    final String error = SizeCurve.firstLine(ex.getMessage());
                    table.add(rig, consumers, SIZE_BYTES, measured, null, null, null, null, null, null, null, null,
                        null, error);
                    final String line = String.format(Locale.ROOT, "| %s | %d | failed: %s | - | - | - | - | - |%n",
                        rig, consumers, error);
                    md.append(line);
                    progress.print("[consumers-curve] " + line);
                    continue;
                }
                final OneWayResult producer = OneWayResult.decode(fields[0]);
                final long lost = Long.parseLong(fields[1]);
                final Histogram latency = HistogramText.decode(fields[2]);
                table.add(rig, consumers, SIZE_BYTES, measured, producer.messagesPerSecond(),
                    producer.minIntervalRate(), producer.maxIntervalRate(), producer.failedOffers(), lost,
                    latency.getTotalCount(), latency.getValueAtPercentile(50), latency.getValueAtPercentile(99),
                    latency.getMaxValue(), null);
                for (int i = 0; i < producer.intervalRates().length; i++)
                {
                    intervals.add(rig, consumers, i + 1, producer.intervalMessages(), producer.intervalRates()[i]);
                }
                throughput.add(rig, consumers, producer.messagesPerSecond() / 1e6);
                wake.add(rig + " p50", consumers, latency.getValueAtPercentile(50) / 1e3);
                wake.add(rig + " p99", consumers, latency.getValueAtPercentile(99) / 1e3);
                final String line = String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f-%.2f | %,d | %,d | %.1f | " +
                    "%.1f |%n", rig, consumers, producer.messagesPerSecond() / 1e6, producer.minIntervalRate() / 1e6,
                    producer.maxIntervalRate() / 1e6, producer.failedOffers(), lost,
                    latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(99) / 1e3);
                md.append(line);
                progress.print("[consumers-curve] " + line);
            }
        }
        table.writeCsv(reportDir.resolve(CSV));
        intervals.writeCsv(reportDir.resolve(INTERVALS_CSV));
        CurveTable.plot(reportDir.resolve(THROUGHPUT_PNG), "Producer throughput by consumers of one ring, " +
            SIZE_BYTES + " B", "consumers", "M msg/s", false, false, throughput);
        CurveTable.plot(reportDir.resolve(WAKE_PNG), "Wake latency by consumers of one ring (one event every " +
            ConsumersPoint.WAKE_INTERVAL_NS / 1000 + " µs)", "consumers", "publish to consumer (µs)", false, true,
            wake);
        md.append(String.format(Locale.ROOT, "%nIn one process: a producer thread and one thread per consumer, " +
            "consumers waiting with a yielding idle strategy (up to five threads share the host's cores), " +
            "`slipstream-futex` with Slipstream's futex wait strategy (spin, yield, then sleep until a commit wakes " +
            "it). Producer " +
            "M msg/s from the first measured offer until every consumer has the last message; interval rates over " +
            "%d slices (`%s`). Slipstream and Aeron IPC wait for the slowest consumer (lost must be 0, checked); " +
            "Agrona's broadcast never waits, so a consumer that falls a buffer behind is lapped and its lost " +
            "messages are counted. Aeron IPC: embedded driver, SHARED threading, `aeron:ipc?term-length=1m|" +
            "sparse=false`, pre-touched. Wake latency: one event every %d µs, publish to each consumer having it, " +
            "all consumers merged. Points: `%s`.%n", IntervalThroughput.INTERVALS, INTERVALS_CSV,
            ConsumersPoint.WAKE_INTERVAL_NS / 1000, CSV));
        return md.toString();
    }
}
