package io.slipstream.driver;

import io.slipstream.engine.Publication;
import io.slipstream.engine.Subscription;
import io.slipstream.test.RingDirectoryExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A destination ring whose consumer stops: the receiving bridge stops reading and acknowledging, Aeron and the
 * unacknowledged window hold the sender back, the sending bridge leaves messages in the source ring and the
 * application's producer is back-pressured. Meanwhile the receiving bridge shows where the stream is held: the
 * bytes Aeron has received that it cannot write ({@code unwritten} > 0) and that it waits for ring space
 * ({@code ring full}); both go back to 0 once the consumer has drained the ring. When the consumer resumes,
 * everything arrives in order.
 */
class BackPressureTest
{
    private static final int MESSAGES = 200_000;
    private static final int RING_BYTES = 256 << 10;

    @RegisterExtension
    final RingDirectoryExtension directory = new RingDirectoryExtension("slipstream-driver-test-backpressure-");
    private Path dir;

    @BeforeEach
    void setUp()
    {
        dir = directory.path();
    }

    @Test
    void shouldBackPressureTheSourceProducerWhenTheDestinationRingIsFullAndLoseNothing() throws Exception
    {
        final String channel = "aeron:udp?endpoint=127.0.0.1:" + TestSetup.freeUdpPort() + "|stream=11";
        final Path ringsA = Files.createDirectories(dir.resolve("rings-a"));
        final Path ringsB = Files.createDirectories(dir.resolve("rings-b"));
        try (Publication source = Publication.open(TestSetup.ring(ringsA, "out", RING_BYTES));
            Subscription destination = Subscription.open(TestSetup.ring(ringsB, "in", RING_BYTES));
            SlipstreamDriver receiver = SlipstreamDriver.launch(
                TestSetup.driver(dir.resolve("aeron-b"), ringsB, channel + " -> ring:in").termLengthBytes(256 << 10));
            SlipstreamDriver sender = SlipstreamDriver.launch(
                TestSetup.driver(dir.resolve("aeron-a"), ringsA, "ring:out -> " + channel).termLengthBytes(256 << 10)))
        {
            awaitCounter(sender, DriverCounters.CONNECTED_TYPE_ID, 1);
            final Traffic.Producer producer = new Traffic.Producer(source, 0, MESSAGES, 180);
            final Thread producerThread = Thread.ofPlatform().name("producer").start(producer);
            awaitCounter(receiver, DriverCounters.BACK_PRESSURE_TYPE_ID, 1);
            // The sender is held either by Aeron (back-pressure) or, first, by what the receiver has not acknowledged.
            awaitCounter(sender, DriverCounters.UNACKNOWLEDGED_TYPE_ID, 1);
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long sent;
            do
            {
                assertTrue(System.nanoTime() < deadlineNs, "the producer never stalled"); // hang guard only
                assertNull(producer.failure);
                sent = producer.sent.get();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
            }
            while (producer.sent.get() != sent || producer.backPressured.get() == 0);
            final long sentWhileStopped = producer.sent.get();
            assertTrue(sentWhileStopped < MESSAGES, "the producer finished although nobody consumed");
            assertTrue(LoopbackTest.counter(sender, DriverCounters.LAG_TYPE_ID) > 0, "no lag in the source ring");
            assertEquals(1, LoopbackTest.counter(receiver, DriverCounters.RING_FULL_TYPE_ID), "ring full");
            final long unwritten = LoopbackTest.counter(receiver, DriverCounters.UNWRITTEN_TYPE_ID);
            assertTrue(unwritten > 0, "Aeron holds what the full ring cannot take: " + unwritten);
            final String stat = LoopbackTest.stat(dir.resolve("aeron-b"));
            System.out.println(stat.lines().limit(3).collect(Collectors.joining("\n")));
            // conn, connects, messages, bytes, back-press, lag, unacked, dups, then unwritten > 0, ring full, errors
            final String row = "\\Q" + channel + " -> ring:in\\E(\\s+\\S+){8}\\s+[1-9]\\d*\\s+yes\\s+0\\s";
            assertTrue(stat.matches("(?s).*" + row + ".*"), stat);

            final Traffic.Checker checker = new Traffic.Checker(false);
            checker.pollUntil(destination, MESSAGES, 180);
            producerThread.join();
            assertNull(producer.failure);
            assertEquals(MESSAGES, checker.received);
            assertEquals(0, LoopbackTest.counter(receiver, DriverCounters.ERRORS_TYPE_ID));
            awaitCounterAtMost(receiver, DriverCounters.UNWRITTEN_TYPE_ID, 0);
            awaitCounterAtMost(receiver, DriverCounters.RING_FULL_TYPE_ID, 0);
        }
    }

    /** Waits until the driver's first counter of the type falls to the value (hang guard 60 s). */
    static void awaitCounterAtMost(final SlipstreamDriver driver, final int typeId, final long atMost)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long value;
        while ((value = LoopbackTest.counter(driver, typeId)) > atMost)
        {
            assertTrue(System.nanoTime() < deadlineNs, "counter " + DriverCounters.name(typeId) + " stayed at " +
                value + ", above " + atMost); // hang guard only
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** Waits until the driver's first counter of the type reaches the value (hang guard 60 s). */
    static void awaitCounter(final SlipstreamDriver driver, final int typeId, final long atLeast)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (LoopbackTest.counter(driver, typeId) < atLeast)
        {
            assertTrue(System.nanoTime() < deadlineNs, "counter " + DriverCounters.name(typeId) + " never reached " +
                atLeast); // hang guard only
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
