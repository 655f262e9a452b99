package io.slipstream.perf;

import io.slipstream.perf.core.Mode;
import io.slipstream.perf.loop.ProcessStats;
import io.slipstream.perf.transport.Transports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tiny real runs: child JVMs, mapped files, a media driver. They check that every transport works end to end,
 * never how fast.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EndToEndTest
{
    static Stream<String> transports()
    {
        return Transports.allNames().stream();
    }

    @ParameterizedTest
    @MethodSource("transports")
    void shouldCompleteATinyCrossProcessPingPongWithMessagesLongerThanACacheLine(final String transport)
    {
        // 32 B ping-pong and 256 B one-way runs of every transport are in the command-line test below.
        final HarnessConfig config = new HarnessConfig(List.of(transport), 500, 1_000, 1, 200);
        final ByteArrayOutputStream progress = new ByteArrayOutputStream();

        final List<RunResult> results =
            new LatencyHarness(config, new PrintStream(progress, true, StandardCharsets.UTF_8)).run();

        assertEquals(1, results.size());
        assertEquals(1_000, results.getFirst().histogram().getTotalCount());
        assertEquals(200, results.getFirst().messageLengthBytes());
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("Runs are sequential"));
        final java.util.Map<String, ProcessStats> processes = results.getFirst().processes();
        assertTrue(processes.get("ping").known(), processes.toString());
        assertTrue(processes.get("pong").known(), processes.toString());
        assertEquals(transport.startsWith("aeron"), processes.containsKey("driver"), processes.toString());
    }

    @Test
    void shouldPinTheTwoSidesWhereAsked()
    {
        final HarnessConfig config = new HarnessConfig(List.of("raw"), List.of(Mode.PINGPONG), 500, 2_000, 1,
            List.of(32), HarnessConfig.DEFAULT_RATE_PER_SECOND, RunOptions.DEFAULTS.withPlacement(
                Placement.parse(List.of("1", "0"))));

        final List<RunResult> results = new LatencyHarness(config,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();

        assertEquals(2_000, results.getFirst().histogram().getTotalCount());
        final java.util.Map<String, ProcessStats> processes = results.getFirst().processes();
        assertEquals("1", processes.get("ping").cpusAllowed(), processes.toString());
        assertEquals(1, processes.get("ping").lastCpu(), processes.toString());
        assertEquals("0", processes.get("pong").cpusAllowed(), processes.toString());
        assertEquals(0, processes.get("pong").lastCpu(), processes.toString());
    }

    @Test
    void shouldRunEveryChecksumAndTheChosenAeronThreadingFromTheCommandLine(@TempDir final Path out) throws Exception
    {
        final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

        final int exitCode = PerfCommand.execute(new PrintStream(stdout, true, StandardCharsets.UTF_8),
            "--warmup", "200", "--messages", "3000", "--rounds", "2", "--mode", "pingpong", "--transports",
            "raw-shared,aeron-ipc", "--verify", "full", "--aeron-threading", "shared", "--out", out.toString());

        assertEquals(0, exitCode, stdout.toString(StandardCharsets.UTF_8));
        final Path report;
        try (Stream<Path> dirs = Files.list(out))
        {
            report = dirs.findFirst().orElseThrow();
        }
        final String summary = Files.readString(report.resolve("summary.md"));
        assertTrue(summary.contains("checksum on every message, at both ends (--verify full)"), summary);
        assertTrue(summary.contains("threading SHARED"), summary);
        assertTrue(summary.contains("rotating by one each round (raw-shared aeron-ipc, aeron-ipc raw-shared, ...)"),
            summary);
        // Round 2 runs aeron-ipc first.
        final String rounds = summary.substring(summary.indexOf("## Rounds"));
        assertTrue(rounds.indexOf("| 2 | pingpong | 32 | aeron-ipc |") <
            rounds.indexOf("| 2 | pingpong | 32 | raw-shared |"), rounds);
        assertTrue(summary.contains("p50 / floor (raw-shared)"), summary);
        assertTrue(summary.contains("| 1 | pingpong | 32 | aeron-ipc | "), summary);
        assertTrue(summary.contains("## Machine"), summary);
    }

    @Test
    void shouldWriteTheReportForEveryTransportFromTheCommandLine(@TempDir final Path out) throws Exception
    {
        final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

        // Throughput at its default lengths (32 and 256 B) and a tiny wake measurement, in one run.
        final int exitCode = PerfCommand.execute(new PrintStream(stdout, true, StandardCharsets.UTF_8),
            "--warmup", "500", "--messages", "1000", "--rounds", "1", "--mode", "pingpong,throughput,wake",
            "--wake-events", "200", "--wake-idle-seconds", "1", "--out", out.toString());

        final String printed = stdout.toString(StandardCharsets.UTF_8);
        assertEquals(0, exitCode, printed);
        final Path reportDir;
        try (Stream<Path> dirs = Files.list(out))
        {
            reportDir = dirs.findFirst().orElseThrow();
        }
        assertTrue(printed.contains("Report: " + reportDir.toAbsolutePath()), printed);
        assertTrue(Files.size(reportDir.resolve("percentiles.png")) > 0);
        final String summary = Files.readString(reportDir.resolve("summary.md"));
        for (final String transport : Transports.names())
        {
            assertTrue(Files.readString(reportDir.resolve(transport + "-pingpong.hgrm")).contains("Percentile"));
            assertTrue(Files.readString(reportDir.resolve(transport + "-pingpong.hlog")).contains("#[StartTime: "));
            assertTrue(summary.contains("| " + transport + " | 1 ("), summary);
        }
        assertTrue(summary.contains("## One-way throughput, 32 B") && summary.contains("## One-way throughput, 256 B"),
            summary);
        // Every target the default transports and lengths can judge is judged from this run: met or missed. The
        // 4 KiB lines need --size 4096, the futex lines slipstream-nofutex, the UDP line the UDP transports.
        final String targets = summary.substring(summary.indexOf("## Targets"), summary.indexOf("## Ping-pong"));
        assertEquals(7, targets.lines().filter(l -> l.endsWith("| met |") || l.endsWith("| **missed** |")).count(),
            targets);
        assertTrue(summary.contains("## Wake-up latency") && summary.contains("| futex |"), summary);
        assertTrue(Files.exists(reportDir.resolve("futex-wake.hgrm")));
    }

    @Test
    void shouldRunOpenLoopOverEveryTransportWithBackPressure()
    {
        // Throughput runs of every transport are in the command-line test above.
        final HarnessConfig config = new HarnessConfig(Transports.names(), List.of(Mode.OPEN_LOOP),
            200, 1_000, 1, 32, 20_000);

        final List<RunResult> results = new LatencyHarness(config, new PrintStream(
            new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();

        final long streamingTransports = Transports.names().stream()
            .filter(name -> Transports.byName(name).supportsStreaming()).count();
        assertEquals(streamingTransports, results.size());
        for (final RunResult r : results)
        {
            assertEquals(1_000, r.histogram().getTotalCount(), r.transport());
            assertEquals(1_000, r.naive().getTotalCount(), r.transport());
        }
    }

    @Test
    void shouldRejectAnUnknownTransport()
    {
        final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

        final int exitCode = PerfCommand.execute(new PrintStream(stdout, true, StandardCharsets.UTF_8),
            "--transports", "carrier-pigeon", "--rounds", "1");

        assertEquals(2, exitCode);
    }

    @Test
    void shouldRunThePeersAndTheFloorWithoutBoundsChecksAndSlipstreamWithThem()
    {
        final String flag = "-Dagrona.disable.bounds.checks=true";
        for (final String peer : List.of("agrona", "aeron-ipc", "aeron-udp", "raw", "raw-fresh", "raw-shared"))
        {
            assertTrue(Transports.byName(peer).jvmFlags().contains(flag), peer);
        }
        for (final String ours : List.of("slipstream", "slipstream-nofutex", "slipstream-packed", "slipstream-udp"))
        {
            assertFalse(Transports.byName(ours).jvmFlags().contains(flag), ours);
        }
    }

    @Test
    void shouldRunVariantsOnlyWhenNamed()
    {
        assertTrue(Transports.allNames().contains("slipstream-nofutex"));
        assertFalse(Transports.names().contains("slipstream-nofutex"));
        assertEquals("slipstream-nofutex", Transports.byName("slipstream-nofutex").name());
        assertTrue(Transports.allNames().contains("slipstream-packed"));
        assertFalse(Transports.names().contains("slipstream-packed"));
        assertEquals("slipstream-packed", Transports.byName("slipstream-packed").name());
    }
}
