package io.slipstream.perf;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes a run's report directory: a {@code .hgrm} percentile file per transport and mode (all rounds merged,
 * values in microseconds), {@code summary.md} with the side-by-side table and every round, and a percentile plot.
 */
public final class ReportWriter
{
    /** HdrHistogram output scaling: recorded ns divided by this gives the µs written to .hgrm files. */
    public static final double HGRM_SCALING_NS_PER_US = 1000.0;
    static final String MODE = "pingpong";
    private static final int HGRM_TICKS_PER_HALF_DISTANCE = 5;
    private static final int PLOT_WIDTH = 1100;
    private static final int PLOT_HEIGHT = 650;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss'Z'");

    private ReportWriter()
    {
    }

    /**
     * @return a new, timestamped report directory under {@code outRoot}.
     */
    public static Path createReportDir(final Path outRoot)
    {
        try
        {
            final String stamp = STAMP.format(ZonedDateTime.now(ZoneOffset.UTC));
            Path dir = outRoot.resolve(stamp);
            for (int i = 2; Files.exists(dir); i++)
            {
                dir = outRoot.resolve(stamp + "-" + i);
            }
            return Files.createDirectories(dir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Write the whole report into {@code dir}.
     */
    public static void write(
        final Path dir, final HarnessConfig config, final List<RunResult> results, final Summary summary)
    {
        try
        {
            for (final Summary.Row row : summary.rows())
            {
                writeHgrm(dir.resolve(row.transport() + "-" + MODE + ".hgrm"), row.merged());
            }
            Files.writeString(dir.resolve("summary.md"), markdown(config, results, summary), StandardCharsets.UTF_8);
            writePlot(dir.resolve("percentiles.png"), summary);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static void writeHgrm(final Path file, final Histogram histogram) throws IOException
    {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8))
        {
            histogram.outputPercentileDistribution(out, HGRM_TICKS_PER_HALF_DISTANCE, HGRM_SCALING_NS_PER_US);
        }
    }

    static String markdown(final HarnessConfig config, final List<RunResult> results, final Summary summary)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("# Cross-process ping-pong round trip\n\n");
        sb.append(String.format(Locale.ROOT,
            "%d B messages (sequence number + checksum, verified at both ends), %,d warm-up + %,d measured round " +
            "trips per run, %d round(s). Ping in the harness JVM, pong in a child JVM (%s). Runs are sequential: " +
            "one transport at a time, rounds interleaved (%s, %s, ...).%n%n",
            config.messageLengthBytes(), config.warmupMessages(), config.measuredMessages(), config.rounds(),
            String.join(" ", ChildProcess.JVM_FLAGS), String.join(" ", config.transports()),
            String.join(" ", config.transports())));
        sb.append("Round trip in ns, median over rounds with (min-max). Ratios compare median p50s.\n\n");
        sb.append(summary.markdownTable()).append('\n');
        sb.append("""
            Notes:
            - On a 2-vCPU host, p99.99 and max measure the machine more than the transport: any third runnable \
            thread (JIT, GC, a driver conductor, a neighbour) pre-empts a spinner for a scheduler tick (4 or 8 ms).
            - `probe` is an in-process two-thread cache-line ping-pong median taken just before and after each run: \
            the host flips between a fast and a slow cross-core state on a scale of seconds.
            - A run is *contended* when other processes used more than %.0f%% of a core while it ran.
            - `<transport>-%s.hgrm`: all rounds merged, HdrHistogram percentile distribution with values in \
            microseconds (recorded in ns, output scaled by %.0f). `percentiles.png`: the same, per transport.

            ## Rounds

            | round | transport | p50 ns | p99 ns | p99.9 ns | max ns | probe before / after ns | host | \
            other CPU %% of a core | contended |
            |---|---|---|---|---|---|---|---|---|---|
            """.formatted(CpuAccounting.CONTENDED_PERCENT_OF_CORE, MODE, HGRM_SCALING_NS_PER_US));
        for (final RunResult r : results)
        {
            final Histogram h = r.histogram();
            sb.append(String.format(Locale.ROOT, "| %d | %s | %,d | %,d | %,d | %,d | %d / %d | %s | %.1f | %s |%n",
                r.round(), r.transport(), h.getValueAtPercentile(50), h.getValueAtPercentile(99),
                h.getValueAtPercentile(99.9), h.getMaxValue(), r.probeBeforeNs(), r.probeAfterNs(), r.hostState(),
                r.otherCpuPercent(), r.contended() ? "yes" : "no"));
        }
        return sb.toString();
    }

    static void writePlot(final Path file, final Summary summary) throws IOException
    {
        final XYChart chart = new XYChartBuilder()
            .width(PLOT_WIDTH).height(PLOT_HEIGHT)
            .title("Cross-process ping-pong round trip (all rounds merged)")
            .xAxisTitle("percentile as 1 in N (2 = p50, 100 = p99, 10000 = p99.99)")
            .yAxisTitle("round trip (µs)")
            .build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(0);
        for (final Summary.Row row : summary.rows())
        {
            final List<Double> oneInN = new ArrayList<>();
            final List<Double> latencyUs = new ArrayList<>();
            for (final HistogramIterationValue v : row.merged().percentiles(HGRM_TICKS_PER_HALF_DISTANCE))
            {
                final double percentile = v.getPercentileLevelIteratedTo();
                if (percentile >= 100.0)
                {
                    break;
                }
                oneInN.add(100.0 / (100.0 - percentile));
                latencyUs.add(Math.max(1, v.getValueIteratedTo()) / HGRM_SCALING_NS_PER_US);
            }
            if (!oneInN.isEmpty())
            {
                final XYSeries series = chart.addSeries(row.transport(), oneInN, latencyUs);
                series.setMarker(SeriesMarkers.NONE);
            }
        }
        try (OutputStream out = Files.newOutputStream(file))
        {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
