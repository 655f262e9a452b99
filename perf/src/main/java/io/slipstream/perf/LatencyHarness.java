package io.slipstream.perf;

import io.slipstream.perf.core.ChildProcess;
import io.slipstream.perf.core.HarnessException;
import io.slipstream.perf.core.Mode;
import io.slipstream.perf.core.RunDirectories;
import io.slipstream.perf.core.RunSpec;
import io.slipstream.perf.core.Side;
import io.slipstream.perf.core.Transport;
import io.slipstream.perf.loop.MeasuredWindow;
import io.slipstream.perf.loop.Measurement;
import io.slipstream.perf.loop.PingMain;
import io.slipstream.perf.loop.PongMain;
import io.slipstream.perf.loop.ThroughputPing;
import io.slipstream.perf.transport.Transports;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cross-process runs, rounds interleaved across transports with the order rotated by one each round (A B C D,
 * B C D A, C D A B, ...), so no transport always runs first or always follows the same one; one run at a time.
 * Both sides of every run are fresh child JVMs: the sending and timing side ({@link PingMain}) and the pong (echo
 * or receiver) side ({@link PongMain}), started with the transport's own JVM flags if it has any (Chronicle), so
 * no transport runs on JIT profiles left by another and the harness JVM never needs those flags. Each run gets
 * a fresh directory under /dev/shm that is deleted afterwards, a cache-line probe before and after, and an
 * account of the CPU other processes used while it ran, and the page faults and context switches of each child
 * over the measured messages (read by the sending side, outside the timed intervals).
 */
