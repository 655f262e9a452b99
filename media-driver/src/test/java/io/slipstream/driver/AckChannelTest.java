package io.slipstream.driver;

import io.aeron.driver.status.ReceiveChannelStatus;
import io.aeron.driver.status.SendChannelStatus;
import io.slipstream.engine.Publication;
import io.slipstream.engine.Subscription;
import io.slipstream.test.RingDirectoryExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Acknowledgements on a receiving bridge's channel ({@link DriverContext#ackChannel}): two drivers bridging both ways,
 * each on one thread as the perf harness runs them, carry each stream exactly once and have every message
 * acknowledged, while each driver holds one socket to send from and one to receive on, as a plain Aeron client pair
 * would. Without the setting each sending bridge adds a socket on each side (the control).
 */
class AckChannelTest
{
    private static final int MESSAGES = 100_000;
    private static final int RING_BYTES = 1 << 20;
    private static final long TIMEOUT_S = 120;
    private static final int PING_STREAM = 1001;
    private static final int PONG_STREAM = 1002;

    @RegisterExtension
    final RingDirectoryExtension directory = new RingDirectoryExtension("slipstream-driver-test-ack-channel-");

    @Test
    void shouldCarryBothStreamsExactlyOnceAndAcknowledgedOnOneSocketEachWay() throws Exception
    {
        final int[] endpoints = runBothWays(true);
        assertArrayEquals(new int[] {1, 1, 1, 1}, endpoints,
            "send and receive endpoints of driver A, then of driver B");
    }

    /** The control: with a port per sending bridge, each driver has a second socket each way. */
    @Test
    void shouldHoldASocketEachWayPerSendingBridgeWithoutIt() throws Exception
    {
        final int[] endpoints = runBothWays(false);
        assertArrayEquals(new int[] {2, 2, 2, 2}, endpoints,
            "send and receive endpoints of driver A, then of driver B");
    }

    @Test
    void shouldRefuseAChannelItCannotShare()
    {
        final String sending = "ring:a -> aeron:udp?endpoint=10.0.0.2:40001|stream=7";
        assertRefused("expected an aeron:udp channel", "aeron:ipc", sending);
        assertRefused("expected an endpoint with its port", "aeron:udp?endpoint=10.0.0.1:0", sending);
        assertRefused("expected an endpoint with its port", "aeron:udp?control=10.0.0.1:40001", sending);
        assertRefused("without a stream", "aeron:udp?endpoint=10.0.0.1:40002|stream=7", sending);
        assertRefused("two sending bridges use stream 7", "aeron:udp?endpoint=10.0.0.1:40002", sending,
            "ring:b -> aeron:udp?endpoint=10.0.0.3:40001|stream=7");
        assertRefused("listens on that endpoint with stream 7", "aeron:udp?endpoint=10.0.0.1:40002", sending,
            "aeron:udp?endpoint=10.0.0.1:40002|stream=7 -> ring:c");

        final DriverContext fine = context("aeron:udp?endpoint=10.0.0.1:40002", sending,
            "aeron:udp?endpoint=10.0.0.1:40002|stream=8 -> ring:c",
            "aeron:udp?endpoint=10.0.0.1:40003|stream=7 -> ring:d");
        assertSame(fine, fine.conclude());
        assertEquals("aeron:udp?endpoint=10.0.0.1:40002", fine.ackChannel());
        assertNull(new DriverContext().ackChannel(" ").ackChannel(), "blank: a port per sending bridge");
    }

