package io.slipstream.perf;

import io.slipstream.perf.core.Mode;
import io.slipstream.perf.transport.AeronIpcTransport;
import io.slipstream.perf.transport.AeronUdpTransport;
import io.slipstream.perf.transport.AgronaRingTransport;
import io.slipstream.perf.transport.RawFloorTransport;
import io.slipstream.perf.transport.SlipstreamRingTransport;
import io.slipstream.perf.transport.SlipstreamUdpTransport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Slipstream's performance targets, judged from the runs of one harness invocation only (the host changes state
 * between invocations, so figures from different runs are never compared). Each is met, missed, or not measured
 * when the run lacks a mode, a message length or a transport it needs. Ratios are of medians over rounds.
 */
public final class Targets
{
    /** Ping-pong p50 of Slipstream (busy spin) may be at most this multiple of the floor's (best raw variant). */
    public static final double PINGPONG_P50_MAX_RATIO_TO_FLOOR = 1.10;
    /** One-way throughput of Slipstream at {@link #SMALL_BYTES} over Aeron IPC's, at least. */
    public static final double SMALL_THROUGHPUT_MIN_RATIO_TO_AERON = 1.2;
    /** One-way throughput of Slipstream at {@link #LARGE_BYTES} over Agrona's ring's, at least. */
    public static final double LARGE_THROUGHPUT_MIN_RATIO_TO_AGRONA = 1.1;
    /**
     * Ping-pong p50 over loopback UDP of Slipstream through two drivers, each on one thread, may be at most this
     * multiple of Aeron's own UDP ping-pong (same driver threads, idle strategy and sockets).
     */
    public static final double UDP_PINGPONG_P50_MAX_RATIO_TO_AERON = 1.2;
    /** One-way throughput of Slipstream over Agrona's ring's, at least, at every length. */
    public static final double THROUGHPUT_MIN_RATIO_TO_AGRONA = 1.1;
    /** One-way throughput of Slipstream over Aeron IPC's, at least, at every length. */
    public static final double THROUGHPUT_MIN_RATIO_TO_AERON = 1.2;
    /** Slipstream with futex wake-up support on may cost at most this fraction over off (3 %). */
    public static final double FUTEX_MAX_COST = 0.03;
    /** Message length of the latency targets and the first throughput target. */
    public static final int SMALL_BYTES = 32;
    /** Message length of the third throughput target. */
    public static final int HUGE_BYTES = 4096;
    /** Message length of the second throughput target. */
    public static final int LARGE_BYTES = 256;

    private static final String SLIPSTREAM = SlipstreamRingTransport.NAME;

    /**
     * Whether a target was reached in this run.
     */
    public enum Status
    {
        MET("met"),
        MISSED("**missed**"),
        NOT_MEASURED("not measured in this run");

        private final String text;

        Status(final String text)
        {
            this.text = text;
        }

        /**
         * @return how the status reads in the report.
         */
        public String text()
        {
            return text;
        }
    }

    /**
     * One target and what this run measured for it.
     *
     * @param target   what is aimed at.
     * @param measured the figures it was judged on, or what was missing.
     * @param status   met, missed or not measured.
     */
    public record Target(String target, String measured, Status status)
    {
    }

    private Targets()
    {
    }

