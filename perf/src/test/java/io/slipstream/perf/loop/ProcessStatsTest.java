package io.slipstream.perf.loop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessStatsTest
{
    @Test
    void shouldReadFaultsFromStatAndSwitchesSummedOverThreads(@TempDir final Path proc) throws Exception
    {
        // comm with a space and a parenthesis, as /proc allows; fields after it: state ppid pgrp session tty_nr
        // tpgid flags minflt cminflt majflt ... processor is the 39th field.
        final StringBuilder stat = new StringBuilder("4242 (java (x) y) S 1 4242 4242 0 -1 4194560 1500 0 7 0");
        for (int field = 14; field <= 39; field++)
        {
            stat.append(' ').append(field == 39 ? 3 : 0);
        }
        stat.append(" 1 0 0\n");
        Files.writeString(proc.resolve("stat"), stat.toString());
        Files.writeString(proc.resolve("status"), "Name:\tjava\nCpus_allowed_list:\t0-1\n" +
            "voluntary_ctxt_switches:\t1\nnonvoluntary_ctxt_switches:\t1\n");
        for (final int tid : new int[] {4242, 4243})
        {
            final Path task = Files.createDirectories(proc.resolve("task").resolve(Integer.toString(tid)));
            Files.writeString(task.resolve("status"), "Name:\tjava\nvoluntary_ctxt_switches:\t" + tid % 100 +
                "\nnonvoluntary_ctxt_switches:\t" + (tid % 10) + "\n");
        }

        final ProcessStats stats = ProcessStats.read(proc);

        assertEquals(1500, stats.minorFaults());
        assertEquals(7, stats.majorFaults());
        assertEquals(42 + 43, stats.voluntarySwitches());
        assertEquals(2 + 3, stats.involuntarySwitches());
        assertEquals("0-1", stats.cpusAllowed());
        assertEquals(3, stats.lastCpu());
    }

    @Test
    void shouldTakeTheDifferenceOverAWindowAndReadThisProcess()
    {
        final ProcessStats start = new ProcessStats(100, 1, 10, 2, "0-1", 0);
        final ProcessStats end = new ProcessStats(164, 1, 15, 4, "1", 1);

        assertEquals(new ProcessStats(64, 0, 5, 2, "1", 1), end.since(start));
        assertEquals(ProcessStats.UNKNOWN, end.since(ProcessStats.UNKNOWN));
        assertEquals("64/0 f, 5/2 cs", end.since(start).compact());

        final ProcessStats self = ProcessStats.read(ProcessHandle.current().pid());
        assertTrue(self.known(), "this JVM's /proc entry");
        assertTrue(self.minorFaults() > 0 && self.voluntarySwitches() > 0, self.toString());
    }
}
