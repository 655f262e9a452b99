package io.slipstream.perf.curves;

import io.slipstream.perf.core.ChildProcess;
import io.slipstream.perf.core.Endpoint;
import io.slipstream.perf.core.Mode;
import io.slipstream.perf.core.RunSpec;
import io.slipstream.perf.core.Side;
import io.slipstream.perf.core.Transport;
import io.slipstream.perf.core.Verification;
import io.slipstream.perf.loop.LoopContext;
import io.slipstream.perf.loop.Measurement;
import io.slipstream.perf.transport.Transports;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The sending side of one curve point over a transport, in a child JVM started for that point alone. Usage:
 * {@code CurveSenderMain <transport> <runDir> <lengthBytes> <mode> <warmup> <measured> <ratePerSecond>
 * <verification>} with mode {@code pingpong}, {@code open-loop} (the harness's own loops, {@link Measurement}) or
 * {@code throughput} ({@link IntervalThroughput}), and verification {@code sampled} or {@code full} (what both ends
 * check per message, the pong as told by the same label). Prints {@code READY} once its endpoint is open, runs when
 * it reads {@code GO}, prints {@code RESULT <encoded result>} and exits when stdin closes; any failure goes to stderr
 * with exit code 1.
 */
public final class CurveSenderMain
{
    static final String GO = "GO";
    static final String RESULT = "RESULT ";
    static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);

    private CurveSenderMain()
    {
    }

    public static void main(final String[] args)
    {
        try
        {
            final Transport transport = Transports.byName(args[0]);
            final Mode mode = Mode.fromLabel(args[3]);
            final RunSpec spec = new RunSpec(Path.of(args[1]), Integer.parseInt(args[2]), mode);
            final long warmup = Long.parseLong(args[4]);
            final long measured = Long.parseLong(args[5]);
            final Verification verification = Verification.fromLabel(args[7]);
            try (Endpoint endpoint = transport.open(spec, Side.PING, ChildProcess::parentAlive))
            {
                System.out.println(ChildProcess.READY);
                System.out.flush();
                ChildProcess.awaitStdinLine(GO);
                final String result = mode == Mode.THROUGHPUT ?
                    new IntervalThroughput(endpoint, spec.messageLengthBytes(), ChildProcess::parentAlive, TIMEOUT_NS,
                        verification).run(warmup, measured).encode() :
                    Measurement.run(new LoopContext(endpoint, spec.messageLengthBytes(), ChildProcess::parentAlive,
                        TIMEOUT_NS, verification, transport.spinWait()), mode, warmup, measured,
                        Long.parseLong(args[6])).encode();
                System.out.println(RESULT + result);
                System.out.flush();
                ChildProcess.awaitStdinClosed();
            }
        }
        catch (final Throwable ex)
        {
            ex.printStackTrace();
            System.exit(1);
        }
    }
}
