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
import java.util.concurrent.TimeUnit;

/**
 * The pong child JVM. Usage:
 * {@code PongMain <transport> <runDir> <lengthBytes> <mode> <totalMessages> <verification> [<ackSeq> <ackSeq>]}:
 * with the two sequence numbers it acknowledges only those (one-way throughput), else it echoes everything.
 * Prints {@code READY} once connected, {@code DONE <n>} after echoing n messages, and exits when stdin closes.
 * Any failure goes to stderr with a non-zero exit.
 */
public final class PongMain
{
    static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);

    private PongMain()
    {
    }

    public static void main(final String[] args)
    {
        final Transport transport = Transports.byName(args[0]);
        final RunSpec spec = new RunSpec(Path.of(args[1]), Integer.parseInt(args[2]), Mode.fromLabel(args[3]));
        final long totalMessages = Long.parseLong(args[4]);
        final Verification verification = Verification.fromLabel(args[5]);
        try (Endpoint endpoint = transport.open(spec, Side.PONG, ChildProcess::parentAlive))
        {
            System.out.println(ChildProcess.READY);
            System.out.flush();
            final LoopContext context = new LoopContext(endpoint, spec.messageLengthBytes(),
                ChildProcess::parentAlive, TIMEOUT_NS, verification, transport.spinWait());
            final PongLoop loop = args.length > 6 ?
                PongLoop.acknowledging(context, Long.parseLong(args[6]), Long.parseLong(args[7]),
                    args.length > 8 ? Long.parseLong(args[8]) : 0) :
                new PongLoop(context);
            loop.run(totalMessages);
            System.out.println(ChildProcess.DONE + " " + loop.echoed());
            System.out.flush();
            ChildProcess.awaitStdinClosed();
        }
        catch (final Throwable ex)
        {
            ex.printStackTrace();
            System.exit(1);
        }
    }
}
