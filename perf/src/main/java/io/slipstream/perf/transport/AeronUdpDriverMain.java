package io.slipstream.perf.transport;

import io.aeron.driver.MediaDriver;
import io.slipstream.driver.DriverContext;
import io.slipstream.engine.WaitStrategy;
import io.slipstream.perf.core.ChildProcess;

/**
 * A stand-alone Aeron media driver for the {@code aeron-udp} baseline, in its own JVM, set up the way the Slipstream
 * media driver sets up the Aeron driver it embeds: the threading mode, one idle strategy for every driver thread,
 * term length, MTU and publication window given on the command line; Aeron's defaults for everything else.
 * <p>
 * Usage: {@code AeronUdpDriverMain <aeronDir> <idle> <threading> <termLengthBytes> <mtuBytes>
 * <publicationWindowBytes>}; prints {@code READY}, exits (deleting its directory) when stdin closes.
 */
public final class AeronUdpDriverMain
{
    private static final int ARGS = 6;

    private AeronUdpDriverMain()
    {
    }

    public static void main(final String[] args)
    {
        if (args.length != ARGS)
        {
            System.err.println("usage: AeronUdpDriverMain <aeronDir> <idle> <threading> <termLengthBytes> " +
                "<mtuBytes> <publicationWindowBytes>");
            System.exit(2);
        }
        final WaitStrategy idle = WaitStrategy.parse(args[1]);
        final MediaDriver.Context context = new MediaDriver.Context()
            .aeronDirectoryName(args[0])
            .threadingMode(DriverContext.parseThreading(args[2]))
            .conductorIdleStrategy(idle.newIdleStrategy())
            .senderIdleStrategy(idle.newIdleStrategy())
            .receiverIdleStrategy(idle.newIdleStrategy())
            .sharedNetworkIdleStrategy(idle.newIdleStrategy())
            .sharedIdleStrategy(idle.newIdleStrategy())
            .publicationTermBufferLength(Integer.parseInt(args[3]))
            .mtuLength(Integer.parseInt(args[4]))
            .publicationTermWindowLength(Integer.parseInt(args[5]))
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true);
        try (MediaDriver driver = MediaDriver.launch(context))
        {
            System.err.println("media driver in " + driver.aeronDirectoryName() + ", " + idle + ", " + args[2]);
            System.out.println(ChildProcess.READY);
            System.out.flush();
            ChildProcess.awaitStdinClosed();
        }
    }
}
