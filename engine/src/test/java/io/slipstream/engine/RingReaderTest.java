package io.slipstream.engine;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

class RingReaderTest extends RingDirectoryTest
{
    private static final int CAPACITY = 4096;
    /** 24-byte payloads make 32-byte records: a 1024-byte ring holds exactly 32, with no padding at the wrap. */
    private static final int FIXED_LENGTH = 24;
    private static final int RECORD_BYTES = 32;
    private static final long HANG_GUARD_NS = 60_000_000_000L;

    private final UnsafeBuffer message = new UnsafeBuffer(new byte[1024]);

    @Test
    void shouldReadEverythingTheProducerWritesInOrderAcrossWraps()
    {
        final RingContext context = TestRings.packedContext(directory, "r", CAPACITY);
        try (Publication publication = Publication.open(context.copy());
            Subscription subscription = Subscription.open(context.copy());
            RingReader reader = RingReader.open(publication.ringFile().path(), StartPosition.EARLIEST))
        {
            final Checker consumed = new Checker(publication.maxMessageLength());
            final Checker read = new Checker(publication.maxMessageLength());
            long sent = 0;
            while (sent < 20_000)
            {
                if (publication.offer(message, 0, fill(sent, publication.maxMessageLength()), typeId(sent)) > 0)
                {
                    sent++;
                }
                else
                {
                    reader.poll(read, 1000); // keeps up: reads everything before the consumer frees space
                    subscription.poll(consumed, 10);
                }
            }
            while (read.received < sent)
            {
                assertTrue(reader.poll(read, 100) > 0, "every message is read");
            }
            assertTrue(publication.position() > 50L * CAPACITY, "wrapped many times");
            assertEquals(0, reader.poll(read, 100));
            assertEquals(sent, read.received);
            assertEquals(0, read.torn);
            assertEquals(0, reader.lostBytes());
            assertEquals(0, reader.lapCount());
            assertEquals(publication.position(), reader.position());
        }
    }

    @Test
    void shouldStartAtTheProducerPositionWhenLatest()
    {
        final RingContext context = TestRings.packedContext(directory, "latest", CAPACITY);
        try (Publication publication = Publication.open(context.copy()))
        {
            for (int i = 0; i < 5; i++)
            {
                assertTrue(publication.offer(message, 0, fill(i, FIXED_LENGTH), typeId(i)) > 0);
            }
            try (RingReader latest = RingReader.open(publication.ringFile().path(), StartPosition.LATEST);
                RingReader earliest = RingReader.open(publication.ringFile().path(), StartPosition.EARLIEST))
            {
                assertEquals(publication.position(), latest.position());
                assertEquals(0, earliest.position());
                assertTrue(publication.offer(message, 0, fill(5, FIXED_LENGTH), typeId(5)) > 0);
                final Checker fromLatest = new Checker(publication.maxMessageLength(), 5);
                final Checker fromEarliest = new Checker(publication.maxMessageLength());
                assertEquals(1, latest.poll(fromLatest, 100));
                assertEquals(6, earliest.poll(fromEarliest, 100));
                assertEquals(0, fromLatest.torn + fromEarliest.torn);
            }
        }
    }

    @Test
    void shouldJudgeLivenessByTheKernelLocksThroughItsReadOnlyDescriptor()
    {
        final RingContext context = TestRings.packedContext(directory, "liveness", CAPACITY);
        final Path path;
        try (Publication publication = Publication.open(context.copy()))
        {
            path = publication.ringFile().path();
            try (RingReader reader = RingReader.open(path, StartPosition.LATEST))
            {
                assertTrue(reader.isProducerAlive());
                assertFalse(reader.isSlotOwnerAlive(0));
                try (Subscription subscription = Subscription.open(context.copy()))
                {
                    assertTrue(reader.isSlotOwnerAlive(subscription.slotIndex()));
                }
                for (int i = 0; i < reader.consumerSlots(); i++)
                {
                    assertFalse(reader.isSlotOwnerAlive(i), "slot " + i + " after its subscription closed");
                }
            }
        }
        try (RingReader reader = RingReader.open(path, StartPosition.LATEST))
        {
            assertFalse(reader.isProducerAlive(), "producer lock after the publication closed");
            assertThrows(IllegalArgumentException.class, () -> reader.isSlotOwnerAlive(reader.consumerSlots()));
        }
    }

