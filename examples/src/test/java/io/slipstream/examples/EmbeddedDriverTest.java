package io.slipstream.examples;

import io.slipstream.driver.DriverCounters;
import io.slipstream.driver.DriverReadiness;
import io.slipstream.driver.SlipstreamDriver;
import io.slipstream.test.RingDirectoryExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's embedded driver starts, says it is ready, shows its bridge's counters, and stops. */
class EmbeddedDriverTest
{
    @RegisterExtension
    final RingDirectoryExtension directories = new RingDirectoryExtension();

    @Test
    void shouldBeReadyWithOneBridgeAndNoLongerOnceClosed() throws Exception
    {
        final Path ringDir = Files.createDirectories(directories.path().resolve("rings"));
        final Path aeronDir = directories.path().resolve("aeron");
        final int port;
        try (DatagramSocket socket = new DatagramSocket(0))
        {
            port = socket.getLocalPort();
        }
        try (SlipstreamDriver driver = EmbeddedDriver.start(ringDir, aeronDir, "127.0.0.1:" + port))
        {
            final DriverReadiness.Driver ready = DriverReadiness.await(aeronDir, Duration.ofSeconds(30), () -> true);
            assertEquals(1, ready.bridges());
            final int[] bridgeCounters = {0};
            driver.aeron().countersReader().forEach((counterId, typeId, key, label) ->
            {
                if (DriverCounters.isBridgeCounter(typeId))
                {
                    bridgeCounters[0]++;
                }
            });
            assertEquals(DriverCounters.LAST_TYPE_ID - DriverCounters.TYPE_ID_BASE, bridgeCounters[0]);
        }
        assertEquals(Optional.empty(), DriverReadiness.read(aeronDir));
    }
}
