package io.slipstream.driver;

import io.slipstream.engine.Publication;
import io.slipstream.engine.Subscription;
import io.slipstream.test.RingDirectoryExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Two "hosts": network namespaces joined by a veth pair, a driver in each (child JVMs run with
 * {@code ip netns exec}), the rings shared with this JVM through /dev/shm. A million messages, in order and complete,
 * over a clean link and over one dropping 5 % of UDP packets each way.
 */
class CrossHostTest
{
    private static final int MESSAGES = 1_000_000;
    private static final int RING_BYTES = 4 << 20;
    private static final int PORT = 40_123;

    private static Netns netns;
    @RegisterExtension
    final RingDirectoryExtension directory = new RingDirectoryExtension("slipstream-driver-test-crosshost-");
    private Path dir;

    @BeforeAll
    static void createNamespaces()
    {
        final String reason = Netns.unavailableReason();
        if (reason != null)
        {
            System.out.println(reason);
        }
        Assumptions.assumeTrue(reason == null, reason);
        netns = Netns.create();
    }

    @AfterAll
    static void removeNamespaces()
    {
        if (netns != null)
        {
            netns.close();
        }
    }

    @BeforeEach
    void setUp()
    {
        dir = directory.path();
    }

    @AfterEach
    void tearDown()
    {
        if (netns != null)
        {
            netns.clearDrop();
        }
    }

    @Test
    void shouldCarryAMillionMessagesBetweenHostsInOrder() throws Exception
    {
        run(MESSAGES, 0);
    }

    @Test
    void shouldCarryAMillionMessagesInOrderWhenFivePercentOfPacketsAreDropped() throws Exception
    {
        final boolean nft = Netns.ensureNft();
        if (!nft)
        {
            System.out.println("packet-drop test skipped: nft (nftables) is missing and could not be installed");
        }
        Assumptions.assumeTrue(nft, "nft (nftables) is missing and could not be installed");
        netns.dropUdp(5);
        final long dropped = run(MESSAGES, 5);
        System.out.println("5 % drop: " + dropped + " UDP packets dropped, " + MESSAGES + " messages delivered");
        assertTrue(dropped > 0, "the drop rules dropped nothing: the test would prove nothing");
    }

    @Test
    @Tag("slow")
    void shouldCarryTenMillionMessagesInOrderWhenFivePercentOfPacketsAreDropped() throws Exception
    {
        Assumptions.assumeTrue(Netns.ensureNft(), "nft (nftables) is missing and could not be installed");
        netns.dropUdp(5);
        final long dropped = run(10 * MESSAGES, 5);
        assertTrue(dropped > 0, "the drop rules dropped nothing: the test would prove nothing");
    }

    private long run(final int messages, final int dropPercent) throws Exception
    {
        final String channel = "aeron:udp?endpoint=" + netns.addressB + ":" + (PORT + dropPercent) + "|stream=20";
        final Path ringsA = Files.createDirectories(dir.resolve("rings-a"));
        final Path ringsB = Files.createDirectories(dir.resolve("rings-b"));
        try (Publication source = Publication.open(TestSetup.ring(ringsA, "out", RING_BYTES));
            Subscription destination = Subscription.open(TestSetup.ring(ringsB, "in", RING_BYTES));
            DriverProcess receiver = DriverProcess.start("host-b", dir, Netns.exec(netns.b),
                "--aeron-dir", dir.resolve("aeron-b").toString(), "--ring-dir", ringsB.toString(),
                "--bridge", channel + " -> ring:in");
            DriverProcess sender = DriverProcess.start("host-a", dir, Netns.exec(netns.a),
                "--aeron-dir", dir.resolve("aeron-a").toString(), "--ring-dir", ringsA.toString(),
                "--bridge", "ring:out -> " + channel))
        {
            final Traffic.Producer producer = new Traffic.Producer(source, 0, messages, 600);
            final Thread producerThread = Thread.ofPlatform().name("producer").start(producer);
            final Traffic.Checker checker = new Traffic.Checker(false);
            try
            {
                checker.pollUntil(destination, messages, 600);
            }
            catch (final AssertionError ex)
            {
                throw new AssertionError(ex.getMessage() + sender.log() + receiver.log(), ex);
            }
            producerThread.join();
            assertNull(producer.failure);
            assertEquals(messages, checker.received);
            final String stat = LoopbackTest.stat(dir.resolve("aeron-b"));
            System.out.println(stat.lines().limit(4).reduce("", (x, y) -> x + y + "\n"));
            return dropPercent > 0 ? netns.droppedPackets() : 0;
        }
    }
}