    /**
     * Deterministic lap: 31 records fill the ring but for the next commit word; a consumer reads them all; 10 more
     * make the producer move its limit to the consumer's position + capacity, and the first of them overwrites the
     * record at position 0. The reader, still at 0, has lost exactly the 31 records below the earliest held
     * position (992 bytes) and reads the 10 after.
     */
    @Test
    void shouldReportTheExactBytesLostWhenLappedAndResumeAtTheEarliestHeldRecord()
    {
        final RingContext context = TestRings.packedContext(directory, "lapped", 1024).maxMessageLengthBytes(100);
        try (Publication publication = Publication.open(context.copy());
            Subscription subscription = Subscription.open(context.copy());
            RingReader reader = RingReader.open(publication.ringFile().path(), StartPosition.EARLIEST))
        {
            final List<long[]> losses = new ArrayList<>();
            reader.lossListener((from, resume, lost) -> losses.add(new long[]{from, resume, lost}));
            offerFixed(publication, 0, 31);
            final Checker consumed = new Checker(publication.maxMessageLength());
            assertEquals(31, subscription.poll(consumed, 100));
            assertEquals(31L * RECORD_BYTES, subscription.position());

            final Checker beforeLap = new Checker(publication.maxMessageLength());
            try (RingReader early = RingReader.open(publication.ringFile().path(), StartPosition.EARLIEST))
            {
                assertEquals(31, early.poll(beforeLap, 100), "not lapped while the records are held");
                assertEquals(0, early.lostBytes());
            }

            offerFixed(publication, 31, 10);
            assertEquals(41L * RECORD_BYTES, publication.position());
            // Control: the word at the reader's position is a committed record, but of the next lap (seq 32), so a
            // reader trusting the commit word alone would hand it over as the record at position 0.
            final UnsafeBuffer data = publication.ringFile().data();
            assertEquals(RecordDescriptor.HEADER_LENGTH + FIXED_LENGTH, data.getIntVolatile(0));
            assertEquals(32, data.getLong(RecordDescriptor.HEADER_LENGTH));
            final Checker read = new Checker(publication.maxMessageLength(), 31);
            assertEquals(10, reader.poll(read, 100));
            assertEquals(0, read.torn);
            assertEquals(31L * RECORD_BYTES, reader.lostBytes());
            assertEquals(1, reader.lapCount());
            assertEquals(1, losses.size());
            assertArrayEquals(new long[]{0, 31L * RECORD_BYTES, 31L * RECORD_BYTES}, losses.get(0));
            assertEquals(publication.position(), reader.position());
            assertEquals(reader.position(), reader.lostBytes() + 10L * RECORD_BYTES);
        }
    }

    /** Lapped while it had nothing to read (its position's commit word cleared by the producer's next lap). */
    @Test
    void shouldDetectALapWhenTheWordAtItsPositionWasCleared()
    {
        final RingContext context = TestRings.packedContext(directory, "cleared", 1024).maxMessageLengthBytes(100);
        try (Publication publication = Publication.open(context.copy());
            Subscription subscription = Subscription.open(context.copy());
            RingReader reader = RingReader.open(publication.ringFile().path(), StartPosition.EARLIEST))
        {
            final Checker consumed = new Checker(publication.maxMessageLength());
            final Checker read = new Checker(publication.maxMessageLength());
            offerFixed(publication, 0, 16);
            assertEquals(16, reader.poll(read, 100));
            assertEquals(16, subscription.poll(consumed, 100));
            // 32 more records: the consumer follows; the one that ends at 1024 + 512 clears the word at 512 + 1024.
            for (int i = 16; i < 48; i++)
            {
                offerFixed(publication, i, 1);
                assertEquals(1, subscription.poll(consumed, 100));
            }
            // The record ending at 1032 moved the limit to 992 + 1024: the earliest held record is at 992, and the
            // record ending at 1536 cleared the word at the reader's position 512 (index 512 of the next lap).
            assertEquals(992, reader.earliestPosition());
            assertEquals(17, reader.poll(read, 100));
            assertEquals(992 - 16L * RECORD_BYTES, reader.lostBytes());
            assertEquals(48, read.nextSeq);
            assertEquals(0, read.torn);
            assertEquals(48L * RECORD_BYTES, reader.position());
        }
    }

