package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Records in tagged lines ({@link RecordFormat}), committed by a tag naming their position, with nothing cleared ahead
 * of the producer: a producer thread and a consumer thread over a small ring, lapped thousands of times with messages
 * of 0 to 200 bytes, some offered and some claimed: every message arrives once, in order, intact. Every record the
 * producer writes lands on an earlier lap's bytes, so a consumer that took a stale record for a commit would fail
 * here; the control test shows such stale records are there at the producer's tail, looking committed to a reader
 * of length words.
 */
class LineAlignedRecordsTest
{
    private static final int CAPACITY = 4096;
    private static final int MAX_MESSAGE_LENGTH = 200;
    private static final long MESSAGES = 2_000_000;
    private static final long SEED = 0x11AE5L;

    private Path directory;

    @BeforeEach
    void setUp()
    {
        directory = TestRings.newDirectory();
    }

    @AfterEach
    void tearDown()
    {
        TestRings.delete(directory);
    }

    @Test
    void shouldDeliverEveryMessageOnceInOrderAcrossThreads() throws Exception
    {
        final RingContext context = TestRings.context(directory, "lines", CAPACITY)
            .maxMessageLengthBytes(MAX_MESSAGE_LENGTH).lineAlignedRecords(true);
        final SequenceVerifier verifier = new SequenceVerifier(SEED, MAX_MESSAGE_LENGTH);
        final AtomicReference<Throwable> producerFailure = new AtomicReference<>();
        try (Subscription subscription = Subscription.open(context.copy());
            Publication publication = Publication.open(context.copy()))
        {
            final Thread producer = Thread.ofPlatform().name("producer").start(() ->
            {
                try
                {
                    produce(publication);
                }
                catch (final Throwable t)
                {
                    producerFailure.set(t);
                }
            });
            final long deadlineNs = System.nanoTime() + 120_000_000_000L;
            while (verifier.received < MESSAGES && verifier.failure == null && producerFailure.get() == null)
            {
                TestRings.failIfHung(deadlineNs, "received " + verifier.received + " of " + MESSAGES);
                if (subscription.poll(verifier, 64) == 0)
                {
                    Thread.onSpinWait();
                }
            }
            producer.join();
            assertNull(producerFailure.get());
            assertNull(verifier.failure);
            assertEquals(MESSAGES, verifier.received);
        }
    }

    @Test
    void shouldNotTakeAnEarlierLapsRecordForACommit()
    {
        final RingContext context = TestRings.context(directory, "laps", CAPACITY).lineAlignedRecords(true);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[40]);
        final long[] delivered = {0};
        final RecordHandler count = (typeId, buffer, offset, length) -> delivered[0]++;
        try (Subscription subscription = Subscription.open(context.copy());
            Publication publication = Publication.open(context.copy()))
        {
            final int records = 3 * CAPACITY / RecordDescriptor.LINE_ALIGNMENT + 5; // three laps and a bit
            for (int i = 0; i < records; i++)
            {
                assertTrue(publication.offer(message, 0, message.capacity()) > 0);
                assertEquals(1, subscription.poll(count, 10));
            }
            final UnsafeBuffer data = publication.ringFile().data();
            final int tailIndex = (int)publication.position() & (CAPACITY - 1);
            // Control: an earlier lap's record sits at the tail, a non-zero length word and a valid type, which a
            // reader of packed records would deliver as committed.
            assertEquals(message.capacity() + RecordDescriptor.TAGGED_HEADER_LENGTH,
                data.getInt(tailIndex + RecordDescriptor.LENGTH_OFFSET));
            assertFalse(subscription.hasData());
            assertEquals(0, subscription.poll(count, 10));
            assertEquals(records, delivered[0]);
            assertEquals(publication.position(), subscription.position());
        }
    }

    @Test
    void shouldFollowARecordOfUpToALineWithTheRestOfItsLineAndPackLongerOnesTo16Bytes()
    {
        final RecordFormat tagged = RecordFormat.taggedLines(1);
        assertEquals(64, tagged.frameLength(0, 48), "a small record starting a line takes the line");
        assertEquals(48, tagged.frameLength(16, 48), "a small record ending at a line's end takes what it needs");
        assertEquals(96, tagged.frameLength(32, 48), "a small record that straddles runs to the next line's end");
        assertEquals(64, tagged.frameLength(0, 64), "a whole line");
        assertEquals(272, tagged.frameLength(0, 272), "a longer record runs to 16 bytes");
        assertEquals(80, tagged.frameLength(16, 65), "a longer record runs to 16 bytes wherever it starts");
        assertEquals(48, RecordFormat.PACKED.frameLength(24, 41), "packed: to 8 bytes");

        final RingContext context = TestRings.context(directory, "frames", CAPACITY).lineAlignedRecords(true);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[256]);
        final int[] lengths = {32, 32, 256, 32, 40, 256, 60, 48};
        final long[] ends = {64, 128, 400, 448, 512, 784, 864, 960};
        final long[] delivered = new long[lengths.length * 2];
        final int[] count = {0};
        try (Subscription subscription = Subscription.open(context.copy());
            Publication publication = Publication.open(context.copy()))
        {
            final RecordHandler record = (typeId, buffer, offset, length) ->
            {
                delivered[2 * count[0]] = subscription.recordPosition();
                delivered[2 * count[0] + 1] = subscription.recordEndPosition();
                count[0]++;
            };
            for (int i = 0; i < lengths.length; i++)
            {
                assertEquals(ends[i], publication.offer(message, 0, lengths[i]), "end of message " + i);
            }
            assertEquals(lengths.length, subscription.poll(record, 100));
            for (int i = 0; i < lengths.length; i++)
            {
                assertEquals(i == 0 ? 0 : ends[i - 1], delivered[2 * i], "start of message " + i);
                assertEquals(ends[i], delivered[2 * i + 1], "end of message " + i);
            }
        }
    }

    @Test
    void shouldRefuseAProducerAskingForAnotherFormat()
    {
        final RingContext context = TestRings.context(directory, "format", CAPACITY).lineAlignedRecords(true);
        try (Subscription ignored = Subscription.open(context.copy()))
        {
            final RingFileException ex = assertThrows(RingFileException.class,
                () -> Publication.open(context.copy().lineAlignedRecords(false)));
            assertTrue(ex.getMessage().contains("tagged lines records, asked for packed"), ex.getMessage());
        }
    }

    private static void produce(final Publication publication)
    {
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[MAX_MESSAGE_LENGTH]);
        final RecordClaim claim = new RecordClaim();
        final long deadlineNs = System.nanoTime() + 120_000_000_000L;
        for (long seq = 0; seq < MESSAGES; seq++)
        {
            final long hash = Payloads.hash(SEED, seq);
            final int length = Payloads.length(hash, MAX_MESSAGE_LENGTH);
            final int typeId = Payloads.typeId(hash);
            if (Payloads.useClaim(hash))
            {
                while (publication.tryClaim(length, typeId, claim) < 0)
                {
                    TestRings.failIfHung(deadlineNs, "producer stuck at " + seq);
                    Thread.onSpinWait();
                }
                Payloads.fill(claim.buffer(), 0, length, seq, hash);
                claim.commit();
            }
            else
            {
                Payloads.fill(scratch, 0, length, seq, hash);
                while (publication.offer(scratch, 0, length, typeId) < 0)
                {
                    TestRings.failIfHung(deadlineNs, "producer stuck at " + seq);
                    Thread.onSpinWait();
                }
            }
        }
    }
}
