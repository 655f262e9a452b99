package io.slipstream.driver;

import io.slipstream.engine.RingContext;
import io.slipstream.engine.Subscription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code scripts/driver remove-bridge 'ring:<name> -> <channel>'}: removes a sending bridge for good. A sending bridge
 * holds a durable consumer slot of its ring, which keeps holding the ring's producer while its driver is down (that
 * is what makes a restart lose nothing); a bridge that will not run again must be removed, or the producer stops once
 * the ring is full. Frees the slot and deletes the bridge's identity file; refused while a driver runs the bridge.
 */
@Command(name = "remove-bridge", mixinStandardHelpOptions = true,
    description = {"Removes a sending bridge's hold on its ring for good (its durable consumer slot), so the ring's",
        "producer no longer waits for it. Refused while a driver runs that bridge."})
public final class RemoveBridgeCommand implements Callable<Integer>
{
    @Option(names = "--ring-dir", paramLabel = "DIR",
        description = "Directory of the rings (default ${DEFAULT-VALUE}).")
    private Path ringDir = RingContext.DEFAULT_DIRECTORY;

    @Parameters(paramLabel = "BRIDGE", description = "The bridge as the driver ran it: 'ring:<name> -> <channel>'.")
    private String bridge;

    @Override
    public Integer call() throws IOException
    {
        final BridgeSpec spec = BridgeSpec.parse(bridge);
        if (spec.direction() != BridgeSpec.Direction.RING_TO_CHANNEL)
        {
            System.err.println("only a sending bridge (ring:<name> -> <channel>) holds its ring: " + spec.text());
            return 2;
        }
        remove(ringDir, spec);
        System.out.println("removed bridge " + spec.text() + " (durable consumer '" +
            SlipstreamDriver.durableConsumerName(spec) + "' of " + ringDir.resolve(spec.ringName() + ".ring") + ")");
        return 0;
    }

    /** Frees the bridge's durable slot and deletes its identity file. */
    static void remove(final Path ringDir, final BridgeSpec spec) throws IOException
    {
        Subscription.removeDurableConsumer(new RingContext().directory(ringDir).streamName(spec.ringName()),
            SlipstreamDriver.durableConsumerName(spec));
        Files.deleteIfExists(SlipstreamDriver.identityFile(ringDir, spec));
    }
}
