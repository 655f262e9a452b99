package io.slipstream.perf.loop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Page faults and context switches of one process, from /proc: minor and major faults of the whole process
 * ({@code /proc/<pid>/stat} fields minflt and majflt) and voluntary and involuntary context switches summed over
 * its live threads ({@code voluntary_ctxt_switches} and {@code nonvoluntary_ctxt_switches} of each
 * {@code /proc/<pid>/task/<tid>/status}; a JVM's {@code main} does not run on the process's first thread, so the
 * process's own status file would miss it). Read at the start and the end of a run's measurement, the difference
 * shows a handicap (first-touch faults, pre-emption) as a number.
 *
 * @param minorFaults         page faults served without I/O.
 * @param majorFaults         page faults that needed I/O.
 * @param voluntarySwitches   the threads gave up the CPU (blocked, slept, yielded).
 * @param involuntarySwitches the threads were pre-empted.
 * @param cpusAllowed         the CPUs the process may run on ({@code Cpus_allowed_list}), "?" if unknown.
 * @param lastCpu             the CPU its first thread last ran on ({@code /proc/<pid>/stat} field processor), -1 if
 *                            unknown.
 */
public record ProcessStats(
    long minorFaults, long majorFaults, long voluntarySwitches, long involuntarySwitches, String cpusAllowed,
    int lastCpu)
{
    /** Not readable (no /proc, or the process is gone). */
    public static final ProcessStats UNKNOWN = new ProcessStats(-1, -1, -1, -1, "?", -1);
    private static final int PROCESSOR_AFTER_COMM = 36;
    private static final Path PROC = Path.of("/proc");
    private static final int MINFLT_AFTER_COMM = 7;
    private static final int MAJFLT_AFTER_COMM = 9;

    /**
     * @return the counters of process {@code pid} now, or {@link #UNKNOWN}.
     */
    public static ProcessStats read(final long pid)
    {
        return read(PROC.resolve(Long.toString(pid)));
    }

    /**
     * @param processDir a {@code /proc/<pid>} directory (or a copy of its files, for tests).
     */
    static ProcessStats read(final Path processDir)
    {
        try
        {
            final String stat = Files.readString(processDir.resolve("stat"));
            // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
            final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
            final long minor = Long.parseLong(fields[MINFLT_AFTER_COMM]);
            final long major = Long.parseLong(fields[MAJFLT_AFTER_COMM]);
            final int lastCpu = fields.length > PROCESSOR_AFTER_COMM ?
                Integer.parseInt(fields[PROCESSOR_AFTER_COMM]) : -1;
            String cpusAllowed = "?";
            for (final String line : Files.readAllLines(processDir.resolve("status")))
            {
                if (line.startsWith("Cpus_allowed_list:"))
                {
                    cpusAllowed = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            long voluntary = 0;
            long involuntary = 0;
            final Path tasks = processDir.resolve("task");
            final List<Path> statusFiles;
            if (Files.isDirectory(tasks))
            {
                try (Stream<Path> dirs = Files.list(tasks))
                {
                    statusFiles = dirs.map(dir -> dir.resolve("status")).toList();
                }
            }
            else
            {
                statusFiles = List.of(processDir.resolve("status"));
            }
            for (final Path status : statusFiles)
            {
                try
                {
                    for (final String line : Files.readAllLines(status))
                    {
                        if (line.startsWith("voluntary_ctxt_switches:"))
                        {
                            voluntary += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                        else if (line.startsWith("nonvoluntary_ctxt_switches:"))
                        {
                            involuntary += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                }
                catch (final IOException ex)
                {
                    // The thread exited between listing and reading: its switches are gone with it.
                }
            }
            return new ProcessStats(minor, major, voluntary, involuntary, cpusAllowed, lastCpu);
        }
        catch (final IOException | RuntimeException ex)
        {
            return UNKNOWN;
        }
    }

    public boolean known()
    {
        return minorFaults >= 0;
    }

    /**
     * @return the counts from {@code start} to this reading, or {@link #UNKNOWN} if either is unknown. Switches of
     * threads that exited in between are lost, so the switch counts can only be low, never high.
     */
    public ProcessStats since(final ProcessStats start)
    {
        if (!known() || !start.known())
        {
            return UNKNOWN;
        }
        return new ProcessStats(minorFaults - start.minorFaults, majorFaults - start.majorFaults,
            Math.max(0, voluntarySwitches - start.voluntarySwitches),
            Math.max(0, involuntarySwitches - start.involuntarySwitches), cpusAllowed, lastCpu);
    }

    /**
     * @return "minor/major faults, voluntary/involuntary switches" as {@code 12/0 f, 3/1 cs}, or "?".
     */
    public String compact()
    {
        if (!known())
        {
            return "?";
        }
        return String.format(Locale.ROOT, "%,d/%,d f, %,d/%,d cs", minorFaults, majorFaults, voluntarySwitches,
            involuntarySwitches);
    }
}
