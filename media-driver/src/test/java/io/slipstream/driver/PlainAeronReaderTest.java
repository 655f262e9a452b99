package io.slipstream.driver;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.slipstream.engine.Publication;
import io.slipstream.engine.WaitStrategy;
import io.slipstream.test.RingDirectoryExtension;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The frame format as documented, read by a plain Aeron subscription beside the receiving bridge (same stream, its
 * own Aeron client of the receiving driver): it skips {@code HELLO}s, takes each message's type id and payload from
 * the 32-byte header, and gets every message, in order, as the ring holds it. Only Aeron classes and fixed offsets
 * decode the frames; the test's own checker then checks the payloads.
 */
class PlainAeronReaderTest
{
    private static final int MESSAGES = 50_000;
    private static final int RING_BYTES = 4 << 20;

    @RegisterExtension
    final RingDirectoryExtension directory = new RingDirectoryExtension("slipstream-driver-test-plain-");

    @Test
    void shouldLetAPlainAeronSubscriberReadABridgedStreamByItsDocumentedFrameFormat() throws Exception
    {
        final Path dir = directory.path();
        final String channel = "aeron:udp?endpoint=127.0.0.1:" + TestSetup.freeUdpPort();
        final Path ringsA = Files.createDirectories(dir.resolve("rings-a"));
        final Path ringsB = Files.createDirectories(dir.resolve("rings-b"));
        final Traffic.Checker checker = new Traffic.Checker(false);
        final long[] hellos = {0};
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[Traffic.MAX_LENGTH]);
        final FragmentAssembler assembler = new FragmentAssembler((buffer, offset, length, header) ->
        {
            final int type = buffer.getInt(offset, ByteOrder.LITTLE_ENDIAN);
            if (type == 2)
            {
                hellos[0]++;
                return;
            }
            assertEquals(1, type, "a MESSAGE frame");
            final int typeId = buffer.getInt(offset + 4, ByteOrder.LITTLE_ENDIAN);
            final long from = buffer.getLong(offset + 8, ByteOrder.LITTLE_ENDIAN);
            final long end = buffer.getLong(offset + 16, ByteOrder.LITTLE_ENDIAN);
            assertTrue(end > from, "source positions move forward");
            buffer.getBytes(offset + 32, payload, 0, length - 32);
            checker.onMessage(typeId, payload, 0, length - 32);
        });
        final Traffic.Checker bridged = new Traffic.Checker(false);
        try (Publication source = Publication.open(TestSetup.ring(ringsA, "out", RING_BYTES));
            io.slipstream.engine.Subscription destination =
                io.slipstream.engine.Subscription.open(TestSetup.ring(ringsB, "in", RING_BYTES));
            SlipstreamDriver receiver = SlipstreamDriver.launch(
                TestSetup.driver(dir.resolve("aeron-b"), ringsB, channel + "|stream=10 -> ring:in"));
            Aeron plainClient = Aeron.connect(new Aeron.Context().aeronDirectoryName(receiver.aeronDirectoryName()));
            Subscription plain = plainClient.addSubscription(channel, 10);
            SlipstreamDriver ignored = SlipstreamDriver.launch(
                TestSetup.driver(dir.resolve("aeron-a"), ringsA, "ring:out -> " + channel + "|stream=10")))
        {
            final Traffic.Producer producer = new Traffic.Producer(source, 0, MESSAGES, 180);
            final Thread producerThread = Thread.ofPlatform().name("producer").start(producer);
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            final IdleStrategy idle = WaitStrategy.BACKOFF.newIdleStrategy();
            while ((checker.next < MESSAGES || bridged.next < MESSAGES) && checker.error == null &&
                bridged.error == null)
            {
                assertTrue(System.nanoTime() < deadlineNs, "hang guard: " + checker.received + " read");
                // The bridge's ring is read too: a full ring would hold the stream, and the plain reader with it.
                idle.idle(plain.poll(assembler, 256) + destination.poll(bridged, 256));
            }
            assertNull(bridged.error);
            assertEquals(MESSAGES, bridged.received, "and the receiving bridge wrote each one once");
            producerThread.join();
            assertNull(checker.error);
            assertNull(producer.failure);
            assertEquals(MESSAGES, checker.received, "every message once, in order");
            assertTrue(hellos[0] > 0, "the sender's HELLOs are on the stream too");
        }
    }
}
