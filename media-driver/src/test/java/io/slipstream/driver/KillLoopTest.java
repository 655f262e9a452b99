package io.slipstream.driver;

import io.slipstream.engine.Publication;
import io.slipstream.engine.Subscription;
import io.slipstream.engine.WaitStrategy;
import io.slipstream.test.RingDirectoryExtension;
import org.agrona.concurrent.IdleStrategy;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Two "hosts" (network namespaces joined by a veth pair), a driver in each as a child JVM, the rings shared with this
 * JVM through /dev/shm: a producer here writes messages of varied length with sequence numbers into the sending
 * ring, a checker here reads the receiving ring. The sending driver, the receiving driver, or both are killed with
 * kill -9 at random points and started again, loop after loop. Every message must arrive exactly once and in order:
 * the checker fails on any gap, repeat or step back, and the count is exact. The seed of each run is printed.
 */
class KillLoopTest
{
    private static final int RING_BYTES = 4 << 20;
    private static final int PORT = 40_223;

    private static Netns netns;
    @RegisterExtension
    final RingDirectoryExtension directory = new RingDirectoryExtension("slipstream-driver-test-killloop-");
    private Path dir;
    private Path ringsA;
    private Path ringsB;
    private String channel;

    /** Which driver a loop kills. */
    enum Victim
    {
        SENDER, RECEIVER, BOTH
    }

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
    void setUp() throws Exception
    {
        dir = directory.path();
        ringsA = Files.createDirectories(dir.resolve("rings-a"));
        ringsB = Files.createDirectories(dir.resolve("rings-b"));
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
    void shouldDeliverExactlyOnceWhenTheSendingDriverIsKilledAtRandomPoints() throws Exception
    {
        run(Victim.SENDER, 200_000, 3);
    }

    @Test
    void shouldDeliverExactlyOnceWhenTheReceivingDriverIsKilledAtRandomPoints() throws Exception
    {
        run(Victim.RECEIVER, 200_000, 3);
    }

    @Test
    void shouldDeliverExactlyOnceWhenBothDriversAreKilledAtRandomPoints() throws Exception
    {
        run(Victim.BOTH, 200_000, 2);
    }

    @Test
    @Tag("slow")
    void shouldDeliverAMillionExactlyOnceAcrossAHundredKillsOfTheSendingDriver() throws Exception
    {
        run(Victim.SENDER, 1_000_000, 100);
    }

    @Test
    @Tag("slow")
    void shouldDeliverAMillionExactlyOnceAcrossAHundredKillsOfTheReceivingDriver() throws Exception
    {
        run(Victim.RECEIVER, 1_000_000, 100);
    }

    @Test
    @Tag("slow")
    void shouldDeliverAMillionExactlyOnceAcrossAHundredKillsOfBothDrivers() throws Exception
    {
        run(Victim.BOTH, 1_000_000, 100);
    }

    /**
     * The link drops every UDP packet both ways for longer than the drivers' peer timeout (both sides see the other
     * gone), then heals: the stream goes on by itself, every message exactly once and in order.
     */
    @Test
    void shouldDeliverExactlyOnceAcrossATotalLossOfTheLinkLongerThanThePeerTimeout() throws Exception
    {
        final boolean nft = Netns.ensureNft();
        Assumptions.assumeTrue(nft, "nft (nftables) is missing and could not be installed");
        final int messages = 200_000;
        channel = "aeron:udp?endpoint=" + netns.addressB + ":" + (PORT + 10) + "|stream=31";
        try (Publication source = Publication.open(TestSetup.ring(ringsA, "out", RING_BYTES));
            Subscription destination = Subscription.open(TestSetup.ring(ringsB, "in", RING_BYTES));
            DriverProcess receiver = startReceiver("--peer-timeout-ms", "1000");
            DriverProcess sender = startSender("--peer-timeout-ms", "1000"))
        {
            final Traffic.Producer producer = new Traffic.Producer(source, 0, messages, 600);
            final Thread producerThread = Thread.ofPlatform().name("producer").start(producer);
            final Traffic.Checker checker = new Traffic.Checker(false);
            pollUntil(checker, destination, messages / 3, sender, receiver);
            netns.dropUdp(100);
            final long receivedAtDrop = checker.received;
            pollFor(checker, destination, 3000);
            final long dropped = netns.droppedPackets();
            netns.clearDrop();
            checker.pollUntil(destination, messages, 600);
            producerThread.join();
            assertNull(producer.failure);
            assertTrue(dropped > 0, "the drop rules dropped nothing: the test would prove nothing");
            assertEquals(messages, checker.received, "every message exactly once, in order");
            System.out.println("link down 3 s: " + dropped + " packets dropped, " + receivedAtDrop +
                " messages before, all " + messages + " delivered" + (sender.log().contains("peer gone") ||
                receiver.log().contains("peer gone") ? " (a peer timed out)" : ""));
        }
    }

    private DriverProcess startSender(final String... extra)
    {
        return DriverProcess.start("host-a", dir, Netns.exec(netns.a), arguments(List.of(
            "--aeron-dir", dir.resolve("aeron-a").toString(), "--ring-dir", ringsA.toString(),
            "--bridge", "ring:out -> " + channel), extra));
    }

    private DriverProcess startReceiver(final String... extra)
    {
        return DriverProcess.start("host-b", dir, Netns.exec(netns.b), arguments(List.of(
            "--aeron-dir", dir.resolve("aeron-b").toString(), "--ring-dir", ringsB.toString(),
            "--bridge", channel + " -> ring:in"), extra));
    }

    private static String[] arguments(final List<String> base, final String... extra)
    {
        final List<String> all = new ArrayList<>(base);
        all.addAll(List.of(extra));
        return all.toArray(String[]::new);
    }

    private void run(final Victim victim, final int messages, final int loops) throws Exception
    {
        final long seed = System.nanoTime();
        System.out.println("KillLoopTest " + victim + " " + messages + " messages, " + loops + " loops, seed " + seed);
        final Random random = new Random(seed);
        channel = "aeron:udp?endpoint=" + netns.addressB + ":" + (PORT + victim.ordinal()) + "|stream=30";
        DriverProcess sender = null;
        DriverProcess receiver = null;
        try (Publication source = Publication.open(TestSetup.ring(ringsA, "out", RING_BYTES));
            Subscription destination = Subscription.open(TestSetup.ring(ringsB, "in", RING_BYTES)))
        {
            receiver = startReceiver();
            sender = startSender();
            final Traffic.Producer producer = new Traffic.Producer(source, 0, messages, 1800);
            final Thread producerThread = Thread.ofPlatform().name("producer").start(producer);
            final Traffic.Checker checker = new Traffic.Checker(false);
            final int stride = Math.max(1, messages / (loops + 1));
            for (int loop = 0; loop < loops; loop++)
            {
                final long target = Math.min(messages - 1, checker.received + 1 + random.nextInt(stride));
                pollUntil(checker, destination, target, sender, receiver);
                if (victim != Victim.RECEIVER)
                {
                    sender.kill();
                }
                if (victim != Victim.SENDER)
                {
                    receiver.kill();
                }
                if (random.nextBoolean())
                {
                    pollFor(checker, destination, random.nextInt(300)); // the other side runs on alone a while
                }
                if (victim != Victim.RECEIVER)
                {
                    sender = startSender();
                }
                if (victim != Victim.SENDER)
                {
                    receiver = startReceiver();
                }
            }
            try
            {
                checker.pollUntil(destination, messages, 1800);
            }
            catch (final AssertionError ex)
            {
                throw new AssertionError("seed " + seed + ": " + ex.getMessage() + sender.log() + receiver.log(), ex);
            }
            producerThread.join();
            assertNull(producer.failure);
            assertEquals(0, checker.lost(), "lost");
            assertEquals(messages, checker.received, "every message exactly once, in order");
            assertEquals(messages, checker.next);
            assertFalse(destination.hasData(), "nothing after the last message");
        }
        finally
        {
            if (sender != null)
            {
                sender.close();
            }
            if (receiver != null)
            {
                receiver.close();
            }
        }
    }

    private static void pollUntil(final Traffic.Checker checker, final Subscription destination, final long count,
        final DriverProcess sender, final DriverProcess receiver)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        final IdleStrategy idle = WaitStrategy.BACKOFF.newIdleStrategy();
        while (checker.received < count)
        {
            if (checker.error != null)
            {
                throw new AssertionError(checker.error + sender.log() + receiver.log());
            }
            assertTrue(System.nanoTime() < deadlineNs, "hang guard: only " + checker.received + " received" +
                sender.log() + receiver.log());
            idle.idle(destination.poll(checker, 256));
        }
    }

    private static void pollFor(final Traffic.Checker checker, final Subscription destination, final long millis)
    {
        final long untilNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        final IdleStrategy idle = WaitStrategy.BACKOFF.newIdleStrategy();
        while (System.nanoTime() < untilNs)
        {
            idle.idle(destination.poll(checker, 256));
        }
    }
}
