package io.slipstream.perf.transport;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.slipstream.perf.ChildProcess;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

/**
 * A stand-alone Aeron media driver for the IPC baseline, in its own JVM: one shared agent thread that backs off
 * to parking when idle, so on two cores it does not compete with the two busy-spinning clients. The IPC data
 * path does not go through the driver once the publication and subscription are connected. Log files are
 * non-sparse, so their pages are allocated when the driver creates them rather than on first write.
 * <p>
 * Usage: {@code AeronDriverMain <aeronDir>}; prints {@code READY}, exits when stdin closes.
 */
public final class AeronDriverMain
{
    private static final long MAX_SPINS = 10;
    private static final long MAX_YIELDS = 10;
    private static final long MIN_PARK_NS = 1_000;
    private static final long MAX_PARK_NS = 1_000_000;

    private AeronDriverMain()
    {
    }

    public static void main(final String[] args)
    {
        final MediaDriver.Context context = new MediaDriver.Context()
            .aeronDirectoryName(args[0])
            .threadingMode(ThreadingMode.SHARED)
            .termBufferSparseFile(false)
            .sharedIdleStrategy(new BackoffIdleStrategy(MAX_SPINS, MAX_YIELDS, MIN_PARK_NS, MAX_PARK_NS))
            .asyncExecutorIdleStrategy(new SleepingMillisIdleStrategy(1))
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true);
        try (MediaDriver driver = MediaDriver.launch(context))
        {
            System.err.println("media driver in " + driver.aeronDirectoryName());
            System.out.println(ChildProcess.READY);
            System.out.flush();
            ChildProcess.awaitStdinClosed();
        }
    }
}
