package io.slipstream.perf.curves;

import io.slipstream.perf.PerfCommand;
import io.slipstream.perf.core.Mode;
import io.slipstream.perf.core.Verification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tiny real runs of each curve (child JVMs, mapped rings, an embedded Aeron driver): every point completes, the CSV
 * has a row per point with exact message counts, the plots are written. Nothing about speed is asserted.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CurvesEndToEndTest
{
    private static final long WARMUP = 200;
    private static final long MESSAGES = 2_000;
    private static final long WAKE_EVENTS = 200;

    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    private String run(final CurveSettings settings, final Path reportDir)
    {
        return CurveSuite.measure(settings, reportDir, new PrintStream(progress, true, StandardCharsets.UTF_8));
    }

    private static CurveSettings settings(
        final Mode curve, final List<Integer> sizes, final List<Long> rates, final List<Integer> consumers,
        final List<Integer> rings)
    {
        return settings(curve, sizes, rates, consumers, rings, Long.MAX_VALUE);
    }

    /**
     * @param saturatedP50Ns where the rate curve stops: never (so every rate runs whatever the host's load) or at
     *                       once.
     */
    private static CurveSettings settings(
        final Mode curve, final List<Integer> sizes, final List<Long> rates, final List<Integer> consumers,
        final List<Integer> rings, final long saturatedP50Ns)
    {
        return new CurveSettings(List.of(curve), List.of("slipstream"), sizes, rates, consumers, rings, WARMUP,
            MESSAGES, WAKE_EVENTS, saturatedP50Ns, Verification.SAMPLED);
    }

    private static List<String[]> csv(final Path file) throws IOException
    {
        return Files.readAllLines(file).stream().skip(1).map(line -> line.split(",", -1)).toList();
    }

    private static void assertPng(final Path file) throws IOException
    {
        assertTrue(Files.isRegularFile(file), file + " missing");
        final byte[] bytes = Files.readAllBytes(file);
        assertTrue(bytes.length > 1000, file + " is " + bytes.length + " B");
        assertEquals("PNG", new String(bytes, 1, 3, StandardCharsets.US_ASCII));
    }

    @Test
    void shouldWriteTheSizeCurveWithAMemcpyRowAndATransportRowPerSize(@TempDir final Path dir) throws IOException
    {
        final String markdown = run(settings(Mode.SIZE_CURVE, List.of(32, 4096), List.of(), List.of(), List.of()),
            dir);

        final List<String[]> rows = csv(dir.resolve(SizeCurve.CSV));
        assertEquals(List.of("memcpy 32", "slipstream 32", "memcpy 4096", "slipstream 4096"),
            rows.stream().map(r -> r[0] + " " + r[1]).toList());
        for (final String[] row : rows)
        {
            assertEquals(Long.toString(MESSAGES * 5), row[2], Arrays.toString(row));
            assertTrue(Double.parseDouble(row[3]) > 0, Arrays.toString(row));
        }
        final String[] slipstream = rows.get(1);
        assertEquals(Long.toString(MESSAGES), slipstream[8], "ping-pong round trips");
        assertTrue(Long.parseLong(slipstream[9]) > 0, "p50");
        assertTrue(Long.parseLong(slipstream[10]) >= Long.parseLong(slipstream[9]), "p99 >= p50");
        assertTrue(Long.parseLong(slipstream[7]) >= 0, "refused offers counted");
        assertEquals("", slipstream[11], "no error");
        final List<String[]> intervals = csv(dir.resolve(SizeCurve.INTERVALS_CSV));
        assertEquals(2 * IntervalThroughput.INTERVALS, intervals.size());
        assertEquals(MESSAGES * 5, intervals.stream().filter(r -> r[1].equals("32"))
            .mapToLong(r -> Long.parseLong(r[3])).sum(), "the intervals hold every measured message");
        assertPng(dir.resolve(SizeCurve.THROUGHPUT_PNG));
        assertPng(dir.resolve(SizeCurve.LATENCY_PNG));
        assertTrue(markdown.contains("(" + SizeCurve.THROUGHPUT_PNG + ")"), markdown);
        assertTrue(markdown.contains("| slipstream | 4096 |"), markdown);
        assertTrue(markdown.contains(Verification.SAMPLED.describe()), "the rounds' default check: " + markdown);
    }

    @Test
    void shouldRecordAPointTheTransportCannotCarryAsFailedAndCarryOn(@TempDir final Path dir) throws IOException
    {
        // 200 000 B is more than a 1 MiB Slipstream ring takes in one message: both runs of the point fail.
        final String markdown = run(settings(Mode.SIZE_CURVE, List.of(200_000, 32), List.of(), List.of(), List.of()),
            dir);

        final List<String[]> rows = csv(dir.resolve(SizeCurve.CSV));
        assertEquals(List.of("memcpy 200000", "slipstream 200000", "memcpy 32", "slipstream 32"),
            rows.stream().map(r -> r[0] + " " + r[1]).toList());
        final String error = rows.get(1)[11];
        assertTrue(error.contains("one-way:") && error.contains("ping-pong:"), error);
        assertEquals("", rows.get(1)[3], "no rate for a failed point");
        assertEquals("", rows.get(3)[11], "the next point ran: " + Arrays.toString(rows.get(3)));
        assertTrue(markdown.contains("| slipstream | 200000 | failed |"), markdown);
    }

    @Test
    void shouldWriteTheRateCurveWithARowPerOfferedRate(@TempDir final Path dir) throws IOException
    {
        final String markdown = run(settings(Mode.RATE_CURVE, List.of(), List.of(2_000L, 5_000L), List.of(),
            List.of()), dir);

        final List<String[]> rows = csv(dir.resolve(RateCurve.CSV));
        assertEquals(List.of("2000", "5000"), rows.stream().map(r -> r[1]).toList(), progress.toString());
        for (final String[] row : rows)
        {
            assertEquals("slipstream", row[0]);
            assertEquals(Long.toString(MESSAGES), row[3], Arrays.toString(row));
            assertTrue(Long.parseLong(row[4]) > 0 && Long.parseLong(row[5]) >= Long.parseLong(row[4]));
            assertEquals("false", row[10], Arrays.toString(row));
        }
        assertPng(dir.resolve(RateCurve.PNG));
        assertTrue(markdown.contains("(" + RateCurve.PNG + ")"), markdown);
    }

    @Test
    void shouldRunNoHigherRateForATransportOnceAPointIsSaturated(@TempDir final Path dir) throws IOException
    {
        run(settings(Mode.RATE_CURVE, List.of(), List.of(2_000L, 5_000L), List.of(), List.of(), 0), dir);

        final List<String[]> rows = csv(dir.resolve(RateCurve.CSV));
        assertEquals(1, rows.size(), progress.toString());
        assertEquals("true", rows.getFirst()[10]);
    }

    @Test
    void shouldWriteTheConsumersCurveWithNoMessageLostOnRingsWithBackPressure(@TempDir final Path dir)
        throws IOException
    {
        final String markdown = run(settings(Mode.CONSUMERS_CURVE, List.of(), List.of(), List.of(1, 2), List.of()),
            dir);

        final List<String[]> rows = csv(dir.resolve(ConsumersCurve.CSV));
        assertEquals(List.of("slipstream 1", "slipstream 2", "slipstream-futex 1", "slipstream-futex 2", "aeron-ipc 1",
            "aeron-ipc 2", "agrona-broadcast 1", "agrona-broadcast 2"),
            rows.stream().map(r -> r[0] + " " + r[1]).toList());
        for (final String[] row : rows)
        {
            final int consumers = Integer.parseInt(row[1]);
            assertEquals(Long.toString(MESSAGES * 5), row[3]);
            assertTrue(Double.parseDouble(row[4]) > 0, Arrays.toString(row));
            if (!row[0].equals("agrona-broadcast"))
            {
                assertEquals("0", row[8], "lost: " + Arrays.toString(row));
            }
            assertEquals(Long.toString(WAKE_EVENTS * consumers), row[9], "every consumer had every wake event");
        }
        assertEquals(8 * IntervalThroughput.INTERVALS, csv(dir.resolve(ConsumersCurve.INTERVALS_CSV)).size());
        assertPng(dir.resolve(ConsumersCurve.THROUGHPUT_PNG));
        assertPng(dir.resolve(ConsumersCurve.WAKE_PNG));
        assertTrue(markdown.contains("(" + ConsumersCurve.WAKE_PNG + ")"), markdown);
    }

    @Test
    void shouldWriteTheSelectorCurveAndSayWhereNoThreadCanBlockOnEveryRing(@TempDir final Path dir)
        throws IOException
    {
        final String markdown = run(settings(Mode.SELECTOR_CURVE, List.of(), List.of(), List.of(), List.of(1, 4, 129)),
            dir);

        final List<String[]> rows = csv(dir.resolve(SelectorCurve.CSV));
        assertEquals(List.of("1", "4", "129"), rows.stream().map(r -> r[0]).toList());
        for (final String[] row : rows)
        {
            assertEquals(Long.toString(SelectorCurve.sweepsFor(MESSAGES, Integer.parseInt(row[0]))), row[1]);
            assertTrue(Double.parseDouble(row[2]) > 0, Arrays.toString(row));
        }
        assertEquals(Long.toString(WAKE_EVENTS), rows.get(0)[4]);
        assertEquals(Long.toString(WAKE_EVENTS), rows.get(1)[4]);
        assertEquals("", rows.get(2)[4], "129 rings: beyond futex_waitv");
        assertTrue(rows.get(2)[8].startsWith("n/a"), Arrays.toString(rows.get(2)));
        assertPng(dir.resolve(SelectorCurve.SWEEP_PNG));
        assertPng(dir.resolve(SelectorCurve.WAKE_PNG));
        assertTrue(markdown.contains("| 129 |"), markdown);
    }

    @Test
    void shouldAddACurveToTheSummaryFromTheCommandLine(@TempDir final Path out) throws IOException
    {
        final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

        final int exitCode = PerfCommand.execute(new PrintStream(stdout, true, StandardCharsets.UTF_8),
            "--mode", "size-curve", "--size", "64", "--transports", "agrona", "--warmup", "100", "--messages", "1000",
            "--out", out.toString());

        assertEquals(0, exitCode, stdout.toString(StandardCharsets.UTF_8));
        final Path reportDir;
        try (Stream<Path> dirs = Files.list(out))
        {
            reportDir = dirs.findFirst().orElseThrow();
        }
        final String summary = Files.readString(reportDir.resolve("summary.md"));
        assertTrue(summary.contains("## Size curve") && summary.contains("](size-curve-throughput.png)"), summary);
        assertTrue(summary.contains("| agrona | 64 |"), summary);
        assertFalse(summary.contains("## Targets"), "no rounds ran: " + summary);
        assertEquals(2, csv(reportDir.resolve(SizeCurve.CSV)).size());
    }

    @Test
    void shouldListTheCurveModesAndJmhInTheHelp()
    {
        final String help = new CommandLine(new PerfCommand()).getUsageMessage(CommandLine.Help.Ansi.OFF)
            .replaceAll("\\s+", " ");

        for (final String mode : List.of("size-curve", "rate-curve", "consumers-curve", "selector-curve", "jmh (",
            "--jmh-jvm-args", "--preset full without --mode"))
        {
            assertTrue(help.contains(mode), mode + " not in: " + help);
        }
    }
}