public final class LatencyHarness
{
    private static final long PEER_START_TIMEOUT_MS = 60_000;

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
        if (config.options().placement().pinned() && MachineDescription.run(Placement.TASKSET, "-V") == null)
        {
            throw new HarnessException("--cpus pins the two sides with taskset, which is not on the PATH");
        }
        final Map<String, Transport> transports = new LinkedHashMap<>();
        for (final Transport transport : Transports.byNames(config.transports(), config.options().aeronThreading()))
        {
            transports.put(transport.name(), transport);
        }
        progress.printf(Locale.ROOT, "Runs are sequential: one transport at a time, rounds interleaved, the " +
            "order rotating by one each round (%s; then %s; ...). " +
            "%d round(s) of %s over %s; %,d warm-up + %,d measured messages per run (in throughput %d x the " +
            "warm-up and %d x the measured), of %s B.%n",
            String.join(" ", config.transports()), String.join(" ", config.transportsInRound(2)),
            config.rounds(), labels(config.modes()),
            String.join(", ", config.transports()), config.warmupMessages(), config.measuredMessages(),
            HarnessConfig.THROUGHPUT_WARMUP_FACTOR, HarnessConfig.THROUGHPUT_MESSAGE_FACTOR,
            String.join(", ", config.allSizes().stream().map(String::valueOf).toList()));
        progress.println("Per-message check: " + config.options().verification().describe() + ". Placement: " +
            config.options().placement().describe() + ".");
        final List<RunResult> results = new ArrayList<>();
        for (int round = 1; round <= config.rounds(); round++)
        {
            for (final Mode mode : config.modes())
            {
                if (!mode.perTransport())
                {
                    continue;
                }
                for (final int sizeBytes : config.sizesFor(mode))
                {
                    for (final String name : config.transportsInRound(round))
                    {
                        final Transport transport = transports.get(name.trim());
                        if (mode.streaming() && !transport.supportsStreaming())
                        {
                            if (round == 1)
                            {
                                progress.println("(" + transport.name() + " has no back-pressure: not run in " +
                                    mode.label() + " mode)");
                            }
                            continue;
                        }
                        final RunResult result = runOnce(transport, mode, sizeBytes, round);
                        results.add(result);
                        progress.println(progressLine(result));
                    }
                }
            }
        }
        return results;
    }

    private static String labels(final List<Mode> modes)
    {
        return String.join(", ", modes.stream().map(Mode::label).toList());
    }

    private String progressLine(final RunResult r)
    {
        final String host = String.format(Locale.ROOT, " | probe %d/%d ns (%s), other CPU %.0f%% of a core%s",
            r.probeBeforeNs(), r.probeAfterNs(), r.hostState(), r.otherCpuPercent(),
            r.contended() ? " CONTENDED" : "");
        final String head = String.format(Locale.ROOT, "[round %d/%d] %-10s %4d B %-10s", r.round(),
            config.rounds(), r.mode().label(), r.messageLengthBytes(), r.transport());
        if (r.mode() == Mode.THROUGHPUT)
        {
            return head + String.format(Locale.ROOT, " %,.2f M msg/s", r.messagesPerSecond() / 1e6) + host;
        }
        final Histogram h = r.histogram();
        String line = head + String.format(Locale.ROOT, " p50 %,7d ns  p99 %,8d ns  p99.9 %,9d ns  max %,11d ns",
            h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue());
        if (r.naive() != null)
        {
            line += String.format(Locale.ROOT, " (naive p99 %,d ns)", r.naive().getValueAtPercentile(99));
        }
        return line + host;
    }

    private RunResult runOnce(final Transport transport, final Mode mode, final int sizeBytes, final int round)
    {
        final Path runDir = RunDirectories.create("slipstream-perf-" + transport.name() + "-");
        try
        {
            return runIn(transport, mode, round, new RunSpec(runDir, sizeBytes, mode));
        }
        finally
        {
            RunDirectories.deleteRecursively(runDir);
        }
    }

    private List<String> pongArgs(final Transport transport, final RunSpec spec)
    {
        final long totalMessages = config.warmupMessages(spec.mode()) + config.measuredMessages(spec.mode());
        final List<String> args = new ArrayList<>(List.of(
            transport.name(), spec.runDir().toString(), Integer.toString(spec.messageLengthBytes()),
            spec.mode().label(), Long.toString(totalMessages), config.options().verification().label()));
        if (spec.mode() == Mode.THROUGHPUT)
        {
            args.add(Long.toString(config.warmupMessages(spec.mode()) - 1));
            args.add(Long.toString(totalMessages - 1));
            args.add(Long.toString(ThroughputPing.warmupChunk(config.warmupMessages(spec.mode()))));
        }
        return args;
    }

    private List<String> pingArgs(
        final Transport transport,
        final RunSpec spec,
        final ChildProcess pong,
        final Transport.Infrastructure infrastructure)
    {
        return List.of(transport.name(), spec.runDir().toString(), Integer.toString(spec.messageLengthBytes()),
            spec.mode().label(), Long.toString(config.warmupMessages(spec.mode())),
            Long.toString(config.measuredMessages(spec.mode())),
            Long.toString(config.ratePerSecond()), config.options().verification().label(),
            MeasuredWindow.encodePids(children(pong, infrastructure)));
    }

    private RunResult runIn(final Transport transport, final Mode mode, final int round, final RunSpec spec)
    {
        final long totalMessages = config.warmupMessages(mode) + config.measuredMessages(mode);
        // Both sides in fresh JVMs: no transport inherits JIT profiles (megamorphic call sites in the loops) from
        // the transports measured before it, and a transport's JVM flags reach only its own processes.
        try (Transport.Infrastructure infrastructure = transport.prepare(spec);
            ChildProcess pong = ChildProcess.start("pong", PongMain.class, spec.runDir(),
                config.options().placement().commandPrefix(Side.PONG), transport.jvmFlags(),
                pongArgs(transport, spec));
            ChildProcess ping = ChildProcess.start("ping", PingMain.class, spec.runDir(),
                config.options().placement().commandPrefix(Side.PING), transport.jvmFlags(),
                pingArgs(transport, spec, pong, infrastructure)))
        {
            pong.awaitLine(ChildProcess.READY, PEER_START_TIMEOUT_MS);
            if (ping.awaitLine(ChildProcess.READY, PEER_START_TIMEOUT_MS, pong::isAlive) == null)
            {
                throw pong.failure("died before the ping JVM was ready");
            }

            final long probeBeforeNs = CacheLineProbe.medianRoundTripNs();
            final List<Long> ownPids = new ArrayList<>(infrastructure.pids());
            ownPids.add(ProcessHandle.current().pid());
            ownPids.add(pong.pid());
            ownPids.add(ping.pid());
            final CpuAccounting cpu = CpuAccounting.start(ownPids);
            final long startMs = System.currentTimeMillis();
            final Measurement measurement;
            try
            {
                measurement = measureRemote(ping, totalMessages, pong);
            }
            catch (final HarnessException ex)
            {
                throw pong.failure(
                    "(" + transport.name() + ", " + mode.label() + ", round " + round + "): " + ex.getMessage());
            }
            measurement.histogram().setStartTimeStamp(startMs);
            measurement.histogram().setEndTimeStamp(System.currentTimeMillis());
            final double otherCpuPercent = cpu.otherPercentOfCore();
            final String done = pong.awaitLine(ChildProcess.DONE, PEER_START_TIMEOUT_MS);
            if (!done.equals(ChildProcess.DONE + " " + totalMessages))
            {
                throw pong.failure("received '" + done + "', expected " + totalMessages + " messages");
            }
            final long probeAfterNs = CacheLineProbe.medianRoundTripNs();
            return new RunResult(transport.name(), mode, round, spec.messageLengthBytes(), measurement.histogram(),
                measurement.naive(), measurement.messagesPerSecond(), probeBeforeNs, probeAfterNs, otherCpuPercent,
                measurement.processes());
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

    /**
     * @return the run's child processes by role: "ping" (itself, {@link PingMain#SELF_PID}), "pong", then "driver"
     * for each process the transport started ("driver-2", ... if several).
     */
    private static Map<String, Long> children(
        final ChildProcess pong, final Transport.Infrastructure infrastructure)
    {
        final Map<String, Long> children = new LinkedHashMap<>();
        children.put("ping", PingMain.SELF_PID);
        children.put("pong", pong.pid());
        final List<Long> others = infrastructure.pids();
        for (int i = 0; i < others.size(); i++)
        {
            children.put(i == 0 ? "driver" : "driver-" + (i + 1), others.get(i));
        }
        return children;
    }

    /**
     * Start the child ping JVM's measurement and wait for its result (a hang guard generous enough for the
     * slowest transport at 50 µs a message, plus the open-loop schedule).
     */
    private Measurement measureRemote(final ChildProcess ping, final long totalMessages, final ChildProcess pong)
    {
        ping.sendLine(PingMain.GO);
        final long expectedMs = totalMessages / 20 + totalMessages * 1000 / config.ratePerSecond();
        final String line = ping.awaitLine(PingMain.RESULT, PEER_START_TIMEOUT_MS + expectedMs, pong::isAlive);
        if (line == null)
        {
            throw new HarnessException("the pong JVM died during the run");
        }
        return Measurement.decode(line.substring(PingMain.RESULT.length()));
    }
}
