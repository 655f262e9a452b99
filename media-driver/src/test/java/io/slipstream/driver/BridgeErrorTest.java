package io.slipstream.driver;

import io.slipstream.engine.Publication;
import io.slipstream.engine.RecordDescriptor;
import io.slipstream.engine.RingDescriptor;
import io.slipstream.engine.Subscription;
import io.slipstream.test.RingDirectoryExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A bridge that fails in every duty cycle (its source ring holds a corrupt record where the next one should be) is
 * counted in its own {@code errors} counter whoever runs it, and does not stop what shares its thread: driver A's
 * other bridge, which receives a stream from driver B, delivers every message. With
 * {@code bridge-threads = driver} the failing bridge runs before Aeron's driver in the same duty cycle, so if its
 * exception escaped the cycle, driver A's Aeron would never run and nothing would arrive.
 */
class BridgeErrorTest
{
    private static final int RING_BYTES = 1 << 20;
    private static final int MESSAGES = 20_000;

    @RegisterExtension
    final RingDirectoryExtension directory = new RingDirectoryExtension("slipstream-driver-test-error-");

    @ParameterizedTest
    @EnumSource(BridgeThreads.class)
    void shouldCountAFailingBridgesErrorsAndKeepTheOtherBridgesRunning(final BridgeThreads threads) throws Exception
    {
        final Path dir = directory.path();
        final String toB = "aeron:udp?endpoint=127.0.0.1:" + TestSetup.freeUdpPort() + "|stream=10";
        final String toA = "aeron:udp?endpoint=127.0.0.1:" + TestSetup.freeUdpPort() + "|stream=11";
        final Path ringsA = Files.createDirectories(dir.resolve("rings-a"));
        final Path ringsB = Files.createDirectories(dir.resolve("rings-b"));
        try (Publication bad = Publication.open(TestSetup.ring(ringsA, "bad", RING_BYTES));
            Publication good = Publication.open(TestSetup.ring(ringsB, "good", RING_BYTES));
            Subscription badIn = Subscription.open(TestSetup.ring(ringsB, "bad-in", RING_BYTES));
            Subscription back = Subscription.open(TestSetup.ring(ringsA, "back", RING_BYTES));
            SlipstreamDriver driverB = SlipstreamDriver.launch(TestSetup.driver(dir.resolve("aeron-b"), ringsB,
                toB + " -> ring:bad-in", "ring:good -> " + toA).bridgeThreads(threads));
            SlipstreamDriver driverA = SlipstreamDriver.launch(TestSetup.driver(dir.resolve("aeron-a"), ringsA,
                "ring:bad -> " + toB, toA + " -> ring:back").bridgeThreads(threads)))
        {
            // The failing bridge first carries a message, so it is connected and reading when its ring goes bad.
            final Traffic.Producer first = new Traffic.Producer(bad, 0, 1, 60);
            first.run();
            assertNull(first.failure);
            final Traffic.Checker firstChecker = new Traffic.Checker(false);
            firstChecker.pollUntil(badIn, 1, 60);
            assertEquals(0, errors(driverA));

            writeCorruptLengthAtNextRecord(ringsA.resolve("bad.ring"), bad.position());
            final long deadlineNs = System.nanoTime() + 60_000_000_000L;
            while (errors(driverA) == 0)
            {
                assertTrue(System.nanoTime() < deadlineNs, "hang guard: the failing bridge's errors never counted");
                Thread.sleep(1);
            }

            final Traffic.Checker checker = Traffic.stream(good, back, MESSAGES, 60);
            assertNull(checker.error);
            assertEquals(MESSAGES, checker.received, "driver A's other bridge kept delivering");
            assertTrue(errors(driverA) > 0);
            assertEquals(0, errors(driverB));
        }
    }

    /** The sum of a driver's bridges' {@code errors} counters. */
    private static long errors(final SlipstreamDriver driver)
    {
        final long[] sum = {0};
        driver.aeron().countersReader().forEach((id, type, key, label) ->
        {
            if (type == DriverCounters.ERRORS_TYPE_ID)
            {
                sum[0] += driver.aeron().countersReader().getCounterValue(id);
            }
        });
        return sum[0];
    }

    /**
     * A record length no ring allows, where the producer would write its next record, committed as that record (with
     * its tag, in tagged lines): readers refuse it.
     */
    private static void writeCorruptLengthAtNextRecord(final Path ringFile, final long position) throws IOException
    {
        try (FileChannel channel = FileChannel.open(ringFile, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final ByteBuffer header = ByteBuffer.allocate(RingDescriptor.TAG_STAMP_OFFSET + 8)
                .order(ByteOrder.LITTLE_ENDIAN);
            channel.read(header, 0);
            final int capacity = header.getInt(RingDescriptor.CAPACITY_OFFSET);
            final int slots = header.getInt(RingDescriptor.CONSUMER_SLOTS_OFFSET);
            final long recordOffset = RingDescriptor.headerLength(slots) + (position & (capacity - 1));
            final ByteBuffer corrupt = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 0x7F7F7F7F);
            channel.write(corrupt, recordOffset + RecordDescriptor.LENGTH_OFFSET);
            if (header.getInt(RingDescriptor.RECORD_FORMAT_OFFSET) == RingDescriptor.RECORD_FORMAT_TAGGED_LINES)
            {
                final long tag = header.getLong(RingDescriptor.TAG_STAMP_OFFSET) ^ position;
                channel.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, tag),
                    recordOffset + RecordDescriptor.TAG_OFFSET);
            }
        }
    }
}
