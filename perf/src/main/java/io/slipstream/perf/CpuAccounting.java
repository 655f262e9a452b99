package io.slipstream.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time used on the host by processes other than the harness's own during a window, from {@code /proc/stat}
 * (all CPUs) minus {@code /proc/<pid>/stat} of our processes. On two cores a busy neighbour pre-empts a spinner,
 * so a run with much of it is marked contended.
 */
public final class CpuAccounting
{
    /** Other processes' CPU, in percent of one core, above which a run is marked contended. */
    public static final double CONTENDED_PERCENT_OF_CORE = 10.0;
    /** USER_HZ: the unit of /proc CPU times on Linux. */
    static final double TICKS_PER_SECOND = 100.0;
    // /proc/stat "cpu" line: user nice system idle iowait irq softirq steal ...
    private static final int[] BUSY_FIELDS = {1, 2, 3, 6, 7};
    // /proc/<pid>/stat fields after "(comm) ": state is 0, utime is 11, stime is 12.
    private static final int UTIME_FIELD = 11;
    private static final int STIME_FIELD = 12;

    private final List<Long> pids;
    private final long startNs;
    private final long startHostTicks;
    private final long startOwnTicks;

    private CpuAccounting(final List<Long> pids)
    {
        this.pids = List.copyOf(pids);
        this.startHostTicks = hostBusyTicks();
        this.startOwnTicks = ownTicks(this.pids);
        this.startNs = System.nanoTime();
    }

    /**
     * Start a window; {@code pids} are the harness's own processes (it, the pong, a driver).
     */
    public static CpuAccounting start(final List<Long> pids)
    {
        return new CpuAccounting(pids);
    }

    /**
     * @return CPU used by other processes since the start, in percent of one core (-1 if /proc is unreadable).
     */
    public double otherPercentOfCore()
    {
        final long elapsedNs = System.nanoTime() - startNs;
        final long hostTicks = hostBusyTicks();
        final long ownTicks = ownTicks(pids);
        if (hostTicks < 0 || startHostTicks < 0 || elapsedNs <= 0)
        {
            return -1;
        }
        final long otherTicks = Math.max(0, (hostTicks - startHostTicks) - (ownTicks - startOwnTicks));
        return 100.0 * otherTicks / TICKS_PER_SECOND / (elapsedNs / 1e9);
    }

    static long hostBusyTicks()
    {
        try
        {
            final String line = Files.readAllLines(Path.of("/proc/stat")).getFirst();
            return parseHostBusyTicks(line);
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
    }

    static long parseHostBusyTicks(final String cpuLine)
    {
        final String[] fields = cpuLine.trim().split("\\s+");
        long busy = 0;
        for (final int field : BUSY_FIELDS)
        {
            busy += Long.parseLong(fields[field]);
        }
        return busy;
    }

    static long ownTicks(final List<Long> pids)
    {
        long ticks = 0;
        for (final long pid : pids)
        {
            ticks += processTicks(pid);
        }
        return ticks;
    }

    static long processTicks(final long pid)
    {
        try
        {
            return parseProcessTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        }
        catch (final IOException | RuntimeException ex)
        {
            return 0;
        }
    }

    static long parseProcessTicks(final String stat)
    {
        // The command name may contain spaces and parentheses: fields start after the last ')'.
        final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        return Long.parseLong(fields[UTIME_FIELD]) + Long.parseLong(fields[STIME_FIELD]);
    }
}
