package io.slipstream.perf;

import io.slipstream.perf.core.Mode;
import io.slipstream.perf.core.RunDirectories;
import io.slipstream.perf.transport.AeronUdpTransport;
import io.slipstream.perf.transport.SlipstreamUdpTransport;
import io.slipstream.perf.transport.Transports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
 * Tiny real runs of the loopback UDP transports: media driver JVMs, a pong JVM, every message checked by sequence
 * and checksum. They check that the transports work end to end and clean up after themselves, never how fast.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS) // hang guard only
class UdpTransportsTest
{
    @ParameterizedTest
    @ValueSource(strings = {AeronUdpTransport.NAME, SlipstreamUdpTransport.NAME})
    void shouldPingPongSmallAndFragmentedMessagesThenCleanUp(final String transport) throws IOException
    {
        final List<Path> dirsBefore = runDirs(transport);

        final List<RunResult> small = run(new HarnessConfig(List.of(transport), 500, 2_000, 1, 32));
        // Longer than the 1408-byte MTU: Aeron fragments it, the far side reassembles it.
        final List<RunResult> large = run(new HarnessConfig(List.of(transport), 50, 200, 1, 3_000));

        assertEquals(2_000, small.getFirst().histogram().getTotalCount());
        assertEquals(200, large.getFirst().histogram().getTotalCount());
        assertEquals(dirsBefore, runDirs(transport), "run directories left behind");
        assertEquals(List.of(), ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList(),
            "child JVMs left running");
    }

    @ParameterizedTest
    @ValueSource(strings = {AeronUdpTransport.NAME, SlipstreamUdpTransport.NAME})
    void shouldStreamOneWayWithBackPressure(final String transport)
    {
        final List<RunResult> results = run(new HarnessConfig(List.of(transport), List.of(Mode.THROUGHPUT), 1_000,
            20_000, 1, 64, HarnessConfig.DEFAULT_RATE_PER_SECOND));

        assertEquals(1, results.size());
        assertTrue(results.getFirst().messagesPerSecond() > 0, transport);
    }

    @Test
    void shouldRunOnlyWhenNamed()
    {
        assertFalse(Transports.names().contains(AeronUdpTransport.NAME));
        assertFalse(Transports.names().contains(SlipstreamUdpTransport.NAME));
        assertEquals(AeronUdpTransport.NAME, Transports.byName(AeronUdpTransport.NAME).name());
        assertEquals(SlipstreamUdpTransport.NAME, Transports.byName(SlipstreamUdpTransport.NAME).name());
        assertTrue(Transports.byName(SlipstreamUdpTransport.NAME).supportsStreaming());
        assertFalse(Transports.names().contains(SlipstreamUdpTransport.ONE_THREAD_NAME));
        assertTrue(Transports.udpNames().contains(SlipstreamUdpTransport.ONE_THREAD_NAME));
        assertEquals(SlipstreamUdpTransport.ONE_THREAD_NAME,
            Transports.byName(SlipstreamUdpTransport.ONE_THREAD_NAME).name());
        assertTrue(Transports.byName(SlipstreamUdpTransport.ONE_THREAD_NAME).settings(null).stream()
            .anyMatch(line -> line.contains("bridge-threads driver")));
        assertTrue(Transports.byName(SlipstreamUdpTransport.NAME).settings(null).stream()
            .anyMatch(line -> line.contains("ack-channel")));
        for (final String name : List.of(AeronUdpTransport.NAME, SlipstreamUdpTransport.NAME))
        {
            final List<String> settings = Transports.byName(name).settings(null);
            assertTrue(settings.stream().anyMatch(line -> line.startsWith("idle strategy of every driver thread")) &&
                settings.stream().anyMatch(line -> line.startsWith("clients: ")), name + ": " + settings);
        }
    }

    private static List<RunResult> run(final HarnessConfig config)
    {
        return new LatencyHarness(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
            .run();
    }

    private static List<Path> runDirs(final String transport) throws IOException
    {
        try (Stream<Path> dirs = Files.list(RunDirectories.base()))
        {
            return dirs.filter(d -> d.getFileName().toString().startsWith("slipstream-perf-" + transport + "-"))
                .sorted().toList();
        }
    }
}
