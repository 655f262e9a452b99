package io.slipstream.perf.curves;

import io.slipstream.perf.core.ChildProcess;
import io.slipstream.perf.core.HarnessException;
import io.slipstream.perf.core.Mode;
import io.slipstream.perf.core.RunDirectories;
import io.slipstream.perf.core.RunSpec;
import io.slipstream.perf.core.Transport;
import io.slipstream.perf.core.Verification;
import io.slipstream.perf.loop.Measurement;
import io.slipstream.perf.loop.PongMain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One curve point over a transport across processes, the way the harness runs its rounds: a fresh directory under
 * /dev/shm, the transport's infrastructure, the harness's pong (echo, or acknowledging receiver for one-way) and a
 * {@link CurveSenderMain} in two fresh JVMs with the transport's flags, the directory deleted afterwards. Both ends
 * check each message as the run's {@link Verification} says, as the rounds' ends do.
 */
final class CrossProcessRun
{
    private static final long START_TIMEOUT_MS = 60_000;
    /** Hang guard: the slowest transport at 50 µs a message, plus an open-loop schedule. */
    private static final long MS_PER_MESSAGE_DIVISOR = 20;

    private CrossProcessRun()
    {
    }

    /**
     * A ping-pong or open-loop point: the harness's own loops.
     */
    static Measurement latency(
        final Transport transport, final Mode mode, final int sizeBytes, final long warmup, final long measured,
        final long ratePerSecond, final Verification verification)
    {
        return Measurement.decode(run(transport, mode, sizeBytes, warmup, measured, ratePerSecond, verification));
    }

    /**
     * A one-way point with its interval rates and refused offers.
     */
    static OneWayResult oneWay(
        final Transport transport, final int sizeBytes, final long warmup, final long measured,
        final Verification verification)
    {
        return OneWayResult.decode(run(transport, Mode.THROUGHPUT, sizeBytes, warmup, measured, 1, verification));
    }

    private static String run(
        final Transport transport, final Mode mode, final int sizeBytes, final long warmup, final long measured,
        final long ratePerSecond, final Verification verification)
    {
        final Path runDir = RunDirectories.create("slipstream-curve-" + transport.name() + "-");
        final RunSpec spec = new RunSpec(runDir, sizeBytes, mode);
        final long total = warmup + measured;
        final List<String> pongArgs = new ArrayList<>(List.of(transport.name(), runDir.toString(),
            Integer.toString(sizeBytes), mode.label(), Long.toString(total), verification.label()));
        if (mode == Mode.THROUGHPUT)
        {
            pongArgs.add(Long.toString(warmup - 1));
            pongArgs.add(Long.toString(total - 1));
        }
        final List<String> senderArgs = List.of(transport.name(), runDir.toString(), Integer.toString(sizeBytes),
            mode.label(), Long.toString(warmup), Long.toString(measured), Long.toString(ratePerSecond),
            verification.label());
        try (Transport.Infrastructure ignored = transport.prepare(spec);
            ChildProcess pong = ChildProcess.start("pong", PongMain.class, runDir, transport.jvmFlags(), pongArgs);
            ChildProcess sender = ChildProcess.start("sender", CurveSenderMain.class, runDir, transport.jvmFlags(),
                senderArgs))
        {
            pong.awaitLine(ChildProcess.READY, START_TIMEOUT_MS);
            if (sender.awaitLine(ChildProcess.READY, START_TIMEOUT_MS, pong::isAlive) == null)
            {
                throw pong.failure("died before the sender was ready");
            }
            sender.sendLine(CurveSenderMain.GO);
            final long scheduleMs = mode == Mode.OPEN_LOOP ? total * 1000 / Math.max(1, ratePerSecond) : 0;
            final long expectedMs = total / MS_PER_MESSAGE_DIVISOR + scheduleMs;
            final String line = sender.awaitLine(CurveSenderMain.RESULT, START_TIMEOUT_MS + expectedMs, pong::isAlive);
            if (line == null)
            {
                throw pong.failure("died during the run");
            }
            final String done = pong.awaitLine(ChildProcess.DONE, START_TIMEOUT_MS);
            if (!done.equals(ChildProcess.DONE + " " + total))
            {
                throw pong.failure("received '" + done + "', expected " + total + " messages");
            }
            return line.substring(CurveSenderMain.RESULT.length());
        }
        catch (final HarnessException ex)
        {
            throw ex;
        }
        catch (final Exception ex)
        {
            throw new HarnessException(transport.name() + " " + mode.label() + " point failed: " + ex, ex);
        }
        finally
        {
            RunDirectories.deleteRecursively(runDir);
        }
    }
}
