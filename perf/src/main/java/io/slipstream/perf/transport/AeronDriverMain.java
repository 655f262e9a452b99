package io.slipstream.perf.transport;

import io.aeron.driver.MediaDriver;
import io.slipstream.perf.core.ChildProcess;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

/**
 * A stand-alone Aeron media driver for the IPC baseline, in its own JVM, with the threading it is given
 * ({@link AeronThreading}, resolved by the harness): dedicated or shared-network agents busy-spin, as Aeron advises
 * for low latency; a shared agent backs off to parking when idle, so on two cores it does not compete with the two
 * busy-spinning clients. The IPC data path does not go through the driver once the publication and subscription
 * are connected. Log files are non-sparse, so their pages are allocated when the driver creates them rather than
 * on first write; the JVM is started with {@code -Daeron.pre.touch.mapped.memory=true} ({@link #PRE_TOUCH_FLAG}),
 * so what the driver maps is touched too.
 * <p>
 * Usage: {@code AeronDriverMain <aeronDir> <threading>}; prints {@code READY}, exits when stdin closes.
 */
public final class AeronDriverMain
{
    private static final long MAX_SPINS = 10;
    private static final long MAX_YIELDS = 10;
    private static final long MIN_PARK_NS = 1_000;
    private static final long MAX_PARK_NS = 1_000_000;
    /** The driver's Context has no setter for pre-touch: Aeron reads this system property. */
    static final String PRE_TOUCH_FLAG = "-Daeron.pre.touch.mapped.memory=true";

    private AeronDriverMain()
    {
    }

    public static void main(final String[] args)
    {
        final AeronThreading threading = AeronThreading.fromLabel(args[1]);
        final MediaDriver.Context context = new MediaDriver.Context()
            .aeronDirectoryName(args[0])
            .threadingMode(threading.threadingMode())
            .termBufferSparseFile(false)
            .sharedIdleStrategy(idleStrategy(threading))
            .sharedNetworkIdleStrategy(idleStrategy(threading))
            .conductorIdleStrategy(idleStrategy(threading))
            .senderIdleStrategy(idleStrategy(threading))
            .receiverIdleStrategy(idleStrategy(threading))
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

    private static IdleStrategy idleStrategy(final AeronThreading threading)
    {
        return threading.busySpin() ? new BusySpinIdleStrategy() :
            new BackoffIdleStrategy(MAX_SPINS, MAX_YIELDS, MIN_PARK_NS, MAX_PARK_NS);
    }
}
