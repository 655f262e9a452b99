package io.slipstream.perf.loop;

import io.slipstream.perf.core.ChildProcess;
import io.slipstream.perf.core.Endpoint;
import io.slipstream.perf.core.Mode;
import io.slipstream.perf.core.RunSpec;
import io.slipstream.perf.core.Side;
import io.slipstream.perf.core.Transport;
import io.slipstream.perf.core.Verification;
import io.slipstream.perf.transport.Transports;

import java.nio.file.Path;

/**
 * The sending and timing side of a run, in a child JVM started for that run alone. Usage:
 * {@code PingMain <transport> <runDir> <lengthBytes> <mode> <warmup> <measured> <ratePerSecond>
 * <verification> <pids>}, pids as {@link MeasuredWindow#encodePids} (the processes whose page faults and context
 * switches are read over the measured window; "self" stands for this JVM). Opens its endpoint
 * and prints {@code READY}; runs when the harness sends {@code GO} on stdin (after its host probe); prints
 * {@code RESULT <measurement>} ({@link Measurement#encode()}) and exits when stdin closes. Any failure goes to
 * stderr with a non-zero exit.
 */
public final class PingMain
{
    /** Line the harness sends to start the measurement. */
    public static final String GO = "GO";
    /** Prefix of the line that carries the measurement back. */
    public static final String RESULT = "RESULT ";
    /** Stands for the ping JVM's own pid in its argument list (it is not known before the JVM starts). */
    public static final long SELF_PID = 0;

    private PingMain()
    {
    }

    private static java.util.Map<String, Long> pids(final String text)
    {
        final java.util.Map<String, Long> pids = new java.util.LinkedHashMap<>();
        MeasuredWindow.decodePids(text).forEach((role, pid) ->
            pids.put(role, pid == SELF_PID ? ProcessHandle.current().pid() : pid));
        return pids;
    }

    public static void main(final String[] args)
    {
        try
        {
            final Transport transport = Transports.byName(args[0]);
            final Mode mode = Mode.fromLabel(args[3]);
            final RunSpec spec = new RunSpec(Path.of(args[1]), Integer.parseInt(args[2]), mode);
            try (Endpoint endpoint = transport.open(spec, Side.PING, ChildProcess::parentAlive))
            {
                System.out.println(ChildProcess.READY);
                System.out.flush();
                ChildProcess.awaitStdinLine(GO);
                final LoopContext context = new LoopContext(endpoint, spec.messageLengthBytes(),
                    ChildProcess::parentAlive, PongMain.TIMEOUT_NS, Verification.fromLabel(args[7]),
                    transport.spinWait());
                final Measurement measurement = Measurement.run(context, mode, Long.parseLong(args[4]),
                    Long.parseLong(args[5]), Long.parseLong(args[6]), new MeasuredWindow(pids(args[8])));
                System.out.println(RESULT + measurement.encode());
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