    /**
     * @return every target, in a fixed order, judged from {@code results}.
     */
    public static List<Target> evaluate(final List<RunResult> results)
    {
        final List<Target> targets = new ArrayList<>();
        final Summary pingPong = new Summary(select(results, Mode.PINGPONG, SMALL_BYTES));
        final double slipstreamP50 = p50(pingPong, SLIPSTREAM);

        final String floorTarget = String.format(Locale.ROOT,
            "ping-pong p50, %d B: Slipstream (busy spin) <= %.2f x the floor (best raw variant)", SMALL_BYTES,
            PINGPONG_P50_MAX_RATIO_TO_FLOOR);
        final String floor = Floor.bestLatency(pingPong);
        final double floorP50 = floor == null ? Double.NaN : p50(pingPong, floor);
        final List<RunResult> pingPongRuns = select(results, Mode.PINGPONG, SMALL_BYTES);
        targets.add(judge(floorTarget, SLIPSTREAM, slipstreamP50, floorP50,
            floor == null ? RawFloorTransport.NAME : floor,
            Bound.AT_MOST, PINGPONG_P50_MAX_RATIO_TO_FLOOR, pingPongRuns, 50));

        final String aeronTarget = String.format(Locale.ROOT,
            "ping-pong p50, %d B: Slipstream (busy spin) below Aeron IPC", SMALL_BYTES);
        final double aeronP50 = p50(pingPong, AeronIpcTransport.NAME);
        targets.add(judge(aeronTarget, SLIPSTREAM, slipstreamP50, aeronP50, AeronIpcTransport.NAME, Bound.BELOW, 1.0,
            pingPongRuns, 50));

        final Map<String, Summary.Spread> small =
            Summary.throughputByTransport(select(results, Mode.THROUGHPUT, SMALL_BYTES));
        targets.add(judge(String.format(Locale.ROOT, "one-way throughput, %d B: Slipstream >= %.1f x Aeron IPC",
            SMALL_BYTES, SMALL_THROUGHPUT_MIN_RATIO_TO_AERON), SLIPSTREAM,
            median(small, SLIPSTREAM), median(small, AeronIpcTransport.NAME), AeronIpcTransport.NAME,
            Bound.AT_LEAST, SMALL_THROUGHPUT_MIN_RATIO_TO_AERON, select(results, Mode.THROUGHPUT, SMALL_BYTES), 50));

        final Map<String, Summary.Spread> large =
            Summary.throughputByTransport(select(results, Mode.THROUGHPUT, LARGE_BYTES));
        targets.add(judge(String.format(Locale.ROOT, "one-way throughput, %d B: Slipstream >= %.1f x Agrona",
            LARGE_BYTES, LARGE_THROUGHPUT_MIN_RATIO_TO_AGRONA), SLIPSTREAM,
            median(large, SLIPSTREAM), median(large, AgronaRingTransport.NAME), AgronaRingTransport.NAME,
            Bound.AT_LEAST, LARGE_THROUGHPUT_MIN_RATIO_TO_AGRONA, select(results, Mode.THROUGHPUT, LARGE_BYTES), 50));

        final String udp = SlipstreamUdpTransport.ONE_THREAD_NAME;
        targets.add(judge(String.format(Locale.ROOT, "ping-pong p50, %d B, over UDP: Slipstream through two " +
            "drivers on one thread each <= %.1f x Aeron UDP", SMALL_BYTES, UDP_PINGPONG_P50_MAX_RATIO_TO_AERON),
            udp, p50(pingPong, udp), p50(pingPong, AeronUdpTransport.NAME), AeronUdpTransport.NAME, Bound.AT_MOST,
            UDP_PINGPONG_P50_MAX_RATIO_TO_AERON, pingPongRuns, 50));

        // The rest of the targets, after the first five so that their places stay put.
        targets.add(judge(String.format(Locale.ROOT, "ping-pong p99, %d B: Slipstream (busy spin) at most Aeron " +
            "IPC's", SMALL_BYTES), SLIPSTREAM, p99(pingPong, SLIPSTREAM),
            p99(pingPong, AeronIpcTransport.NAME), AeronIpcTransport.NAME, Bound.AT_MOST, 1.0,
            pingPongRuns, 99));
        addThroughput(targets, results, SMALL_BYTES, AgronaRingTransport.NAME, THROUGHPUT_MIN_RATIO_TO_AGRONA);
        addThroughput(targets, results, LARGE_BYTES, AeronIpcTransport.NAME, THROUGHPUT_MIN_RATIO_TO_AERON);
        addThroughput(targets, results, HUGE_BYTES, AgronaRingTransport.NAME, THROUGHPUT_MIN_RATIO_TO_AGRONA);
        addThroughput(targets, results, HUGE_BYTES, AeronIpcTransport.NAME, THROUGHPUT_MIN_RATIO_TO_AERON);
        final String noFutex = SlipstreamRingTransport.NO_FUTEX_NAME;
        targets.add(judge(String.format(Locale.ROOT, "ping-pong p50, %d B: futex wake-up support on within %.0f %% " +
            "of off", SMALL_BYTES, FUTEX_MAX_COST * 100), SLIPSTREAM, slipstreamP50, p50(pingPong, noFutex), noFutex,
            Bound.AT_MOST, 1 + FUTEX_MAX_COST, pingPongRuns, 50));
        targets.add(judge(String.format(Locale.ROOT, "one-way throughput, %d B: futex wake-up support on within " +
            "%.0f %% of off", SMALL_BYTES, FUTEX_MAX_COST * 100), SLIPSTREAM, median(small, SLIPSTREAM),
            median(small, noFutex), noFutex, Bound.AT_LEAST, 1 - FUTEX_MAX_COST,
            select(results, Mode.THROUGHPUT, SMALL_BYTES), 50));
        return targets;
    }

