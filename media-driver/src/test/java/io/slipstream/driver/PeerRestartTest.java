package io.slipstream.driver;

import io.slipstream.engine.Publication;
import io.slipstream.engine.Subscription;
import io.slipstream.engine.WaitStrategy;
import io.slipstream.test.RingDirectoryExtension;
import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * One driver in a child JVM, killed with kill -9 mid-stream and started again, or stopped with SIGTERM; the other
 * driver in this JVM. Messages are never duplicated or reordered; only what was in flight when a driver died may be
 * lost, and the stream goes on by itself.
 */
class PeerRestartTest
{
    private static final int MESSAGES = 400_000;
    private static final int KILL_AFTER = 100_000;
    private static final int RING_BYTES = 4 << 20;

    @RegisterExtension
    final RingDirectoryExtension directory = new RingDirectoryExtension("slipstream-driver-test-restart-");
    private Path dir;
    private Path ringsA;
    private Path ringsB;
    private String channel;

    @BeforeEach
    void setUp() throws Exception
    {
        dir = directory.path();
        ringsA = Files.createDirectories(dir.resolve("rings-a"));
        ringsB = Files.createDirectories(dir.resolve("rings-b"));
        channel = "aeron:udp?endpoint=127.0.0.1:" + TestSetup.freeUdpPort() + "|stream=12";
    }

    private DriverProcess startReceiver()
    {
        return DriverProcess.start("receiver", dir, List.of(), "--aeron-dir", dir.resolve("aeron-b").toString(),
            "--ring-dir", ringsB.toString(), "--bridge", channel + " -> ring:in", "--drain-timeout-ms", "2000");
    }

    private DriverProcess startSender()
    {
        return DriverProcess.start("sender", dir, List.of(), "--aeron-dir", dir.resolve("aeron-a").toString(),
            "--ring-dir", ringsA.toString(), "--bridge", "ring:out -> " + channel, "--drain-timeout-ms", "5000");
    }

    @Test
    void shouldGoOnByItselfWhenTheReceivingDriverIsKilledAndRestarted() throws Exception
    {
        try (Publication source = Publication.open(TestSetup.ring(ringsA, "out", RING_BYTES));
            Subscription destination = Subscription.open(TestSetup.ring(ringsB, "in", RING_BYTES));
            SlipstreamDriver sender = SlipstreamDriver.launch(
                TestSetup.driver(dir.resolve("aeron-a"), ringsA, "ring:out -> " + channel)))
        {
            final Traffic.Checker checker = new Traffic.Checker(true);
            final Traffic.Producer producer = new Traffic.Producer(source, 0, MESSAGES, 240);
            final Thread producerThread;
            try (DriverProcess receiver = startReceiver())
            {
                producerThread = Thread.ofPlatform().name("producer").start(producer);
                pollUntilReceived(checker, destination, KILL_AFTER, receiver);
                receiver.kill();
            }
            try (DriverProcess receiver = startReceiver())
            {
                checker.pollUntil(destination, MESSAGES, 240);
                producerThread.join();
                assertNull(producer.failure);
                assertTrue(checker.gaps.size() <= 1, "more than one gap: " + checker.gaps.size());
                System.out.println("receiver killed: " + checker.lost() + " messages lost in flight, " +
                    checker.received + " delivered in order");
            }
        }
    }

    @Test
    void shouldResumeWithoutDuplicatesWhenTheSendingDriverIsKilledAndRestarted() throws Exception
    {
        try (Publication source = Publication.open(TestSetup.ring(ringsA, "out", RING_BYTES));
            Subscription destination = Subscription.open(TestSetup.ring(ringsB, "in", RING_BYTES));
            SlipstreamDriver receiver = SlipstreamDriver.launch(
                TestSetup.driver(dir.resolve("aeron-b"), ringsB, channel + " -> ring:in").peerTimeoutMs(2000)))
        {
            final Traffic.Checker checker = new Traffic.Checker(true);
            final Traffic.Producer producer = new Traffic.Producer(source, 0, MESSAGES, 240);
            final Thread producerThread;
            try (DriverProcess sender = startSender())
            {
                producerThread = Thread.ofPlatform().name("producer").start(producer);
                pollUntilReceived(checker, destination, KILL_AFTER, sender);
                sender.kill();
            }
            try (DriverProcess sender = startSender())
            {
                checker.pollUntil(destination, MESSAGES, 240);
                producerThread.join();
                assertNull(producer.failure);
                assertTrue(checker.gaps.size() <= 1, "more than one gap: " + checker.gaps.size());
                System.out.println("sender killed: " + checker.lost() + " messages lost in flight, " +
                    checker.received + " delivered in order, none twice");
            }
        }
    }

    @Test
    void shouldStopCleanlyOnSigtermAndLoseNothing() throws Exception
    {
        final int messages = 200_000;
        try (Publication source = Publication.open(TestSetup.ring(ringsA, "out", RING_BYTES));
            Subscription destination = Subscription.open(TestSetup.ring(ringsB, "in", RING_BYTES));
            SlipstreamDriver receiver = SlipstreamDriver.launch(
                TestSetup.driver(dir.resolve("aeron-b"), ringsB, channel + " -> ring:in").peerTimeoutMs(2000)))
        {
            final Traffic.Checker checker = new Traffic.Checker(false);
            final Traffic.Producer producer = new Traffic.Producer(source, 0, messages, 240);
            final Thread producerThread;
            try (DriverProcess sender = startSender())
            {
                producerThread = Thread.ofPlatform().name("producer").start(producer);
                pollUntilReceived(checker, destination, messages / 4, sender);
                final int status = sender.terminate();
                assertTrue(status == 0 || status == 143, "exit status " + status + sender.log());
                assertTrue(sender.log().contains("INFO stopped"), sender.log());
                assertFalse(Files.exists(dir.resolve("aeron-a")), "Aeron directory left behind" + sender.log());
            }
            try (DriverProcess sender = startSender())
            {
                checker.pollUntil(destination, messages, 240);
                producerThread.join();
                assertNull(producer.failure);
                assertEquals(messages, checker.received);
            }
        }
    }

    private static void pollUntilReceived(final Traffic.Checker checker, final Subscription destination,
        final long count, final DriverProcess driver)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        final IdleStrategy idle = WaitStrategy.BACKOFF.newIdleStrategy();
        while (checker.received < count)
        {
            assertNull(checker.error);
            assertTrue(System.nanoTime() < deadlineNs, "only " + checker.received + " received" + driver.log());
            idle.idle(destination.poll(checker, 256));
        }
    }
}