    /**
     * A producer on another thread laps a slowly polling reader over and over on a 1 KiB ring. Every record handed
     * to the handler is whole (its checksum matches), sequence numbers only go up, and every gap is accounted for:
     * the bytes read plus the bytes reported lost are exactly the distance travelled.
     */
    @Test
    void shouldNeverHandOverATornRecordWhileLappedByAFastProducer() throws InterruptedException
    {
        final RingContext context = TestRings.packedContext(directory, "fast", 1024).maxMessageLengthBytes(120);
        try (Publication publication = Publication.open(context.copy());
            Subscription subscription = Subscription.open(context.copy());
            RingReader reader = RingReader.open(publication.ringFile().path(), StartPosition.EARLIEST))
        {
            final AtomicBoolean done = new AtomicBoolean();
            final AtomicLong producerError = new AtomicLong();
            final Thread producer = Thread.ofPlatform().name("producer").start(() ->
            {
                final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
                final Checker consumed = new Checker(publication.maxMessageLength());
                long seq = 0;
                try
                {
                    while (seq < 400_000)
                    {
                        if (publication.offer(buffer, 0, fill(buffer, seq, 16 + (int)(seq % 100)), typeId(seq)) > 0)
                        {
                            seq++;
                        }
                        subscription.poll(consumed, 100);
                    }
                }
                catch (final Throwable ex)
                {
                    producerError.incrementAndGet();
                    throw ex;
                }
                finally
                {
                    done.set(true);
                }
            });
            final Checker read = new Checker(publication.maxMessageLength());
            final long deadlineNs = System.nanoTime() + HANG_GUARD_NS;
            while (!done.get() || reader.hasData())
            {
                reader.poll(read, 3);
                for (int spin = 0; spin < 200; spin++)
                {
                    Thread.onSpinWait();
                }
                TestRings.failIfHung(deadlineNs, "reader behind a fast producer");
            }
            producer.join();
            assertEquals(0, producerError.get());
            assertEquals(0, read.torn, "torn records handed to the handler");
            assertTrue(read.received > 0, "the reader read something");
            assertTrue(reader.lostBytes() > 0, "the reader was lapped (the test exercised the lap path)");
            assertEquals(publication.position(), reader.position());
            assertTrue(read.bytes + reader.lostBytes() <= reader.position(), "no byte both read and reported lost");
        }
    }

    @Test
    void shouldNeverBackPressureTheProducer()
    {
        final RingContext context = TestRings.packedContext(directory, "free", 1024);
        try (Publication publication = Publication.open(context.copy());
            Subscription subscription = Subscription.open(context.copy());
            RingReader stalled = RingReader.open(publication.ringFile().path(), StartPosition.EARLIEST))
        {
            final Checker consumed = new Checker(publication.maxMessageLength());
            for (int i = 0; i < 1000; i++)
            {
                assertTrue(publication.offer(message, 0, fill(i, FIXED_LENGTH), typeId(i)) > 0,
                    "offer " + i + " with a reader that never reads");
                assertEquals(1, subscription.poll(consumed, 10));
            }
            assertEquals(1000L * RECORD_BYTES, publication.position());
            assertEquals(0, stalled.position(), "the reader never read");

            // Negative control: a tethered consumer that never reads holds the producer within one ring.
            try (Subscription stalledConsumer = Subscription.open(context.copy().startPosition(StartPosition.LATEST)))
            {
                int accepted = 0;
                while (publication.offer(message, 0, fill(accepted, FIXED_LENGTH), typeId(accepted)) > 0)
                {
                    assertEquals(1, subscription.poll(consumed, 10));
                    accepted++;
                    assertTrue(accepted <= 1024 / RECORD_BYTES, "a stalled consumer must hold the producer");
                }
                assertEquals(Publication.BACK_PRESSURED, publication.offer(message, 0, FIXED_LENGTH, 1));
                assertEquals(0, stalledConsumer.position() - 1000L * RECORD_BYTES);
            }
        }
    }

