package io.slipstream.driver;

import io.slipstream.engine.Publication;
import io.slipstream.engine.RingContext;
import io.slipstream.engine.Subscription;
import io.slipstream.engine.WaitStrategy;
import io.slipstream.test.RingDirectoryExtension;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What keeps a bridge exactly-once, and what happens without it: one sender per ring and channel, a ring recreated
 * under a stopped driver reported, the durable slot kept across a stop and removable, and (the negative control) a
 * receiver that forgets what it wrote does write messages twice.
 */
class BridgeGuardsTest
{
    private static final int RING_BYTES = 4 << 20;

    @RegisterExtension
    final RingDirectoryExtension directory = new RingDirectoryExtension("slipstream-driver-test-guards-");
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
        channel = "aeron:udp?endpoint=127.0.0.1:" + TestSetup.freeUdpPort() + "|stream=14";
    }

    @Test
    void shouldRefuseASecondDriverSendingTheSameRingToTheSameChannel()
    {
        try (Publication ignored = Publication.open(TestSetup.ring(ringsA, "out", RING_BYTES));
            SlipstreamDriver first = SlipstreamDriver.launch(
                TestSetup.driver(dir.resolve("aeron-1"), ringsA, "ring:out -> " + channel)))
        {
            final IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> SlipstreamDriver.launch(TestSetup.driver(dir.resolve("aeron-2"), ringsA,
                    "ring:out -> " + channel)).close());
            assertTrue(refused.getMessage().contains("another driver bridging this ring to this channel"),
                refused.getMessage());
            assertTrue(refused.getMessage().contains("already open in a live process"), refused.getMessage());
            assertNotNull(first.aeron());
        }
    }

    @Test
    void shouldReportRingsRecreatedWhileTheirDriversWereDown() throws Exception
    {
        recreateUnder(ringsA, "out", this::startSender);
        recreateUnder(ringsB, "in", this::startReceiver);
    }

    private void recreateUnder(final Path rings, final String name, final Supplier<DriverProcess> start)
        throws Exception
    {
        try (Publication ignored = name.equals("out") ? Publication.open(TestSetup.ring(rings, name, RING_BYTES)) :
            null)
        {
            try (DriverProcess driver = start.get())
            {
                final int status = driver.terminate();
                assertTrue(status == 0 || status == 143, "exit status " + status + driver.log());
                assertFalse(driver.log().contains("recreated"), driver.log());
            }
        }
        Files.delete(rings.resolve(name + ".ring"));
        Thread.sleep(5); // a creation stamp in another millisecond
        try (Publication ignored = name.equals("out") ? Publication.open(TestSetup.ring(rings, name, RING_BYTES)) :
            null;
            DriverProcess driver = start.get())
        {
            driver.terminate();
            assertTrue(driver.log().contains("was recreated while the"), driver.log());
        }
    }

    @Test
    void shouldKeepTheSendersPlaceAcrossAStopUntilTheBridgeIsRemoved() throws Exception
    {
        final RingContext source = TestSetup.ring(ringsA, "out", RING_BYTES);
        final String name = SlipstreamDriver.durableConsumerName(BridgeSpec.parse("ring:out -> " + channel));
        try (Publication publication = Publication.open(source))
        {
            try (DriverProcess sender = startSender())
            {
                sender.terminate();
            }
            // The bridge's slot outlives its driver: a second open of it now succeeds and finds it where it was.
            try (Subscription slot = Subscription.open(source.copy().durableConsumer(name)))
            {
                assertEquals(0, slot.position());
            }
            final String[] remove = {"remove-bridge", "--ring-dir", ringsA.toString(), "ring:out -> " + channel};
            assertEquals(0, new CommandLine(new DriverMain()).execute(remove));
            assertFalse(Files.exists(SlipstreamDriver.identityFile(ringsA, BridgeSpec.parse("ring:out -> " +
                channel))));
            assertThrows(IllegalArgumentException.class, () -> Subscription.removeDurableConsumer(source.copy(),
                name), "removed for good");
            assertNotEquals(0, new CommandLine(new DriverMain()).execute(remove), "nothing left to remove");
            assertTrue(publication.offer(new UnsafeBuffer(new byte[8]), 0, 8) > 0);
        }
    }

    /**
     * The negative control: both drivers are killed, the sending one first, so what it had sent but not yet seen
     * acknowledged is still written by the receiving one; the receiver's record of what it wrote is deleted before
     * both start again. The sender then resumes where its ring slot was released to and the receiver, knowing
     * nothing, writes those messages a second time.
     */
    @Test
    void shouldWriteMessagesTwiceWhenTheReceiverForgetsWhatItWrote() throws Exception
    {
        final int messages = 200_000;
        try (Publication source = Publication.open(TestSetup.ring(ringsA, "out", RING_BYTES));
            Subscription destination = Subscription.open(TestSetup.ring(ringsB, "in", RING_BYTES)))
        {
            final Traffic.Checker checker = new Traffic.Checker(false, true);
            final Traffic.Producer producer = new Traffic.Producer(source, 0, messages, 240);
            final Thread producerThread = Thread.ofPlatform().name("producer").start(producer);
            try (DriverProcess receiver = startReceiver();
                DriverProcess sender = startSender())
            {
                pollUntil(checker, destination, messages / 3, 120_000);
                sender.kill();
                pollUntil(checker, destination, checker.received + 1, 2000); // what was in flight lands
                receiver.kill();
            }
            for (final Path state : receiverStateFiles())
            {
                Files.delete(state);
            }
            try (DriverProcess ignoredReceiver = startReceiver();
                DriverProcess ignoredSender = startSender())
            {
                checker.pollUntil(destination, messages, 240);
            }
            producerThread.join();
            assertNull(producer.failure);
            assertEquals(messages, checker.received);
            assertTrue(checker.duplicates > 0, "a receiver without its record wrote nothing twice: the control " +
                "proves nothing");
            System.out.println("receiver state deleted: " + checker.duplicates + " messages written twice");
        }
    }

    /** Polls until {@code count} messages have arrived or {@code millis} have passed. */
    private static void pollUntil(final Traffic.Checker checker, final Subscription destination, final long count,
        final long millis)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        final IdleStrategy idle = WaitStrategy.BACKOFF.newIdleStrategy();
        while (checker.received < count && System.nanoTime() < deadlineNs)
        {
            idle.idle(destination.poll(checker, 256));
        }
        assertNull(checker.error);
    }

    private List<Path> receiverStateFiles() throws IOException
    {
        try (Stream<Path> files = Files.list(ringsB))
        {
            final List<Path> found = files.filter(f -> f.getFileName().toString().startsWith("in.from-")).toList();
            assertEquals(1, found.size(), found.toString());
            return found;
        }
    }

    private DriverProcess startSender()
    {
        return DriverProcess.start("sender", dir, List.of(), "--aeron-dir", dir.resolve("aeron-a").toString(),
            "--ring-dir", ringsA.toString(), "--bridge", "ring:out -> " + channel, "--drain-timeout-ms", "500");
    }

    private DriverProcess startReceiver()
    {
        return DriverProcess.start("receiver", dir, List.of(), "--aeron-dir", dir.resolve("aeron-b").toString(),
            "--ring-dir", ringsB.toString(), "--bridge", channel + " -> ring:in", "--drain-timeout-ms", "500");
    }
}
