package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Random;

import static io.slipstream.engine.ControlledRecordHandler.Action.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Handlers learn each record's position during their call: its end is exactly what the producer's offer returned for
 * it, its start is at or after the previous record's end (padding at the wrap between), across many wraps, for
 * {@link Subscription#poll}, {@link Subscription#controlledPoll} (an aborted record is given again with the same
 * position) and {@link RingReader#poll}.
 */
class RecordPositionTest
{
    private static final int CAPACITY = 4096;
    private static final int MESSAGES = 5_000;
    private Path directory;
    private RingContext context;
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[512]);
    private final long[] offeredEnds = new long[MESSAGES];

    @BeforeEach
    void setUp()
    {
        directory = TestRings.newDirectory();
        context = TestRings.packedContext(directory, "positions", CAPACITY);
    }

    @AfterEach
    void tearDown()
    {
        TestRings.delete(directory);
    }

    @Test
    void shouldGiveEachRecordsPositionToPollHandlers()
    {
        try (Subscription subscription = Subscription.open(context.copy());
            Publication publication = Publication.open(context.copy()))
        {
            final Checker checker = new Checker(subscription.position());
            final RecordHandler handler = (typeId, buffer, offset, length) ->
                checker.check(buffer.getInt(offset), length, subscription.recordPosition(),
                    subscription.recordEndPosition());
            final Random random = new Random(7);
            int sent = 0;
            while (sent < MESSAGES)
            {
                if (offer(publication, sent, random))
                {
                    sent++;
                }
                else
                {
                    subscription.poll(handler, 1 + random.nextInt(5));
                }
            }
            while (subscription.poll(handler, 100) > 0)
            {
                // drain
            }
            checker.assertAllSeen(publication.position(), subscription.position());
        }
    }

    @Test
    void shouldGiveEachRecordsPositionToControlledPollHandlersAndTheSameAgainAfterAbort()
    {
        try (Subscription subscription = Subscription.open(context.copy());
            Publication publication = Publication.open(context.copy()))
        {
            final Checker checker = new Checker(subscription.position());
            final Random random = new Random(8);
            final long[] aborted = {-1, -1};
            final int[] aborts = {0};
            final ControlledRecordHandler handler = (typeId, buffer, offset, length) ->
            {
                if (aborted[0] >= 0)
                {
                    assertEquals(aborted[0], subscription.recordPosition(), "the aborted record, given again");
                    assertEquals(aborted[1], subscription.recordEndPosition());
                    aborted[0] = -1;
                }
                else if (random.nextInt(4) == 0)
                {
                    aborted[0] = subscription.recordPosition();
                    aborted[1] = subscription.recordEndPosition();
                    aborts[0]++;
                    return ABORT;
                }
                checker.check(buffer.getInt(offset), length, subscription.recordPosition(),
                    subscription.recordEndPosition());
                return random.nextBoolean() ? CONTINUE : COMMIT;
            };
            int sent = 0;
            while (sent < MESSAGES)
            {
                if (offer(publication, sent, random))
                {
                    sent++;
                }
                else
                {
                    subscription.controlledPoll(handler, 1 + random.nextInt(5));
                }
            }
            while (checker.next < MESSAGES)
            {
                subscription.controlledPoll(handler, 100);
            }
            checker.assertAllSeen(publication.position(), subscription.position());
            assertTrue(aborts[0] > 100, "aborts exercised: " + aborts[0]);
        }
    }

    @Test
    void shouldGiveEachRecordsPositionToUntetheredReaders()
    {
        try (Publication publication = Publication.open(context.copy());
            Subscription subscription = Subscription.open(context.copy());
            RingReader reader = RingReader.open(publication.ringFile().path(), StartPosition.EARLIEST))
        {
            final Checker checker = new Checker(reader.position());
            final RecordHandler handler = (typeId, buffer, offset, length) ->
                checker.check(buffer.getInt(offset), length, reader.recordPosition(), reader.recordEndPosition());
            final RecordHandler drain = (typeId, buffer, offset, length) ->
            {
            };
            final Random random = new Random(9);
            int sent = 0;
            while (sent < MESSAGES)
            {
                if (offer(publication, sent, random))
                {
                    sent++;
                }
                reader.poll(handler, 100);
                subscription.poll(drain, 100);
            }
            checker.assertAllSeen(publication.position(), reader.position());
            assertEquals(0, reader.lostBytes());
        }
    }

    /** Offers message {@code sequence} with a random length of 4 to 300 bytes, recording the position returned. */
    private boolean offer(final Publication publication, final int sequence, final Random random)
    {
        final int length = 4 + random.nextInt(297);
        message.putInt(0, sequence);
        final long result = publication.offer(message, 0, length);
        if (result > 0)
        {
            offeredEnds[sequence] = result;
            return true;
        }
        assertEquals(Publication.BACK_PRESSURED, result);
        return false;
    }

    private final class Checker
    {
        private long previousEnd;
        private int next;
        private int gaps;

        Checker(final long start)
        {
            previousEnd = start;
        }

        void check(final int sequence, final int length, final long start, final long end)
        {
            assertEquals(next, sequence, "in order, none lost or repeated");
            assertEquals(offeredEnds[sequence], end, "the end is what the producer's offer returned");
            assertEquals(RecordDescriptor.alignedLength(length + RecordDescriptor.HEADER_LENGTH), end - start);
            assertTrue(start >= previousEnd, "starts at or after the previous record's end");
            if (start > previousEnd)
            {
                gaps++; // padding at the end of the region
            }
            previousEnd = end;
            next++;
        }

        void assertAllSeen(final long producerPosition, final long consumerPosition)
        {
            assertEquals(MESSAGES, next);
            assertEquals(producerPosition, previousEnd);
            assertEquals(producerPosition, consumerPosition);
            assertTrue(gaps > 10, "wrapped past padding often enough: " + gaps);
        }
    }
}