    private static void assertRefused(final String why, final String ackChannel, final String... bridges)
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> context(ackChannel, bridges).conclude());
        assertTrue(ex.getMessage().contains(why), ex.getMessage());
    }

    private static DriverContext context(final String ackChannel, final String... bridges)
    {
        final DriverContext context = new DriverContext().ackChannel(ackChannel);
        for (final String bridge : bridges)
        {
            context.bridge(BridgeSpec.parse(bridge));
        }
        return context;
    }

    /**
     * Ping from host A to host B and pong back, each driver on one thread: both streams exactly once, every message
     * acknowledged.
     *
     * @return how many send and receive channel endpoints drivers A and B hold.
     */
    private int[] runBothWays(final boolean shareAcks) throws Exception
    {
        final Path dir = directory.path();
        final String pingEndpoint = "aeron:udp?endpoint=127.0.0.1:" + TestSetup.freeUdpPort();
        final String pongEndpoint = "aeron:udp?endpoint=127.0.0.1:" + TestSetup.freeUdpPort();
        final String ping = pingEndpoint + "|stream=" + PING_STREAM;
        final String pong = pongEndpoint + "|stream=" + PONG_STREAM;
        final Path ringsA = Files.createDirectories(dir.resolve("rings-a"));
        final Path ringsB = Files.createDirectories(dir.resolve("rings-b"));
        final DriverContext contextA = TestSetup.driver(dir.resolve("aeron-a"), ringsA, "ring:ping -> " + ping,
            pong + " -> ring:pong").bridgeThreads(BridgeThreads.DRIVER).ackChannel(shareAcks ? pongEndpoint : null);
        final DriverContext contextB = TestSetup.driver(dir.resolve("aeron-b"), ringsB, ping + " -> ring:ping",
            "ring:pong -> " + pong).bridgeThreads(BridgeThreads.DRIVER).ackChannel(shareAcks ? pingEndpoint : null);
        try (Publication pingOut = Publication.open(TestSetup.ring(ringsA, "ping", RING_BYTES));
            Subscription pingIn = Subscription.open(TestSetup.ring(ringsB, "ping", RING_BYTES));
            Publication pongOut = Publication.open(TestSetup.ring(ringsB, "pong", RING_BYTES));
            Subscription pongIn = Subscription.open(TestSetup.ring(ringsA, "pong", RING_BYTES));
            SlipstreamDriver driverA = SlipstreamDriver.launch(contextA);
            SlipstreamDriver driverB = SlipstreamDriver.launch(contextB))
        {
            final Traffic.Checker pings = Traffic.stream(pingOut, pingIn, MESSAGES, TIMEOUT_S);
            final Traffic.Checker pongs = Traffic.stream(pongOut, pongIn, MESSAGES, TIMEOUT_S);
            assertNull(pings.error);
            assertNull(pongs.error);
            assertEquals(MESSAGES, pings.received);
            assertEquals(MESSAGES, pongs.received);
            for (final SlipstreamDriver driver : new SlipstreamDriver[] {driverA, driverB})
            {
                assertEquals(MESSAGES, LoopbackTest.counter(driver, DriverCounters.MESSAGES_TYPE_ID));
                assertEquals(0, LoopbackTest.counter(driver, DriverCounters.DUPLICATES_TYPE_ID));
                awaitAllAcknowledged(driver);
            }
            return new int[] {
                countersOfType(driverA, SendChannelStatus.SEND_CHANNEL_STATUS_TYPE_ID),
                countersOfType(driverA, ReceiveChannelStatus.RECEIVE_CHANNEL_STATUS_TYPE_ID),
                countersOfType(driverB, SendChannelStatus.SEND_CHANNEL_STATUS_TYPE_ID),
                countersOfType(driverB, ReceiveChannelStatus.RECEIVE_CHANNEL_STATUS_TYPE_ID)};
        }
    }

    /**
     * Waits (hang guard: {@link #TIMEOUT_S}) until the sending bridge's ring is released to its end (the sum over the
     * driver's bridges: a receiving bridge's stays 0).
     */
    private static void awaitAllAcknowledged(final SlipstreamDriver driver)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        long unacknowledged;
        while ((unacknowledged = sumOfType(driver, DriverCounters.UNACKNOWLEDGED_TYPE_ID)) != 0)
        {
            assertTrue(System.nanoTime() < deadlineNs, unacknowledged + " bytes still unacknowledged");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private static int countersOfType(final SlipstreamDriver driver, final int typeId)
    {
        final int[] count = {0};
        driver.aeron().countersReader().forEach((id, type, key, label) ->
        {
            if (type == typeId)
            {
                count[0]++;
            }
        });
        return count[0];
    }

    private static long sumOfType(final SlipstreamDriver driver, final int typeId)
    {
        final long[] sum = {0};
        driver.aeron().countersReader().forEach((id, type, key, label) ->
        {
            if (type == typeId)
            {
                sum[0] += driver.aeron().countersReader().getCounterValue(id);
            }
        });
        return sum[0];
    }
}
