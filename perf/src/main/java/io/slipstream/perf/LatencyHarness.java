package io.slipstream.perf;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.slipstream.perf.transport.Transports;
import org.HdrHistogram.Histogram;

/**
 * Cross-process ping-pong, rounds interleaved across transports (A B C D, A B C D, ...), one run at a time.
 * The ping side runs in this JVM; the pong side is a child JVM started per run ({@link PongMain}). Each run gets
 * a fresh directory under /dev/shm that is deleted afterwards, a cache-line probe before and after, and an
 * account of the CPU other processes used while it ran.
 */
public final class LatencyHarness
{
    static final Path SHM = Path.of("/dev/shm");
    private static final long HIGHEST_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(10);
    private static final int SIGNIFICANT_DIGITS = 3;
    private static final long PEER_START_TIMEOUT_MS = 60_000;
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);

    private final HarnessConfig config;
    private final PrintStream progress;

    public LatencyHarness(final HarnessConfig config, final PrintStream progress)
    {
        this.config = config;
        this.progress = progress;
    }

    /**
     * @return every run's result, in the order run.
     */
    public List<RunResult> run()
    {
        final List<Transport> transports = Transports.byNames(config.transports());
        progress.printf(Locale.ROOT, "Runs are sequential: one transport at a time, rounds interleaved %s. " +
            "%d round(s) x %d transport(s), %,d warm-up + %,d measured round trips of %d B each.%n",
            String.join(" ", config.transports()), config.rounds(), transports.size(), config.warmupMessages(),
            config.measuredMessages(), config.messageLengthBytes());
        final List<RunResult> results = new ArrayList<>();
        for (int round = 1; round <= config.rounds(); round++)
        {
            for (final Transport transport : transports)
            {
                final RunResult result = runOnce(transport, round);
                results.add(result);
                progress.println(progressLine(result));
            }
        }
        return results;
    }

    private String progressLine(final RunResult r)
    {
        final Histogram h = r.histogram();
        return String.format(Locale.ROOT,
            "[round %d/%d] %-10s p50 %,7d ns  p99 %,8d ns  p99.9 %,9d ns  max %,11d ns | probe %d/%d ns (%s), " +
            "other CPU %.0f%% of a core%s",
            r.round(), config.rounds(), r.transport(), h.getValueAtPercentile(50), h.getValueAtPercentile(99),
            h.getValueAtPercentile(99.9), h.getMaxValue(), r.probeBeforeNs(), r.probeAfterNs(), r.hostState(),
            r.otherCpuPercent(), r.contended() ? " CONTENDED" : "");
    }

    private RunResult runOnce(final Transport transport, final int round)
    {
        final Path runDir = createRunDir(transport.name());
        try
        {
            return runIn(transport, round, new RunSpec(runDir, config.messageLengthBytes()));
        }
        finally
        {
            deleteRecursively(runDir);
        }
    }

    private RunResult runIn(final Transport transport, final int round, final RunSpec spec)
    {
        final long totalMessages = config.warmupMessages() + config.measuredMessages();
        final Histogram histogram = new Histogram(HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
        try (Transport.Infrastructure infrastructure = transport.prepare(spec);
            ChildProcess pong = ChildProcess.start("pong", PongMain.class, spec.runDir(), List.of(
                transport.name(), spec.runDir().toString(), Integer.toString(spec.messageLengthBytes()),
                Long.toString(totalMessages)));
            Endpoint endpoint = transport.open(spec, Side.PING, pong::isAlive))
        {
            pong.awaitLine(ChildProcess.READY, PEER_START_TIMEOUT_MS);

            final long probeBeforeNs = CacheLineProbe.medianRoundTripNs();
            final List<Long> ownPids = new ArrayList<>(infrastructure.pids());
            ownPids.add(ProcessHandle.current().pid());
            ownPids.add(pong.pid());
            final CpuAccounting cpu = CpuAccounting.start(ownPids);
            try
            {
                new PingLoop(endpoint, spec.messageLengthBytes(), pong::isAlive, TIMEOUT_NS)
                    .run(config.warmupMessages(), config.measuredMessages(), histogram);
            }
            catch (final HarnessException ex)
            {
                throw pong.failure("(" + transport.name() + ", round " + round + "): " + ex.getMessage());
            }
            final double otherCpuPercent = cpu.otherPercentOfCore();
            final String done = pong.awaitLine(ChildProcess.DONE, PEER_START_TIMEOUT_MS);
            if (!done.equals(ChildProcess.DONE + " " + totalMessages))
            {
                throw pong.failure("echoed '" + done + "', expected " + totalMessages + " messages");
            }
            final long probeAfterNs = CacheLineProbe.medianRoundTripNs();
            return new RunResult(transport.name(), round, histogram, probeBeforeNs, probeAfterNs, otherCpuPercent);
        }
        catch (final HarnessException ex)
        {
            throw ex;
        }
        catch (final Exception ex)
        {
            throw new HarnessException(transport.name() + " run failed: " + ex, ex);
        }
    }

    private static Path createRunDir(final String transportName)
    {
        try
        {
            final Path base = Files.isDirectory(SHM) ? SHM : Path.of(System.getProperty("java.io.tmpdir"));
            return Files.createTempDirectory(base, "slipstream-perf-" + transportName + "-");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static void deleteRecursively(final Path dir)
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(path);
            }
        }
        catch (final IOException ex)
        {
            System.err.println("warning: could not delete " + dir + ": " + ex);
        }
    }
}
