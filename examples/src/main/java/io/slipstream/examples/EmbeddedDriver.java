package io.slipstream.examples;

import io.slipstream.driver.BridgeSpec;
import io.slipstream.driver.DriverContext;
import io.slipstream.driver.SlipstreamDriver;
import io.slipstream.engine.RuntimeAccess;
import io.slipstream.engine.WaitStrategy;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A media driver embedded in a service's own process, set up in code with a typed {@link DriverContext} instead of
 * a config file: it carries the ring {@code orders} to a peer over UDP until the process is stopped. Arguments:
 * the ring directory, the Aeron directory and the peer's {@code host:port}.
 */
public final class EmbeddedDriver
{
    private EmbeddedDriver()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        RuntimeAccess.ensureAvailableOrExit();
        final SlipstreamDriver driver = start(Path.of(args[0]), Path.of(args[1]), args[2]);
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            driver.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    /** Starts a driver with one bridge, ring {@code orders} to the peer's stream 10. */
    public static SlipstreamDriver start(final Path ringDir, final Path aeronDir, final String peer)
    {
        final DriverContext context = new DriverContext()
            .ringDir(ringDir)
            .aeronDir(aeronDir)
            .idleStrategy(() -> new BackoffIdleStrategy(100, 10, 1_000, 1_000_000))    // each bridge thread
            .driverIdleStrategy(WaitStrategy.YIELDING::newIdleStrategy)                 // Aeron's threads
            .bridge(BridgeSpec.parse("ring:orders -> aeron:udp?endpoint=" + peer + "|stream=10"));
        return SlipstreamDriver.launch(context);
    }
}