    private static void addThroughput(final List<Target> targets, final List<RunResult> results, final int length,
        final String peer, final double factor)
    {
        final List<RunResult> runs = select(results, Mode.THROUGHPUT, length);
        final Map<String, Summary.Spread> spreads = Summary.throughputByTransport(runs);
        final String peerName = peer.equals(AgronaRingTransport.NAME) ? "Agrona" : "Aeron IPC";
        targets.add(judge(String.format(Locale.ROOT, "one-way throughput, %d B: Slipstream >= %.1f x %s", length,
            factor, peerName), SLIPSTREAM, median(spreads, SLIPSTREAM), median(spreads, peer), peer,
            Bound.AT_LEAST, factor, runs, 50));
    }

    /**
     * The targets as a Markdown table.
     */
    public static String markdownTable(final List<RunResult> results)
    {
        final StringBuilder sb = new StringBuilder("| target | measured in this run (median over rounds, 95 % " +
            "bootstrap interval over rounds) | " +
            "status |\n|---|---|---|\n");
        for (final Target target : evaluate(results))
        {
            sb.append("| ").append(target.target()).append(" | ").append(target.measured()).append(" | ")
                .append(target.status().text()).append(" |\n");
        }
        return sb.toString();
    }

    /**
     * How Slipstream's figure must compare with {@code factor x baseline}: latencies at most or below it,
     * throughputs at least.
     */
    private enum Bound
    {
        AT_MOST, BELOW, AT_LEAST
    }

    private static Target judge(
        final String target,
        final String subject,
        final double value,
        final double baseline,
        final String baselineName,
        final Bound bound,
        final double factor,
        final List<RunResult> runs,
        final double percentile)
    {
        if (Double.isNaN(value) || Double.isNaN(baseline) || baseline <= 0)
        {
            final List<String> missing = new ArrayList<>();
            if (Double.isNaN(value))
            {
                missing.add(subject);
            }
            if (Double.isNaN(baseline) || baseline <= 0)
            {
                missing.add(baselineName);
            }
            return new Target(target, "no " + String.join(" or ", missing) + " run of this mode and length",
                Status.NOT_MEASURED);
        }
        final double ratio = value / baseline;
        final boolean met = switch (bound)
        {
            case AT_MOST -> ratio <= factor;
            case BELOW -> ratio < factor;
            case AT_LEAST -> ratio >= factor;
        };
        final boolean latency = bound != Bound.AT_LEAST;
        final String format = latency ? "%,.0f" : "%.2f";
        final String measured = String.format(Locale.ROOT, "%s " + format + " vs %s " + format + " %s: %.2f x",
            subject, value, baselineName, baseline, latency ? "ns" : "M msg/s", ratio);
        final Bootstrap.Interval interval = interval(runs, subject, baselineName, latency, percentile);
        return new Target(target, measured + (interval == null ? "" : " (" + interval.describe() + ")") +
            paired(runs, subject, baselineName, latency, percentile), met ? Status.MET : Status.MISSED);
    }

