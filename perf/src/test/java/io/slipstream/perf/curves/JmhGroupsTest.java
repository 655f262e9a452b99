package io.slipstream.perf.curves;

import io.slipstream.engine.RuntimeAccess;
import io.slipstream.perf.core.HarnessException;
import io.slipstream.perf.core.Verification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JmhGroupsTest
{
    private static String fixture() throws IOException
    {
        return resource("jmh-groups.json");
    }

    private static String resource(final String name) throws IOException
    {
        try (InputStream in = JmhGroupsTest.class.getResourceAsStream(name))
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldReadEachGroupBenchmarkAndSizeFromJmhsJsonResultFile() throws IOException
    {
        final List<JmhGroups.Result> results = JmhGroups.parse(fixture());

        assertEquals(6, results.size());
        final JmhGroups.Result slipstream = results.get(2);
        assertEquals("slipstream", slipstream.peer());
        assertEquals(Map.of("size", "32"), slipstream.params());
        assertEquals(60.0, slipstream.opsPerUs());
        assertEquals(3.0, slipstream.opsPerUsError());
        assertEquals(Map.of("offer", 24.0, "poll", 36.0, "sent", 12.0, "received", 12.0), slipstream.perMethodPerUs());
        assertEquals(0.001, slipstream.bytesPerOp());
        assertEquals(List.of("agrona", "agrona", "slipstream", "slipstream", "aeron-ipc", "aeron-ipc"),
            results.stream().map(JmhGroups.Result::peer).toList());
    }

    @Test
    void shouldReadAFileWrittenByJmh137WithTheGcProfiler() throws IOException
    {
        // A smoke run of the three groups at 32 B (no warm-up, one iteration of 300 ms): the file as JMH writes it.
        final List<JmhGroups.Result> results = JmhGroups.parse(resource("jmh-groups-smoke.json"));

        assertEquals(List.of("aeron-ipc", "agrona", "slipstream"),
            results.stream().map(JmhGroups.Result::peer).toList());
        final JmhGroups.Result aeron = results.getFirst();
        assertEquals(9.683478006229763, aeron.opsPerUs());
        assertEquals(Map.of("offer", 7.82609651414505, "poll", 1.857381492084713, "received", 0.006919086001005043,
            "sent", 0.006549240179709718), aeron.perMethodPerUs());
        assertEquals(1.8605107188410346, aeron.bytesPerOp());
        assertTrue(Double.isNaN(aeron.opsPerUsError()), "one iteration: JMH gives no error");
        final String table = JmhGroups.markdown(results, List.of(), Verification.SAMPLED);
        assertTrue(table.contains("| aeron-ipc | 32 | 0.01 | 0.01 | 9.7 | 7.83 | 1.86 | 1.861 | 0.08 | 0.51 |"),
            table);
    }

    @Test
    void shouldSayHowToBuildTheBenchmarkJarWhenItIsMissing(@TempDir final Path root)
    {
        final HarnessException ex = assertThrows(HarnessException.class,
            () -> JmhGroups.run(root, root, List.of(), Verification.SAMPLED, System.out));

        assertTrue(ex.getMessage().contains("--mode jmh needs") && ex.getMessage().contains("slipstream-jmh.jar"),
            ex.getMessage());
    }

    @Test
    void shouldReportAFailureAsTheSectionSoTheRestOfTheReportIsKept(@TempDir final Path root)
    {
        final ByteArrayOutputStream progress = new ByteArrayOutputStream();

        final String section = JmhGroups.measure(root, root, List.of(), Verification.SAMPLED,
            new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertTrue(section.startsWith("## " + JmhGroups.TITLE + ": FAILED"), section);
        assertTrue(section.contains("--mode jmh needs"), section);
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("[jmh] FAILED"));
    }

    @Test
    void shouldReadTheAllocationMetricUnderItsOlderDottedName() throws IOException
    {
        final JmhGroups.Result aeron = JmhGroups.parse(fixture()).get(5);

        assertEquals("aeron-ipc", aeron.peer());
        assertEquals(0.020, aeron.bytesPerOp());
    }

    @Test
    void shouldTabulateMessagesCallsAndBytesPerOpWithRatiosToAgronaAtTheSameSize() throws IOException
    {
        final String table = JmhGroups.markdown(JmhGroups.parse(fixture()), List.of(), Verification.SAMPLED);

        for (final String row : List.of(
            "| agrona | 32 | 10.00 | 10.50 | 40.0 ± 2.0 | 20.00 | 20.00 | 0.002 | 1.00 | 1.00 |",
            "| slipstream | 32 | 12.00 | 12.00 | 60.0 ± 3.0 | 24.00 | 36.00 | 0.001 | 1.20 | 1.50 |",
            "| slipstream | 256 | 4.00 | 4.10 | 16.0 ± 0.5 | 8.00 | 8.00 | 0.003 | 0.80 | 0.80 |",
            "| aeron-ipc | 256 | 6.00 | 6.00 | 30.0 ± 2.5 | 15.00 | 15.00 | 0.020 | 1.20 | 1.50 |"))
        {
            assertTrue(table.contains(row), row + " not in\n" + table);
        }
        assertTrue(table.contains("Per-message check (`-p verify=sampled`): " + Verification.SAMPLED.describe()),
            table);
    }

    @Test
    void shouldScaleOtherThroughputUnitsToOpsPerMicrosecond()
    {
        final String json = """
            [ { "benchmark" : "x.y.SlipstreamRingGroupBenchmark.offerPoll", "params" : { "size" : "32" },
                "primaryMetric" : { "score" : 2.5E7, "scoreError" : "NaN", "scoreUnit" : "ops/s" } } ]
            """;

        final JmhGroups.Result result = JmhGroups.parse(json).getFirst();

        assertEquals(25.0, result.opsPerUs(), 1e-9);
        assertTrue(Double.isNaN(result.opsPerUsError()));
        assertTrue(Double.isNaN(result.bytesPerOp()), "no gc profiler, no B/op");
    }

    @Test
    void shouldRejectAFileThatIsNotJmhJson()
    {
        assertThrows(IllegalArgumentException.class, () -> JmhGroups.parse("{ \"benchmark\" : 1 }"));
        assertThrows(IllegalArgumentException.class, () -> JmhGroups.parse("[ { \"benchmark\" : \"a.B.c\" "));
    }

    @Test
    void shouldRunAgronasAndAeronsForksWithoutBoundsChecksAndSlipstreamsWithThem()
    {
        final String flag = io.slipstream.perf.transport.AgronaRingTransport.BOUNDS_CHECKS_OFF_FLAG;
        assertEquals(flag, io.slipstream.perf.jmh.OfferPollGroupBenchmark.BOUNDS_CHECKS_OFF_FLAG, "one flag");
        assertTrue(forkFlags(io.slipstream.perf.jmh.AgronaRingGroupBenchmark.class).contains(flag));
        assertTrue(forkFlags(io.slipstream.perf.jmh.AeronIpcGroupBenchmark.class).contains(flag));
        assertFalse(forkFlags(io.slipstream.perf.jmh.SlipstreamRingGroupBenchmark.class).contains(flag));
        assertFalse(JmhGroups.jmhArgs(List.of(), Path.of("/tmp/r.json"), Verification.SAMPLED)
            .contains("-jvmArgsAppend"), "a command-line append would replace the benchmarks' own");
    }

    private static List<String> forkFlags(final Class<?> benchmark)
    {
        return List.of(benchmark.getAnnotation(org.openjdk.jmh.annotations.Fork.class).jvmArgsAppend());
    }

    @Test
    void shouldGiveEveryForkAerosPreTouchPropertyAndTheNoiseFlagsBeforeTheUsersOwn()
    {
        final List<String> args = JmhGroups.jmhArgs(List.of("-XX:+UseParallelGC", "-Dx=y"), Path.of("/tmp/r.json"),
            Verification.SAMPLED);

        final int at = args.indexOf("-jvmArgsPrepend");
        assertTrue(at > 0, args.toString());
        final String forkFlags = args.get(at + 1);
        assertTrue(forkFlags.startsWith(String.join(" ", JmhGroups.FORK_FLAGS)), forkFlags);
        assertTrue(forkFlags.contains("-Daeron.pre.touch.mapped.memory=true"), forkFlags);
        assertTrue(forkFlags.contains(RuntimeAccess.ADD_EXPORTS_FLAG), forkFlags);
        assertTrue(forkFlags.endsWith("-XX:+UseParallelGC -Dx=y"), forkFlags);
        assertEquals(List.of("-prof", "gc", "-rf", "json", "-rff", "/tmp/r.json", "-p", "verify=sampled"),
            args.subList(1, 9));
        assertTrue(JmhGroups.jmhArgs(List.of(), Path.of("/tmp/r.json"), Verification.FULL).contains("verify=full"));
        for (final String benchmark : JmhGroups.PEERS.keySet())
        {
            assertTrue(java.util.regex.Pattern.compile(args.getFirst())
                .matcher("io.slipstream.perf.jmh." + benchmark + ".offerPoll").find(), benchmark);
        }
        assertTrue(!java.util.regex.Pattern.compile(args.getFirst())
            .matcher("io.slipstream.perf.jmh.RingBenchmark.offer").find(), "the single-thread benchmark is not run");
    }
}
