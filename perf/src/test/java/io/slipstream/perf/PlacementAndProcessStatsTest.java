package io.slipstream.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlacementAndProcessStatsTest
{
    @Test
    void shouldParseTwoCpusSenderFirst()
    {
        final Placement placement = Placement.parse(List.of("2", " 5"));

        assertTrue(placement.pinned());
        assertEquals(List.of("taskset", "-c", "2"), placement.commandPrefix(Side.PING));
        assertEquals(List.of("taskset", "-c", "5"), placement.commandPrefix(Side.PONG));
        assertTrue(placement.describe().contains("sending side on CPU 2"), placement.describe());
    }

    @Test
    void shouldBeUnpinnedByDefault()
    {
        assertEquals(Placement.UNPINNED, Placement.parse(null));
        assertEquals(Placement.UNPINNED, Placement.parse(List.of()));
        assertFalse(Placement.UNPINNED.pinned());
        assertEquals(List.of(), Placement.UNPINNED.commandPrefix(Side.PING));
        assertTrue(Placement.UNPINNED.describe().startsWith("unpinned"));
    }

    @Test
    void shouldRejectAnythingButTwoDistinctCpuNumbers()
    {
        assertThrows(IllegalArgumentException.class, () -> Placement.parse(List.of("1")));
        assertThrows(IllegalArgumentException.class, () -> Placement.parse(List.of("1", "2", "3")));
        assertThrows(IllegalArgumentException.class, () -> Placement.parse(List.of("1", "1")));
        assertThrows(IllegalArgumentException.class, () -> Placement.parse(List.of("1", "x")));
        assertThrows(IllegalArgumentException.class, () -> Placement.parse(List.of("-1", "2")));
    }

    @Test
    void shouldRejectBadCpusFromTheCommandLineAsAUsageError()
    {
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        final int exitCode = PerfCommand.execute(new java.io.PrintStream(out, true), "--cpus", "1,1",
            "--transports", "raw");

        assertEquals(2, exitCode);
    }

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

    @Test
    void shouldCarryTheCountsOfEveryRoleInTheMeasurementLine()
    {
        final java.util.Map<String, ProcessStats> counts = new java.util.LinkedHashMap<>();
        counts.put("ping", new ProcessStats(12, 0, 3, 4, "0-1", 1));
        counts.put("pong", new ProcessStats(7, 1, 0, 9, "0,1", 0));
        final Measurement measurement =
            new Measurement(new org.HdrHistogram.Histogram(3), null, 1.5e6, counts);

        final Measurement decoded = Measurement.decode(measurement.encode());

        assertEquals(counts, decoded.processes());
        assertEquals(List.of("ping", "pong"), List.copyOf(decoded.processes().keySet()));
        assertEquals(1.5e6, decoded.messagesPerSecond(), 0.0);
        assertEquals(java.util.Map.of("ping", 0L, "pong", 42L, "driver", 43L),
            MeasuredWindow.decodePids(MeasuredWindow.encodePids(java.util.Map.of("ping", 0L, "pong", 42L,
                "driver", 43L))));
    }
}
