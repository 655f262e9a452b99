package io.slipstream.perf.curves;

import io.slipstream.engine.Futex;
import io.slipstream.perf.core.HarnessException;
import io.slipstream.perf.core.HistogramText;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The selector curve: 1 to 256 idle rings in one {@code SubscriptionSelector}: ns per poll sweep over all of them,
 * and the wake latency of a thread blocked on all of them when one gets a message. Each point runs in a fresh JVM
 * ({@link SelectorPoint}). Writes {@code selector-curve.csv}, {@code selector-curve-sweep.png} and
 * {@code selector-curve-wake.png}.
 */
final class SelectorCurve
{
    static final String CSV = "selector-curve.csv";
    static final String SWEEP_PNG = "selector-curve-sweep.png";
    static final String WAKE_PNG = "selector-curve-wake.png";
    /** Ring polls a sweep point makes in all, spread over its sweeps. */
    static final long MIN_SWEEPS = 1_000;

    private SelectorCurve()
    {
    }

    static long sweepsFor(final long measuredMessages, final int rings)
    {
        return Math.max(MIN_SWEEPS, measuredMessages * 10 / rings);
    }

    static String run(final CurveSettings settings, final Path reportDir, final PrintStream progress)
    {
        final CurveTable table = new CurveTable("rings", "sweeps", "ns_per_sweep", "ns_per_ring", "wake_events",
            "wake_p50_ns", "wake_p99_ns", "wake_max_ns", "wait", "error");
        final CurveTable.Lines sweep = new CurveTable.Lines();
        final CurveTable.Lines wake = new CurveTable.Lines();
        final StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "## Selector curve: rings per " +
            "`SubscriptionSelector`%n%n![ns per poll sweep by rings](%s) ![wake latency by rings](%s)%n%n" +
            "| rings | ns per sweep | ns per ring | blocked wake p50 µs | p99 µs | wait |%n" +
            "|---|---|---|---|---|---|%n",
            SWEEP_PNG, WAKE_PNG));
        progress.printf(Locale.ROOT, "Selector curve: %s rings, each point in a fresh JVM, sequential.%n",
            settings.ringCounts());
        for (final int rings : settings.ringCounts())
        {
            final long sweeps = sweepsFor(settings.measuredMessages(), rings);
            final String[] fields;
            try
            {
                fields = CurvePointMain.inChild("selector", List.of("selector", Integer.toString(rings),
                    Long.toString(sweeps), Long.toString(settings.wakeEvents())), true);
            }
            catch (final HarnessException ex)
            {
                final String error = SizeCurve.firstLine(ex.getMessage());
                table.add(rings, sweeps, null, null, null, null, null, null, null, error);
                final String line = String.format(Locale.ROOT, "| %d | failed: %s | - | - | - | - |%n", rings, error);
                md.append(line);
                progress.print("[selector-curve] " + line);
                continue;
            }
            final double nsPerSweep = Double.parseDouble(fields[1]);
            final Histogram latency = HistogramText.decode(fields[2]);
            final boolean waitv = Boolean.parseBoolean(fields[3]);
            final String wait = latency == null ? "n/a: futex_waitv takes at most " + Futex.MAX_WAITV + " rings" :
                waitv ? "futex_waitv" : "polling fallback (no futex_waitv)";
            table.add(rings, sweeps, nsPerSweep, nsPerSweep / rings, latency == null ? null : latency.getTotalCount(),
                latency == null ? null : latency.getValueAtPercentile(50),
                latency == null ? null : latency.getValueAtPercentile(99),
                latency == null ? null : latency.getMaxValue(), wait, null);
            sweep.add("ns per sweep", rings, nsPerSweep);
            if (latency != null)
            {
                wake.add("p50", rings, latency.getValueAtPercentile(50) / 1e3);
                wake.add("p99", rings, latency.getValueAtPercentile(99) / 1e3);
            }
            final String line = String.format(Locale.ROOT, "| %d | %.1f | %.2f | %s | %s | %s |%n", rings,
                nsPerSweep, nsPerSweep / rings,
                latency == null ? "-" : String.format(Locale.ROOT, "%.1f", latency.getValueAtPercentile(50) / 1e3),
                latency == null ? "-" : String.format(Locale.ROOT, "%.1f", latency.getValueAtPercentile(99) / 1e3),
                wait);
            md.append(line);
            progress.print("[selector-curve] " + line);
        }
        table.writeCsv(reportDir.resolve(CSV));
        CurveTable.plot(reportDir.resolve(SWEEP_PNG), "Cost of one poll sweep over idle rings",
            "rings in the selector", "ns per sweep", true, true, sweep);
        CurveTable.plot(reportDir.resolve(WAKE_PNG), "Wake latency of a thread blocked on every ring, one ring " +
            "published to at a time", "rings in the selector", "publish to running (µs)", true, true, wake);
        md.append(String.format(Locale.ROOT, "%nIn one process, rings of %d KiB. Sweep: `poll(1)` over every idle " +
            "ring, mean over the sweeps (what a thread watching quiet rings pays per look). Blocked: one thread in " +
            "`FutexSelectorIdleStrategy` with no spin or yield phase, a producer publishing one event every 50 µs " +
            "to the rings in turn; latency from the publish to the waiter running with it. Points: `%s`.%n",
            SelectorPoint.RING_CAPACITY_BYTES / 1024, CSV));
        return md.toString();
    }
}
