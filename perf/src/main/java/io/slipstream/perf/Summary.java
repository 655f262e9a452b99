package io.slipstream.perf;

import io.slipstream.perf.transport.AeronIpcTransport;
import io.slipstream.perf.transport.AgronaRingTransport;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per transport, each latency figure as the median over rounds with the min-max range, and the ratio of its
 * median p50 to the floor's (the best raw variant, {@link Floor}) and to Aeron IPC's.
 */
public final class Summary
{
    /** Percentiles in the table, as HdrHistogram takes them. */
    public static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99};
    /** Column names: the percentiles, then max and mean. */
    public static final List<String> COLUMNS = List.of("p50", "p90", "p99", "p99.9", "p99.99", "max", "mean");

    private final Map<String, Row> rows = new LinkedHashMap<>();

    /**
     * One figure over rounds.
     */
    public record Spread(double median, double min, double max)
    {
        static Spread of(final double[] values)
        {
            final double[] sorted = values.clone();
            Arrays.sort(sorted);
            final int n = sorted.length;
            final double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
            return new Spread(median, sorted[0], sorted[n - 1]);
        }
    }

    /**
     * One transport's line: a spread per column, rounds run and how many were contended, all rounds merged.
     */
    public record Row(String transport, List<Spread> columns, int rounds, int contendedRounds, Histogram merged)
    {
        public Spread p50()
        {
            return columns.getFirst();
        }
    }

    /**
     * @param results runs of one latency mode.
     */
    public Summary(final List<RunResult> results)
    {
        final Map<String, List<RunResult>> byTransport = new LinkedHashMap<>();
        for (final RunResult result : results)
        {
            byTransport.computeIfAbsent(result.transport(), k -> new ArrayList<>()).add(result);
        }
        byTransport.forEach((transport, runs) -> rows.put(transport, summarise(transport, runs)));
    }

    private static Row summarise(final String transport, final List<RunResult> runs)
    {
        final List<Spread> columns = new ArrayList<>();
        for (int column = 0; column < COLUMNS.size(); column++)
        {
            final double[] values = new double[runs.size()];
            for (int i = 0; i < runs.size(); i++)
            {
                values[i] = figure(runs.get(i).histogram(), column);
            }
            columns.add(Spread.of(values));
        }
        final Histogram merged = runs.getFirst().histogram().copy();
        for (int i = 1; i < runs.size(); i++)
        {
            merged.add(runs.get(i).histogram());
        }
        final int contended = (int)runs.stream().filter(RunResult::contended).count();
        return new Row(transport, List.copyOf(columns), runs.size(), contended, merged);
    }

    private static double figure(final Histogram histogram, final int column)
    {
        if (column < PERCENTILES.length)
        {
            return histogram.getValueAtPercentile(PERCENTILES[column]);
        }
        return column == PERCENTILES.length ? histogram.getMaxValue() : histogram.getMean();
    }

    public List<Row> rows()
    {
        return List.copyOf(rows.values());
    }

    /**
     * @return median p50 of {@code transport} over median p50 of {@code baseline}, or NaN if either is absent.
     */
    public double p50Ratio(final String transport, final String baseline)
    {
        final Row row = rows.get(transport);
        final Row base = rows.get(baseline);
        if (row == null || base == null || base.p50().median() <= 0)
        {
            return Double.NaN;
        }
        return row.p50().median() / base.p50().median();
    }

    /**
     * The side-by-side table in Markdown, values in ns as "median (min-max)" over rounds.
     */
    public String markdownTable()
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("| transport | rounds (contended) |");
        for (final String column : COLUMNS)
        {
            sb.append(' ').append(column).append(" ns |");
        }
        final String floor = Floor.bestLatency(this);
        sb.append(" p50 / ").append(Floor.describe(floor)).append(" | p50 / Aeron IPC |\n|---|---|");
        sb.append("---|".repeat(COLUMNS.size())).append("---|---|\n");
        for (final Row row : rows.values())
        {
            sb.append("| ").append(row.transport()).append(" | ").append(row.rounds())
                .append(" (").append(row.contendedRounds()).append(") |");
            for (final Spread spread : row.columns())
            {
                sb.append(' ').append(format(spread)).append(" |");
            }
            sb.append(' ').append(ratio(floor == null ? Double.NaN : p50Ratio(row.transport(), floor))).append(" |");
            sb.append(' ').append(ratio(p50Ratio(row.transport(), AeronIpcTransport.NAME))).append(" |\n");
        }
        return sb.toString();
    }

    /**
     * One-way throughput per transport in M msg/s, "median (min-max)" over rounds, in run order.
     *
     * @param results throughput runs at one message length.
     */
    public static Map<String, Spread> throughputByTransport(final List<RunResult> results)
    {
        final Map<String, List<RunResult>> byTransport = new LinkedHashMap<>();
        for (final RunResult result : results)
        {
            byTransport.computeIfAbsent(result.transport(), k -> new ArrayList<>()).add(result);
        }
        final Map<String, Spread> spreads = new LinkedHashMap<>();
        byTransport.forEach((transport, runs) ->
            spreads.put(transport, Spread.of(runs.stream().mapToDouble(r -> r.messagesPerSecond() / 1e6).toArray())));
        return spreads;
    }

    /**
     * @return median throughput of {@code transport} over the median of {@code baseline}, or NaN if either is absent.
     */
    static double throughputRatio(final Map<String, Spread> spreads, final String transport, final String baseline)
    {
        final Spread row = spreads.get(transport);
        final Spread base = spreads.get(baseline);
        if (row == null || base == null || base.median() <= 0)
        {
            return Double.NaN;
        }
        return row.median() / base.median();
    }

    /**
     * One-way throughput per transport in Markdown: M msg/s and MB/s as "median (min-max)" over rounds, and the
     * median's ratio to the floor's (the best raw variant), Aeron IPC's and Agrona's.
     *
     * @param results throughput runs at one message length.
     */
    public static String throughputTable(final List<RunResult> results)
    {
        final int lengthBytes = results.getFirst().messageLengthBytes();
        final Map<String, Spread> spreads = throughputByTransport(results);
        final String floor = Floor.bestThroughput(spreads);
        final StringBuilder sb = new StringBuilder("| transport | rounds (contended) | M msg/s | MB/s | " +
            "/ " + Floor.describe(floor) + " | / Aeron IPC | / Agrona |\n|---|---|---|---|---|---|---|\n");
        spreads.forEach((transport, spread) ->
        {
            final long runs = results.stream().filter(r -> r.transport().equals(transport)).count();
            final long contended = results.stream().filter(r -> r.transport().equals(transport))
                .filter(RunResult::contended).count();
            final Spread megabytes = new Spread(spread.median() * lengthBytes, spread.min() * lengthBytes,
                spread.max() * lengthBytes);
            sb.append(String.format(Locale.ROOT, "| %s | %d (%d) | %s | %s | %s | %s | %s |%n", transport, runs,
                contended, formatRate(spread, "%.2f"), formatRate(megabytes, "%,.0f"),
                ratio(floor == null ? Double.NaN : throughputRatio(spreads, transport, floor)),
                ratio(throughputRatio(spreads, transport, AeronIpcTransport.NAME)),
                ratio(throughputRatio(spreads, transport, AgronaRingTransport.NAME))));
        });
        return sb.toString();
    }

    private static String formatRate(final Spread spread, final String format)
    {
        final String median = String.format(Locale.ROOT, format, spread.median());
        if (spread.min() == spread.max())
        {
            return median;
        }
        return median + " (" + String.format(Locale.ROOT, format, spread.min()) + "-" +
            String.format(Locale.ROOT, format, spread.max()) + ")";
    }

    static String format(final Spread spread)
    {
        if (spread.min() == spread.max())
        {
            return String.format(Locale.ROOT, "%,.0f", spread.median());
        }
        return String.format(Locale.ROOT, "%,.0f (%,.0f-%,.0f)", spread.median(), spread.min(), spread.max());
    }

    static String ratio(final double ratio)
    {
        return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2f", ratio);
    }
}
