package io.slipstream.perf;

import io.slipstream.perf.core.Side;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlacementTest
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
}
