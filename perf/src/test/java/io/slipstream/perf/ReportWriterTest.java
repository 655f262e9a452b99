package io.slipstream.perf;

import io.slipstream.perf.core.Mode;
import io.slipstream.perf.core.Verification;
import io.slipstream.perf.loop.ProcessStats;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportWriterTest
{
    private static Histogram histogram(final long valueNs)
    {
        final Histogram histogram = new Histogram(10_000_000_000L, 3);
        histogram.recordValueWithCount(valueNs, 1_000);
        histogram.recordValue(valueNs * 10);
        histogram.setStartTimeStamp(1_000_000);
        histogram.setEndTimeStamp(1_002_000);
        return histogram;
    }

    private static List<RunResult> results()
    {
        final List<RunResult> results = new ArrayList<>();
        for (int round = 1; round <= 2; round++)
        {
            results.add(new RunResult("raw", round, 32, histogram(160), 150, 160, 0));
            results.add(new RunResult("agrona", round, 32, histogram(230), 150, 160, 0));
            results.add(new RunResult("agrona", Mode.OPEN_LOOP, round, 32, histogram(900), histogram(300), Double.NaN,
                150, 600, 20));
            results.add(new RunResult("agrona", Mode.THROUGHPUT, round, 32, new Histogram(3), null, 25e6, 150, 160, 0));
        }
        return results;
    }

    @Test
    void shouldWriteHgrmLogsPlotsAndSummaryForEveryModeThatRan(@TempDir final Path dir) throws Exception
    {
        final HarnessConfig config = new HarnessConfig(List.of("raw", "agrona"),
            List.of(Mode.PINGPONG, Mode.OPEN_LOOP, Mode.THROUGHPUT), 10, 1_001, 2, 32, 50_000);

        ReportWriter.write(dir, config, results());

        for (final String name : List.of("raw-pingpong.hgrm", "agrona-pingpong.hgrm", "agrona-open-loop.hgrm",
            "agrona-open-loop-naive.hgrm", "raw-pingpong.hlog", "agrona-open-loop.hlog", "percentiles.png",
            "percentiles-open-loop.png", "summary.md"))
        {
            assertTrue(Files.size(dir.resolve(name)) > 0, name);
        }
        assertFalse(Files.exists(dir.resolve("raw-open-loop.hgrm")));
        final String summary = Files.readString(dir.resolve("summary.md"));
        assertTrue(summary.contains("## Ping-pong round trip"), summary);
        assertTrue(summary.contains("## Open loop at 50,000 msg/s"), summary);
        assertTrue(summary.contains("| agrona | 2 (0) | 25.00 |"), summary);
        assertTrue(summary.contains("| agrona | 2 (0) | 230 |"), summary);
        assertTrue(summary.contains("| 1.44 |"), summary);
    }

    @Test
    void shouldLeaveOutTargetsAndRoundsWhenOnlyACodecsMeasurementRan()
    {
        final HarnessConfig config = new HarnessConfig(List.of("raw"), List.of(Mode.CODECS), 10, 1_001, 1, List.of(),
            50_000);

        final String summary = ReportWriter.markdown(config, List.of(), "## Codec cost, ns per message\n\n| Quote |\n");

        assertTrue(summary.contains("## Codec cost") && summary.contains("| Quote |"), summary);
        assertFalse(summary.contains("## Targets") || summary.contains("## Rounds"), summary);
        assertEquals("", ReportWriter.tables(config, List.of()));
    }

    @Test
    void shouldOpenTheSummaryWithTheTargetsAndAddTheWakeSectionWhenItRan(@TempDir final Path dir) throws Exception
    {
        final HarnessConfig config = new HarnessConfig(List.of("raw", "agrona"), List.of(Mode.PINGPONG, Mode.WAKE),
            10, 1_001, 2, List.of(), 50_000);
        final String wake = "## Wake-up latency, producer publish to consumer running\n\n| futex | 8.2 |\n";

        ReportWriter.write(dir, config, results(), wake);

        final String summary = Files.readString(dir.resolve("summary.md"));
        final int targets = summary.indexOf("## Targets, judged from this run only");
        assertTrue(targets > 0 && targets < summary.indexOf("## Ping-pong round trip, 32 B"), summary);
        assertTrue(summary.contains("| not measured in this run |"), summary);
        assertTrue(summary.contains("## Wake-up latency") && summary.contains("| futex | 8.2 |"), summary);

        ReportWriter.write(dir, config, results());
        assertFalse(Files.readString(dir.resolve("summary.md")).contains("## Wake-up latency"));
    }

    @Test
    void shouldWriteOneSectionAndOneSetOfFilesPerMessageLength(@TempDir final Path dir) throws Exception
    {
        final List<RunResult> results = new ArrayList<>();
        for (final int size : List.of(32, 256))
        {
            results.add(new RunResult("raw", 1, size, histogram(size * 5L), 150, 160, 0));
            results.add(new RunResult("agrona", Mode.THROUGHPUT, 1, size, new Histogram(3), null, 1e6, 150, 160, 0));
        }
        final HarnessConfig config = new HarnessConfig(List.of("raw", "agrona"),
            List.of(Mode.PINGPONG, Mode.THROUGHPUT), 10, 1_001, 1, List.of(32, 256), 50_000);

        ReportWriter.write(dir, config, results);

        for (final String name : List.of("raw-pingpong-32B.hgrm", "raw-pingpong-256B.hgrm", "raw-pingpong-256B.hlog",
            "percentiles-32B.png", "percentiles-256B.png"))
        {
            assertTrue(Files.size(dir.resolve(name)) > 0, name);
        }
        final String summary = Files.readString(dir.resolve("summary.md"));
        for (final String section : List.of("## Ping-pong round trip, 32 B", "## Ping-pong round trip, 256 B",
            "## One-way throughput, 32 B", "## One-way throughput, 256 B"))
        {
            assertTrue(summary.contains(section), section);
        }
        // MB/s follows the length: 1 M msg/s of 256 B is 256 MB/s.
        assertTrue(summary.contains("| agrona | 1 (0) | 1.00 | 256 |"), summary);
        assertTrue(summary.contains("| 1 | pingpong | 256 | raw |"), summary);
    }

    @Test
    void shouldUseEachModesDefaultLengthsUnlessLengthsAreGiven()
    {
        final HarnessConfig defaults = new HarnessConfig(List.of("raw"), List.of(Mode.PINGPONG, Mode.THROUGHPUT),
            1, 1, 1, List.of(), 1_000);
        assertEquals(List.of(32), defaults.sizesFor(Mode.PINGPONG));
        assertEquals(List.of(32, 256), defaults.sizesFor(Mode.THROUGHPUT));
        assertEquals(List.of(32, 256), defaults.allSizes());

        final HarnessConfig given = new HarnessConfig(List.of("raw"), List.of(Mode.PINGPONG, Mode.THROUGHPUT),
            1, 1, 1, List.of(64), 1_000);
        assertEquals(List.of(64), given.sizesFor(Mode.THROUGHPUT));
    }

    @Test
    void shouldScaleHgrmValuesToMicroseconds(@TempDir final Path dir) throws Exception
    {
        final Histogram histogram = new Histogram(10_000_000_000L, 3);
        histogram.recordValue(2_000);

        ReportWriter.writeHgrm(dir.resolve("x.hgrm"), histogram);

        final String line = Files.readAllLines(dir.resolve("x.hgrm")).get(2).trim();
        assertEquals("2.000", line.split("\\s+")[0], line);
    }

    @Test
    void shouldDescribeTheCheckThePlacementEveryTransportsSettingsAndEachChildsFaults(@TempDir final Path dir)
        throws Exception
    {
        final HarnessConfig config = new HarnessConfig(List.of("raw-shared-spinwait", "agrona", "aeron-ipc",
            "slipstream", "chronicle"), List.of(Mode.PINGPONG), 10, 1_001, 1, List.of(32), 50_000,
            new RunOptions(Verification.SAMPLED, io.slipstream.perf.transport.AeronThreading.SHARED,
                Placement.parse(List.of("0", "1"))));
        final java.util.Map<String, ProcessStats> processes = new java.util.LinkedHashMap<>();
        processes.put("ping", new ProcessStats(12, 0, 3, 4, "0", 0));
        processes.put("pong", new ProcessStats(10, 1, 2, 5, "1", 1));
        processes.put("driver", ProcessStats.UNKNOWN);
        final List<RunResult> results = List.of(new RunResult("aeron-ipc", Mode.PINGPONG, 1, 32, histogram(300),
            null, Double.NaN, 150, 160, 0, processes));

        ReportWriter.write(dir, config, results);

        final String summary = Files.readString(dir.resolve("summary.md"));
        assertTrue(summary.contains("## Per-message check\n\nsequence number on every message; filler and " +
            "checksum on every 1024th message only"), summary);
        assertTrue(summary.contains("## Placement\n\npinned with taskset: the sending side on CPU 0, the " +
            "pong/receiver side on CPU 1"), summary);
        assertTrue(summary.contains("## Transports and their settings"), summary);
        assertTrue(summary.contains("- `raw-shared-spinwait` (the harness's loops call Thread.onSpinWait()"),
            summary);
        assertTrue(summary.contains("  - channel, ping-pong: aeron:ipc?term-length=1048576"), summary);
        assertTrue(summary.contains("  - channel, streaming: aeron:ipc?term-length=67108864"), summary);
        assertTrue(summary.contains("  - log files: sparse=false"), summary);
        assertTrue(summary.contains("-Daeron.pre.touch.mapped.memory=true"), summary);
        assertTrue(summary.contains("threading SHARED, idle strategy back-off"), summary);
        assertTrue(summary.contains("OneToOneRingBuffer, capacity 1024 KiB"), summary);
        assertTrue(summary.contains("futex wake-up support: on"), summary);
        assertTrue(summary.contains("SingleChronicleQueueBuilder.binary(dir)"), summary);
        assertTrue(summary.contains("## Page faults and context switches per run"), summary);
        assertTrue(summary.contains("## Machine\n\n- CPU model: "), summary);
        assertTrue(summary.contains("- peers: Slipstream "), summary);
        assertTrue(summary.contains("| round | mode | size B | transport | ping | pong | driver |"), summary);
        assertTrue(summary.contains("| 1 | pingpong | 32 | aeron-ipc | 12/0 f, 3/4 cs, CPUs 0 (last 0) | " +
            "10/1 f, 2/5 cs, CPUs 1 (last 1) | ? |"), summary);
    }
}
