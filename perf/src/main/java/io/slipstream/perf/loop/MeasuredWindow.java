package io.slipstream.perf.loop;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Page faults and context switches of a run's processes over its measured window: read by the sending side when
 * its measured messages start ({@link #start()}) and when they end ({@link #end()}), from /proc. The reads take
 * place outside any timed interval.
 */
public final class MeasuredWindow
{
    private static final String ROLE_SEPARATOR = ";";
    private static final String FIELD_SEPARATOR = "/";
    private static final String NONE = "-";

    private final Map<String, Long> pids;
    private final Map<String, ProcessStats> atStart = new LinkedHashMap<>();
    private boolean started;

    /**
     * @param pids the processes to read, by role ("ping", "pong", "driver"), in report order.
     */
    public MeasuredWindow(final Map<String, Long> pids)
    {
        this.pids = new LinkedHashMap<>(pids);
    }

    /**
     * Read every process's counters at the start of the window (once; later calls do nothing).
     */
    public void start()
    {
        if (started)
        {
            return;
        }
        started = true;
        pids.forEach((role, pid) -> atStart.put(role, ProcessStats.read(pid)));
    }

    /**
     * @return every process's counts since {@link #start()} (from now if it was never called: an empty window).
     */
    public Map<String, ProcessStats> end()
    {
        start();
        final Map<String, ProcessStats> counts = new LinkedHashMap<>();
        pids.forEach((role, pid) -> counts.put(role, ProcessStats.read(pid).since(atStart.get(role))));
        return counts;
    }

    /**
     * @return {@code pids} as one command-line word: {@code ping=123;pong=456}.
     */
    public static String encodePids(final Map<String, Long> pids)
    {
        final StringJoiner joiner = new StringJoiner(ROLE_SEPARATOR);
        pids.forEach((role, pid) -> joiner.add(role + "=" + pid));
        return joiner.toString();
    }

    public static Map<String, Long> decodePids(final String text)
    {
        final Map<String, Long> pids = new LinkedHashMap<>();
        for (final String entry : text.split(ROLE_SEPARATOR))
        {
            if (!entry.isEmpty())
            {
                final int eq = entry.indexOf('=');
                pids.put(entry.substring(0, eq), Long.parseLong(entry.substring(eq + 1)));
            }
        }
        return pids;
    }

    /**
     * @return counts by role as one word without spaces: {@code ping=12/0/3/4/0-1/1;pong=...}, or "-" if empty.
     */
    public static String encodeCounts(final Map<String, ProcessStats> counts)
    {
        if (counts.isEmpty())
        {
            return NONE;
        }
        final StringJoiner joiner = new StringJoiner(ROLE_SEPARATOR);
        counts.forEach((role, s) -> joiner.add(role + "=" + String.join(FIELD_SEPARATOR,
            Long.toString(s.minorFaults()), Long.toString(s.majorFaults()), Long.toString(s.voluntarySwitches()),
            Long.toString(s.involuntarySwitches()), s.cpusAllowed().replace(' ', '_'), Integer.toString(s.lastCpu()))));
        return joiner.toString();
    }

    /**
     * The inverse of {@link #encodeCounts}.
     */
    public static Map<String, ProcessStats> decodeCounts(final String text)
    {
        final Map<String, ProcessStats> counts = new LinkedHashMap<>();
        if (text.equals(NONE))
        {
            return counts;
        }
        for (final String entry : text.split(ROLE_SEPARATOR))
        {
            final int eq = entry.indexOf('=');
            final String[] f = entry.substring(eq + 1).split(FIELD_SEPARATOR);
            counts.put(entry.substring(0, eq), new ProcessStats(Long.parseLong(f[0]), Long.parseLong(f[1]),
                Long.parseLong(f[2]), Long.parseLong(f[3]), f[4], Integer.parseInt(f[5])));
        }
        return counts;
    }
}
