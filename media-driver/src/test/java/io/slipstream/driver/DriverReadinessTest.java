package io.slipstream.driver;

import io.slipstream.test.RingDirectoryExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Another process learns that a driver is ready, and where its counters are, from its readiness file. */
class DriverReadinessTest
{
    @RegisterExtension
    final RingDirectoryExtension directories = new RingDirectoryExtension("slipstream-driver-test-");

    @Test
    void shouldSayReadyWhileTheDriverRunsAndNotAfter() throws Exception
    {
        final Path aeronDir = directories.path().resolve("aeron");
        final Path ringDir = Files.createDirectories(directories.path().resolve("rings"));
        assertEquals(Optional.empty(), DriverReadiness.read(aeronDir));
        try (SlipstreamDriver driver = SlipstreamDriver.launch(TestSetup.driver(aeronDir, ringDir,
            "ring:out -> aeron:udp?endpoint=127.0.0.1:" + TestSetup.freeUdpPort()).drainTimeoutMs(0)))
        {
            final DriverReadiness.Driver ready = DriverReadiness.await(aeronDir, Duration.ofSeconds(30), () -> true);
            assertEquals(ProcessHandle.current().pid(), ready.pid());
            assertEquals(aeronDir.toAbsolutePath(), ready.aeronDir());
            assertEquals(ringDir.toAbsolutePath(), ready.ringDir());
            assertEquals(1, ready.bridges());
            assertTrue(Files.isRegularFile(ready.cncFile()), ready.cncFile().toString());
            assertEquals(1, countBridgeCounters(driver, DriverCounters.MESSAGES_TYPE_ID));
        }
        assertEquals(Optional.empty(), DriverReadiness.read(aeronDir));
    }

    @Test
    void shouldCountTheBridgesThatHaveAPeer() throws Exception
    {
        final String channel = "aeron:udp?endpoint=127.0.0.1:" + TestSetup.freeUdpPort() + "|stream=10";
        final Path ringsA = Files.createDirectories(directories.path().resolve("rings-a"));
        final Path ringsB = Files.createDirectories(directories.path().resolve("rings-b"));
        try (SlipstreamDriver sender = SlipstreamDriver.launch(TestSetup.driver(directories.path().resolve("aeron-a"),
            ringsA, "ring:out -> " + channel).drainTimeoutMs(0)))
        {
            // Negative control: no receiver yet, so no bridge has a peer.
            assertEquals(0, DriverCounters.connectedBridges(sender.aeron().countersReader()));
            try (SlipstreamDriver receiver = SlipstreamDriver.launch(TestSetup.driver(
                directories.path().resolve("aeron-b"), ringsB, channel + " -> ring:in").drainTimeoutMs(0)))
            {
                final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (DriverCounters.connectedBridges(sender.aeron().countersReader()) < 1 ||
                    DriverCounters.connectedBridges(receiver.aeron().countersReader()) < 1)
                {
                    assertTrue(System.nanoTime() < deadlineNs, "hang guard: the bridges never connected");
                    Thread.sleep(10);
                }
                assertEquals(1, DriverCounters.connectedBridges(sender.aeron().countersReader()));
                assertEquals(1, DriverCounters.connectedBridges(receiver.aeron().countersReader()));
            }
        }
    }

    @Test
    void shouldNotBelieveTheFileOfADeadDriver() throws Exception
    {
        // The file a driver killed with kill -9 leaves: its process is gone.
        final Process exited = new ProcessBuilder("true").start();
        assertTrue(exited.waitFor(30, TimeUnit.SECONDS), "hang guard");
        final Path aeronDir = Files.createDirectories(directories.path().resolve("aeron"));
        Files.writeString(DriverReadiness.file(aeronDir), "pid=" + exited.pid() + "\nstartEpochMillis=1\n" +
            "aeronDir=" + aeronDir + "\ncncFile=" + aeronDir.resolve("cnc.dat") + "\nringDir=/tmp\nbridges=1\n");
        assertEquals(Optional.empty(), DriverReadiness.read(aeronDir));

        // Control: the same file naming this live process is believed.
        final long startEpochMillis = ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
        Files.writeString(DriverReadiness.file(aeronDir), "pid=" + ProcessHandle.current().pid() +
            "\nstartEpochMillis=" + startEpochMillis + "\naeronDir=" + aeronDir + "\ncncFile=" +
            aeronDir.resolve("cnc.dat") + "\nringDir=/tmp\nbridges=1\n");
        assertTrue(DriverReadiness.read(aeronDir).isPresent());
    }

    @Test
    void shouldStopWaitingWhenTheDriverIsNoLongerStarting()
    {
        final Path aeronDir = directories.path().resolve("never");
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> DriverReadiness.await(aeronDir, Duration.ofSeconds(30), () -> false));
        assertTrue(ex.getMessage().contains("stopped before it was ready"), ex.getMessage());
        assertFalse(Files.exists(aeronDir));
    }

    private static int countBridgeCounters(final SlipstreamDriver driver, final int typeId)
    {
        final int[] count = {0};
        driver.aeron().countersReader().forEach((counterId, type, key, label) ->
        {
            if (type == typeId && DriverCounters.isBridgeCounter(type))
            {
                count[0]++;
            }
        });
        return count[0];
    }
}