    /**
     * @return the 95 % bootstrap interval of the subject's median over the baseline's, over the rounds both ran in
     * (a round's two figures stay together), or null if no round has both.
     */
    static Bootstrap.Interval interval(final List<RunResult> runs, final String subject, final String baselineName,
        final boolean latency, final double percentile)
    {
        final Map<Integer, Double> values = new java.util.TreeMap<>();
        final Map<Integer, Double> baselines = new java.util.TreeMap<>();
        for (final RunResult run : runs)
        {
            final double figure = latency ? run.histogram().getValueAtPercentile(percentile) :
                run.messagesPerSecond();
            if (run.transport().equals(subject))
            {
                values.put(run.round(), figure);
            }
            else if (run.transport().equals(baselineName))
            {
                baselines.put(run.round(), figure);
            }
        }
        values.keySet().retainAll(baselines.keySet());
        final double[] v = new double[values.size()];
        final double[] b = new double[values.size()];
        int i = 0;
        for (final Map.Entry<Integer, Double> entry : values.entrySet())
        {
            v[i] = entry.getValue();
            b[i] = baselines.get(entry.getKey());
            i++;
        }
        return Bootstrap.ratioInterval(v, b);
    }

    /**
     * The host flips between a fast and a slow cross-core state on a scale of seconds, so a median over rounds can
     * set a fast run of one transport against a slow run of the other. As a check on the medians: the median over
     * rounds of Slipstream's figure over the baseline's in the same round, counting only rounds whose two runs
     * found the host in the same (fast or slow) state.
     */
    static String paired(final List<RunResult> runs, final String baselineName, final boolean latency)
    {
        return paired(runs, SLIPSTREAM, baselineName, latency, 50);
    }

    /** As {@link #paired(List, String, boolean)}, for any transport against the baseline, latency at a percentile. */
    static String paired(final List<RunResult> runs, final String subject, final String baselineName,
        final boolean latency, final double percentile)
    {
        final List<Double> ratios = new ArrayList<>();
        for (final RunResult run : runs)
        {
            if (!run.transport().equals(subject) || run.hostState().equals("mixed"))
            {
                continue;
            }
            for (final RunResult other : runs)
            {
                if (other.transport().equals(baselineName) && other.round() == run.round() &&
                    other.hostState().equals(run.hostState()))
                {
                    final double value = latency ? run.histogram().getValueAtPercentile(percentile) :
                        run.messagesPerSecond();
                    final double base = latency ?
                        other.histogram().getValueAtPercentile(percentile) : other.messagesPerSecond();
                    if (base > 0)
                    {
                        ratios.add(value / base);
                    }
                }
            }
        }
        if (ratios.isEmpty())
        {
            return "; no round found both in the same host state";
        }
        ratios.sort(null);
        final int n = ratios.size();
        final double median = n % 2 == 1 ? ratios.get(n / 2) : (ratios.get(n / 2 - 1) + ratios.get(n / 2)) / 2;
        return String.format(Locale.ROOT, "; paired in the same host state: %.2f x (median of %d round%s)", median,
            n, n == 1 ? "" : "s");
    }

    private static List<RunResult> select(final List<RunResult> results, final Mode mode, final int lengthBytes)
    {
        return results.stream().filter(r -> r.mode() == mode && r.messageLengthBytes() == lengthBytes).toList();
    }

    private static double p50(final Summary summary, final String transport)
    {
        return summary.rows().stream().filter(row -> row.transport().equals(transport))
            .mapToDouble(row -> row.p50().median()).findFirst().orElse(Double.NaN);
    }

    private static double p99(final Summary summary, final String transport)
    {
        final int column = Summary.COLUMNS.indexOf("p99");
        return summary.rows().stream().filter(row -> row.transport().equals(transport))
            .mapToDouble(row -> row.columns().get(column).median()).findFirst().orElse(Double.NaN);
    }

    private static double median(final Map<String, Summary.Spread> spreads, final String transport)
    {
        final Summary.Spread spread = spreads.get(transport);
        return spread == null ? Double.NaN : spread.median();
    }
}
