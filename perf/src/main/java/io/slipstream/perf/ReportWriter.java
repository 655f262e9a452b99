package io.slipstream.perf;

import io.slipstream.perf.core.ChildProcess;
import io.slipstream.perf.core.Mode;
import io.slipstream.perf.core.RunSpec;
import io.slipstream.perf.core.Transport;
import io.slipstream.perf.loop.ProcessStats;
import io.slipstream.perf.transport.Transports;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.HistogramLogWriter;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

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

/**
 * Writes a run's report directory: a {@code .hgrm} percentile file per transport and latency mode (all rounds
 * merged, values in microseconds), {@code summary.md} with the side-by-side tables and every round, and a
 * percentile plot per latency mode.
 */
public final class ReportWriter
{
    /** HdrHistogram output scaling: recorded ns divided by this gives the µs written to .hgrm files. */
    public static final double HGRM_SCALING_NS_PER_US = 1000.0;
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
     * Write the whole report into {@code dir}: per latency mode and message length a .hgrm file and an interval
     * log per transport and a plot, and {@code summary.md}.
     */
    public static void write(final Path dir, final HarnessConfig config, final List<RunResult> results)
    {
        write(dir, config, results, null);
    }

    /**
     * As {@link #write(Path, HarnessConfig, List)}, with the wake-up section (Markdown, or null if {@code wake} did
     * not run) added to {@code summary.md}.
     */
    public static void write(
        final Path dir, final HarnessConfig config, final List<RunResult> results, final String wakeMarkdown)
    {
        try
        {
            for (final Mode mode : List.of(Mode.PINGPONG, Mode.OPEN_LOOP))
            {
                final List<RunResult> ofMode = ofMode(results, mode);
                final List<Integer> sizes = sizes(ofMode);
                for (final int size : sizes)
                {
                    final List<RunResult> runs = ofSize(ofMode, size);
                    final String suffix = sizes.size() > 1 ? "-" + size + "B" : "";
                    final Summary summary = new Summary(runs);
                    for (final Summary.Row row : summary.rows())
                    {
                        final String stem = row.transport() + "-" + mode.label() + suffix;
                        writeHgrm(dir.resolve(stem + ".hgrm"), row.merged());
                        writeIntervalLog(dir.resolve(stem + ".hlog"),
                            runs.stream().filter(r -> r.transport().equals(row.transport())).toList());
                    }
                    if (mode == Mode.OPEN_LOOP)
                    {
                        for (final Summary.Row row : new Summary(naiveViews(runs)).rows())
                        {
                            writeHgrm(dir.resolve(row.transport() + "-" + mode.label() + suffix + "-naive.hgrm"),
                                row.merged());
                        }
                    }
                    writePlot(dir.resolve(plotName(mode, suffix)), summary, title(mode, size, config));
                }
            }
            Files.writeString(dir.resolve("summary.md"), markdown(config, results, wakeMarkdown),
                StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static String plotName(final Mode mode, final String suffix)
    {
        return (mode == Mode.PINGPONG ? "percentiles" : "percentiles-" + mode.label()) + suffix + ".png";
    }

    private static String title(final Mode mode, final int sizeBytes, final HarnessConfig config)
    {
        return mode == Mode.PINGPONG ?
            String.format(Locale.ROOT, "Cross-process ping-pong round trip, %d B (all rounds merged)", sizeBytes) :
            String.format(Locale.ROOT, "Open loop at %,d msg/s, %d B, latency from intended send time " +
            "(all rounds merged)", config.ratePerSecond(), sizeBytes);
    }

    /**
     * @return the message lengths of {@code runs}, in run order.
     */
    static List<Integer> sizes(final List<RunResult> runs)
    {
        return runs.stream().map(RunResult::messageLengthBytes).distinct().toList();
    }

    static List<RunResult> ofSize(final List<RunResult> runs, final int sizeBytes)
    {
        return runs.stream().filter(r -> r.messageLengthBytes() == sizeBytes).toList();
    }

    static List<RunResult> ofMode(final List<RunResult> results, final Mode mode)
    {
        return results.stream().filter(r -> r.mode() == mode).toList();
    }

    private static List<RunResult> naiveViews(final List<RunResult> runs)
    {
        return runs.stream().map(RunResult::naiveView).toList();
    }

    /**
     * One interval per round (HdrHistogram log format, readable by HistogramLogReader and the usual plotters).
     */
    static void writeIntervalLog(final Path file, final List<RunResult> runs) throws IOException
    {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8))
        {
            final HistogramLogWriter writer = new HistogramLogWriter(out);
            final long baseTimeMs = runs.getFirst().histogram().getStartTimeStamp();
            writer.outputComment("one interval per round; values recorded in ns, max column in us");
            writer.outputLogFormatVersion();
            writer.outputStartTime(baseTimeMs);
            writer.outputLegend();
            for (final RunResult run : runs)
            {
                final Histogram h = run.histogram();
                writer.outputIntervalHistogram((h.getStartTimeStamp() - baseTimeMs) / 1000.0,
                    (h.getEndTimeStamp() - baseTimeMs) / 1000.0, h, HGRM_SCALING_NS_PER_US);
            }
        }
    }

    static void writeHgrm(final Path file, final Histogram histogram) throws IOException
    {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8))
        {
            histogram.outputPercentileDistribution(out, HGRM_TICKS_PER_HALF_DISTANCE, HGRM_SCALING_NS_PER_US);
        }
    }

    /**
     * The targets and the tables of every mode that ran, as printed at the end and written at the top of
     * summary.md.
     */
    public static String tables(final HarnessConfig config, final List<RunResult> results)
    {
        final StringBuilder sb = new StringBuilder();
        if (results.isEmpty())
        {
            return ""; // only a wake or codecs measurement ran: no transport figures to judge
        }
        sb.append("## Targets, judged from this run only\n\n");
        sb.append(Targets.markdownTable(results)).append('\n');
        final List<RunResult> pingPong = ofMode(results, Mode.PINGPONG);
        for (final int size : sizes(pingPong))
        {
            sb.append(String.format(Locale.ROOT,
                "## Ping-pong round trip, %d B, ns, median over rounds (min-max)%n%n", size));
            sb.append(new Summary(ofSize(pingPong, size)).markdownTable()).append('\n');
        }
        final List<RunResult> openLoop = ofMode(results, Mode.OPEN_LOOP);
        for (final int size : sizes(openLoop))
        {
            final List<RunResult> runs = ofSize(openLoop, size);
            sb.append(String.format(Locale.ROOT, "## Open loop at %,d msg/s, %d B, latency from the intended send " +
                "time, ns, median over rounds (min-max)%n%n", config.ratePerSecond(), size));
            sb.append(new Summary(runs).markdownTable()).append('\n');
            sb.append("Naive figure beside it, from the actual send time (hides queueing behind a stall):\n\n");
            sb.append(new Summary(naiveViews(runs)).markdownTable()).append('\n');
        }
        final List<RunResult> throughput = ofMode(results, Mode.THROUGHPUT);
        for (final int size : sizes(throughput))
        {
            sb.append(String.format(Locale.ROOT,
                "## One-way throughput, %d B, median over rounds (min-max)%n%n", size));
            sb.append(Summary.throughputTable(ofSize(throughput, size))).append('\n');
        }
        return sb.toString();
    }

    static String markdown(final HarnessConfig config, final List<RunResult> results, final String wakeMarkdown)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("# Slipstream perf: cross-process latency and throughput, side by side\n\n");
        sb.append(String.format(Locale.ROOT,
            "Messages of %s B (sequence number + checksum; see the per-message check below), %,d warm-up + " +
            "%,d measured messages per run (in one-way throughput %d x the warm-up, so that the JIT has compiled " +
            "both loops before the measured window, and %d x the measured), %d round(s), modes: %s. The sender " +
            "and the pong/receiver run in two child JVMs started fresh for every run, with %s (plus a transport's " +
            "own flags, if any). Runs are sequential: one transport at a time, rounds interleaved, the order " +
            "rotating by one each round (%s, %s, ...).%n%n",
            String.join(", ", config.allSizes().stream().map(String::valueOf).toList()),
            config.warmupMessages(), config.measuredMessages(), HarnessConfig.THROUGHPUT_WARMUP_FACTOR,
            HarnessConfig.THROUGHPUT_MESSAGE_FACTOR, config.rounds(),
            String.join(", ", config.modes().stream().map(Mode::label).toList()),
            String.join(" ", ChildProcess.JVM_FLAGS), String.join(" ", config.transports()),
            String.join(" ", config.transportsInRound(2))));
        sb.append(tables(config, results));
        if (!results.isEmpty())
        {
            sb.append(setup(config));
        }
        sb.append(MachineDescription.markdown(MachineDescription.collect(PerfCommand.repositoryRoot())));
        if (wakeMarkdown != null)
        {
            sb.append(wakeMarkdown.strip()).append("\n\n");
        }
        if (results.isEmpty())
        {
            return sb.toString();
        }
        sb.append("""
            Notes:
            - Targets: each is judged only from this run's figures, as median over rounds, and reads *met*, \
            *missed*, or *not measured in this run* when the run lacks the mode, message length or transport it \
            needs (ping-pong at 32 B judges the two latency targets, throughput at 32 and 256 B the other two; \
            the default run has both).
            - Ratios compare medians over rounds (latency: p50; throughput: M msg/s). The floor is the best raw \
            variant that ran (lowest median p50, highest median throughput), named in each table's heading; every \
            variant's own figures are in the tables. Each target's ratio carries a 95 %% bootstrap interval: rounds \
            drawn with replacement (both transports' figures of a round together), 10,000 draws, seeded. The \
            transport order rotates by one each round, so no transport always runs first or after the same one.
            - On a 2-vCPU host, p99.99 and max measure the machine more than the transport: any third runnable \
            thread (JIT, GC, a driver conductor, a neighbour) pre-empts a spinner for a scheduler tick (4 or 8 ms).
            - `probe` is an in-process two-thread cache-line ping-pong median taken just before and after each run: \
            the host flips between a fast and a slow cross-core state on a scale of seconds.
            - A run is *contended* when other processes used more than %.0f%% of a core while it ran.
            - `<transport>-<mode>.hgrm`: all rounds merged, HdrHistogram percentile distribution with values in \
            microseconds (recorded in ns, output scaled by %.0f); `-naive` is the open-loop figure from the actual \
            send time; a `-<size>B` suffix appears when a mode ran at several message lengths. \
            `<transport>-<mode>.hlog`: HdrHistogram interval log, one interval per round. \
            `percentiles*.png`: the merged distributions per transport, percentile as "1 in N" on a log axis.

            ## Rounds

            | round | mode | size B | transport | p50 ns | p99 ns | p99.9 ns | max ns | M msg/s | \
            probe before / after ns | host | other CPU %% of a core | contended |
            |---|---|---|---|---|---|---|---|---|---|---|---|---|
            """.formatted(CpuAccounting.CONTENDED_PERCENT_OF_CORE, HGRM_SCALING_NS_PER_US));
        for (final RunResult r : results)
        {
            final Histogram h = r.histogram();
            final boolean latency = r.mode() != Mode.THROUGHPUT;
            sb.append(String.format(Locale.ROOT,
                "| %d | %s | %d | %s | %s | %s | %s | %s | %s | %d / %d | %s | %.1f | %s |%n",
                r.round(), r.mode().label(), r.messageLengthBytes(), r.transport(),
                latency ? String.format(Locale.ROOT, "%,d", h.getValueAtPercentile(50)) : "-",
                latency ? String.format(Locale.ROOT, "%,d", h.getValueAtPercentile(99)) : "-",
                latency ? String.format(Locale.ROOT, "%,d", h.getValueAtPercentile(99.9)) : "-",
                latency ? String.format(Locale.ROOT, "%,d", h.getMaxValue()) : "-",
                latency ? "-" : String.format(Locale.ROOT, "%.2f", r.messagesPerSecond() / 1e6),
                r.probeBeforeNs(), r.probeAfterNs(), r.hostState(), r.otherCpuPercent(), r.contended() ? "yes" : "no"));
        }
        sb.append('\n').append(processTable(results));
        return sb.toString();
    }

    /**
     * How the runs were set up: the per-message check, where the two sides ran, and every transport's settings.
     */
    static String setup(final HarnessConfig config)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("## Per-message check\n\n")
            .append(config.options().verification().describe()).append(".\n\n");
        sb.append("## Placement\n\n").append(config.options().placement().describe())
            .append(". The table of page faults and context switches gives the CPUs each child was allowed and " +
                "the one it last ran on.\n\n");
        sb.append("## Transports and their settings\n\n");
        final int lengthBytes = config.allSizes().getFirst();
        final RunSpec spec = new RunSpec(Path.of("/dev/shm/run"), lengthBytes, Mode.PINGPONG);
        for (final String name : config.transports())
        {
            final Transport transport = Transports.byName(name.trim(), config.options().aeronThreading());
            sb.append("- `").append(transport.name()).append("`");
            if (transport.spinWait())
            {
                sb.append(" (the harness's loops call Thread.onSpinWait() on every empty spin)");
            }
            sb.append('\n');
            for (final String setting : transport.settings(spec))
            {
                sb.append("  - ").append(setting).append('\n');
            }
        }
        sb.append(String.format(Locale.ROOT, "%nSettings given at %d B where they depend on the message length. " +
            "The loops of transports not marked spin without Thread.onSpinWait().%n%n", lengthBytes));
        return sb.toString();
    }

    /**
     * Page faults and context switches of each child of each run over its measured messages.
     */
    static String processTable(final List<RunResult> results)
    {
        final List<String> roles = results.stream().flatMap(r -> r.processes().keySet().stream()).distinct()
            .toList();
        if (roles.isEmpty())
        {
            return "";
        }
        final StringBuilder sb = new StringBuilder("## Page faults and context switches per run\n\n" +
            "Each child over the measured messages (read by the sending side from /proc after the warm-up and " +
            "after the last message; open loop: from before the first message, warm-up included): minor/major " +
            "page faults (`f`), voluntary/involuntary context switches summed over the process's threads (`cs`), " +
            "then the CPUs it was allowed and the one it last ran on.\n\n");
        sb.append("| round | mode | size B | transport |");
        roles.forEach(role -> sb.append(' ').append(role).append(" |"));
        sb.append("\n|---|---|---|---|").append("---|".repeat(roles.size())).append('\n');
        for (final RunResult r : results)
        {
            sb.append(String.format(Locale.ROOT, "| %d | %s | %d | %s |", r.round(), r.mode().label(),
                r.messageLengthBytes(), r.transport()));
            for (final String role : roles)
            {
                final ProcessStats stats = r.processes().get(role);
                final String text = stats == null ? "-" : !stats.known() ? "?" :
                    stats.compact() + ", CPUs " + stats.cpusAllowed() + " (last " + stats.lastCpu() + ")";
                sb.append(' ').append(text).append(" |");
            }
            sb.append('\n');
        }
        return sb.append('\n').toString();
    }

    static void writePlot(final Path file, final Summary summary, final String title) throws IOException
    {
        final XYChart chart = new XYChartBuilder()
            .width(PLOT_WIDTH).height(PLOT_HEIGHT)
            .title(title)
            .xAxisTitle("percentile as 1 in N (2 = p50, 100 = p99, 10000 = p99.99)")
            .yAxisTitle("latency (µs)")
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
