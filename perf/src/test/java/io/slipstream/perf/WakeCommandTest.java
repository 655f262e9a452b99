package io.slipstream.perf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class WakeCommandTest
{
    @Test
    void shouldMeasureEachStrategyAndWriteItsReport(@TempDir final Path out) throws Exception
    {
        final int exit = PerfCommand.execute(new PrintStream(new ByteArrayOutputStream()), "wake", "--events", "300",
            "--warmup", "20", "--interval-us", "200", "--idle-seconds", "1", "--strategies", "futex,backoff,uds",
            "--out", out.toString());
        assertEquals(0, exit);
        final Path report;
        try (Stream<Path> dirs = Files.list(out))
        {
            report = dirs.findFirst().orElseThrow();
        }
        final String table = Files.readString(report.resolve("wake.md"));
        for (final String strategy : List.of("futex", "backoff", "uds"))
        {
            assertTrue(table.contains("| " + strategy + " |"), table);
            assertTrue(Files.readString(report.resolve(strategy + "-wake.hgrm")).contains("#[Mean"),
                strategy + " histogram written");
        }
    }

    @Test
    void shouldRefuseUnknownStrategy(@TempDir final Path out)
    {
        assertEquals(2, PerfCommand.execute(new PrintStream(new ByteArrayOutputStream()), "wake", "--strategies",
            "carrier-pigeon", "--out", out.toString()));
    }
}