    @Test
    void shouldNeverModifyTheFileAndMapItReadOnly() throws IOException
    {
        final RingContext context = TestRings.packedContext(directory, "ro", CAPACITY);
        final Path path;
        try (Publication publication = Publication.open(context.copy()))
        {
            path = publication.ringFile().path();
            offerFixed(publication, 0, 50);
        }
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("r--r--r--"));
        Files.setLastModifiedTime(path, FileTime.fromMillis(1_000_000_000_000L));
        final byte[] before = Files.readAllBytes(path);
        final FileTime mtimeBefore = Files.getLastModifiedTime(path);
        try (RingReader reader = RingReader.open(path, StartPosition.EARLIEST))
        {
            final String mapping = mappingOf(path);
            assertTrue(mapping.split("\\s+")[1].startsWith("r--"), "mapped without write access: " + mapping);
            final Checker read = new Checker(reader.maxMessageLength());
            assertEquals(50, reader.poll(read, 100));
            assertEquals(0, read.torn);
            assertTrue(reader.isEndOfStream());
        }
        assertArrayEquals(before, Files.readAllBytes(path));
        assertEquals(mtimeBefore, Files.getLastModifiedTime(path));
        assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
    }

    @Test
    void shouldRefuseAMissingFileAndCreateNothing() throws IOException
    {
        final Path missing = directory.resolve("mistyped.ring");
        final RingFileException ex = assertThrows(RingFileException.class,
            () -> RingReader.open(missing, StartPosition.EARLIEST));
        assertTrue(ex.getMessage().contains("no ring file at " + missing), ex.getMessage());
        assertFalse(Files.exists(missing));
        final Path inMissingDirectory = directory.resolve("nodir").resolve("x.ring");
        assertThrows(RingFileException.class, () -> RingReader.open(inMissingDirectory, StartPosition.LATEST));
        assertFalse(Files.exists(inMissingDirectory.getParent()));
        try (var entries = Files.list(directory))
        {
            assertEquals(0, entries.count());
        }
    }

    @Test
    void shouldRefuseFilesThatAreNotRings() throws IOException
    {
        final Path text = directory.resolve("text.ring");
        Files.writeString(text, "hello, not a ring\n".repeat(100), StandardCharsets.UTF_8);
        assertTrue(assertThrows(RingFileException.class, () -> RingReader.open(text, StartPosition.EARLIEST))
            .getMessage().contains("not a ring file"));

        final Path empty = Files.createFile(directory.resolve("empty.ring"));
        assertTrue(assertThrows(RingFileException.class, () -> RingReader.open(empty, StartPosition.EARLIEST))
            .getMessage().contains("truncated"));

        final Path subdirectory = Files.createDirectory(directory.resolve("dir.ring"));
        assertTrue(assertThrows(RingFileException.class,
            () -> RingReader.open(subdirectory, StartPosition.EARLIEST)).getMessage().contains("not a regular file"));

        final RingContext context = TestRings.packedContext(directory, "real", CAPACITY);
        try (Publication publication = Publication.open(context.copy()))
        {
            final Path link = Files.createSymbolicLink(directory.resolve("link.ring"), publication.ringFile().path());
            assertTrue(assertThrows(RingFileException.class, () -> RingReader.open(link, StartPosition.EARLIEST))
                .getMessage().contains("symbolic link"));
        }
    }

    /** Capacity, max length and slot count rewritten after opening are not seen: the checked copy is used. */
    @Test
    void shouldUseOnlyTheHeaderValuesCheckedWhenOpened()
    {
        final RingContext context = TestRings.packedContext(directory, "rewritten", CAPACITY);
        try (Publication publication = Publication.open(context.copy());
            RingReader reader = RingReader.open(publication.ringFile().path(), StartPosition.EARLIEST))
        {
            offerFixed(publication, 0, 20);
            final UnsafeBuffer header = publication.ringFile().header();
            header.putInt(RingDescriptor.CAPACITY_OFFSET, 1 << 30);
            header.putInt(RingDescriptor.MAX_MESSAGE_LENGTH_OFFSET, Integer.MAX_VALUE);
            header.putInt(RingDescriptor.CONSUMER_SLOTS_OFFSET, 64);
            final Checker read = new Checker(publication.maxMessageLength());
            assertEquals(20, reader.poll(read, 100));
            assertEquals(0, read.torn);
            assertEquals(CAPACITY, reader.capacity());
            assertEquals(publication.maxMessageLength(), reader.maxMessageLength());
            assertEquals(RingDescriptor.DEFAULT_CONSUMER_SLOTS, reader.consumerSlots());
            assertThrows(RingFileException.class,
                () -> RingReader.open(publication.ringFile().path(), StartPosition.EARLIEST).close(),
                "a new reader checks the rewritten header and refuses it");
        }
    }

    /** A record length that no lap explains is corruption: an exception, never a read out of bounds. */
    @Test
    void shouldRefuseACorruptRecordLength()
    {
        final RingContext context = TestRings.packedContext(directory, "corrupt", CAPACITY);
        try (Publication publication = Publication.open(context.copy());
            RingReader reader = RingReader.open(publication.ringFile().path(), StartPosition.EARLIEST))
        {
            offerFixed(publication, 0, 3);
            publication.ringFile().data().putIntVolatile(RECORD_BYTES, CAPACITY);
            final Checker read = new Checker(publication.maxMessageLength());
            final RingFileException ex = assertThrows(RingFileException.class, () -> reader.poll(read, 100));
            assertTrue(ex.getMessage().contains("corrupt record at position " + RECORD_BYTES), ex.getMessage());
            assertEquals(1, read.received, "the record before the corrupt one was delivered");
            assertEquals(0, reader.lostBytes());
        }
    }

    @Test
    void shouldNotAllocateWhilePolling()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final RingContext context = TestRings.packedContext(directory, "alloc", 1024).maxMessageLengthBytes(100);
        try (Publication publication = Publication.open(context.copy());
            Subscription subscription = Subscription.open(context.copy());
            RingReader reader = RingReader.open(publication.ringFile().path(), StartPosition.EARLIEST))
        {
            final long[] count = {0};
            final RecordHandler handler = (typeId, buffer, offset, length) -> count[0] += length;
            final RecordHandler drain = (typeId, buffer, offset, length) -> { };
            reader.lossListener((from, resume, lost) -> count[0]++);
            for (int round = 0; round < 2; round++)
            {
                final long before = threads.getThreadAllocatedBytes(Thread.currentThread().threadId());
                for (int i = 0; i < 20_000; i++)
                {
                    publication.offer(message, 0, FIXED_LENGTH, 1);
                    subscription.poll(drain, 10);
                    if ((i & 7) == 0)
                    {
                        reader.poll(handler, 2); // falls behind: lapped again and again
                    }
                }
                final long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().threadId()) - before;
                if (round == 1)
                {
                    assertEquals(0, allocated, "bytes allocated by offer, poll and the reader's poll");
                }
            }
            assertTrue(reader.lapCount() > 0);
        }
    }

    private static String mappingOf(final Path path) throws IOException
    {
        final String real = path.toRealPath().toString();
        String found = null;
        for (final String line : Files.readAllLines(Path.of("/proc/self/maps")))
        {
            if (line.endsWith(" " + real))
            {
                assertNull(found, "mapped once: " + found + " / " + line);
                found = line;
            }
        }
        assertNotNull(found, "no mapping of " + real);
        return found;
    }

    private void offerFixed(final Publication publication, final long firstSeq, final int count)
    {
        for (long seq = firstSeq; seq < firstSeq + count; seq++)
        {
            assertTrue(publication.offer(message, 0, fill(seq, FIXED_LENGTH), typeId(seq)) > 0, "offer " + seq);
        }
    }

    private static int typeId(final long seq)
    {
        return 1 + (int)(seq % 1000);
    }

    private int fill(final long seq, final int maxLength)
    {
        final int length = maxLength == FIXED_LENGTH ? FIXED_LENGTH : 8 + (int)(seq % (maxLength - 7));
        return fill(message, seq, length);
    }

    /** Writes the sequence number, then bytes derived from it: a record mixing two messages does not check out. */
    private static int fill(final UnsafeBuffer buffer, final long seq, final int length)
    {
        buffer.putLong(0, seq);
        for (int i = 8; i < length; i++)
        {
            buffer.putByte(i, (byte)(seq * 31 + i));
        }
        return length;
    }

    /** Checks each message for integrity and for increasing sequence numbers (gaps allowed only where lost). */
    private static final class Checker implements RecordHandler
    {
        private final int maxMessageLength;
        private long nextSeq;
        private long received;
        private long torn;
        private long bytes;

        Checker(final int maxMessageLength)
        {
            this(maxMessageLength, 0);
        }

        Checker(final int maxMessageLength, final long firstSeq)
        {
            this.maxMessageLength = maxMessageLength;
            this.nextSeq = firstSeq;
        }

        @Override
        public void onMessage(final int typeId, final DirectBuffer buffer, final int offset, final int length)
        {
            received++;
            bytes += RecordDescriptor.alignedLength(length + RecordDescriptor.HEADER_LENGTH);
            if (length < 8 || length > maxMessageLength)
            {
                torn++;
                return;
            }
            final long seq = buffer.getLong(offset);
            boolean whole = seq >= nextSeq && typeId == typeId(seq);
            for (int i = 8; i < length && whole; i++)
            {
                whole = buffer.getByte(offset + i) == (byte)(seq * 31 + i);
            }
            if (!whole)
            {
                torn++;
                return;
            }
            nextSeq = seq + 1;
        }
    }
}
