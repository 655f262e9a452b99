package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.slipstream.engine.ControlledRecordHandler.Action.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The one rule for a handler that throws, the same for {@link Subscription#poll},
 * {@link Subscription#controlledPoll} and {@link RingReader#poll}: the record it was handed counts as consumed, the
 * position moves past it (and a consumer's is given back to the producer), the exception reaches the caller, and the
 * next poll goes on with the record after it: nothing lost, nothing delivered twice.
 */
class ThrowingHandlerTest
{
    private static final int CAPACITY = 4096;
    private static final int MESSAGES = 6;
    private static final int THROWS_AT = 2;
    private Path directory;
    private RingContext context;
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[64]);
    private final long[] ends = new long[MESSAGES];
    private final List<Integer> received = new ArrayList<>();
    private final IllegalStateException failure = new IllegalStateException("handler failed");

    @BeforeEach
    void setUp()
    {
        directory = TestRings.newDirectory();
        context = TestRings.context(directory, "throws", CAPACITY);
    }

    @AfterEach
    void tearDown()
    {
        TestRings.delete(directory);
    }

    @Test
    void shouldConsumeTheRecordWhoseHandlerThrewInPoll()
    {
        try (Subscription subscription = Subscription.open(context.copy());
            Publication publication = Publication.open(context.copy()))
        {
            offerAll(publication);
            final RecordHandler handler = (typeId, buffer, offset, length) ->
            {
                final int sequence = buffer.getInt(offset);
                received.add(sequence);
                if (sequence == THROWS_AT)
                {
                    throw failure;
                }
            };
            assertSame(failure, assertThrows(IllegalStateException.class, () -> subscription.poll(handler, 100)));
            assertConsumedUpToTheThrower(subscription);
            assertEquals(MESSAGES - THROWS_AT - 1, subscription.poll(handler, 100));
            assertAllOnce(subscription, publication);
        }
    }

    @Test
    void shouldConsumeTheRecordWhoseHandlerThrewInControlledPoll()
    {
        try (Subscription subscription = Subscription.open(context.copy());
            Publication publication = Publication.open(context.copy()))
        {
            offerAll(publication);
            final ControlledRecordHandler handler = (typeId, buffer, offset, length) ->
            {
                final int sequence = buffer.getInt(offset);
                received.add(sequence);
                if (sequence == THROWS_AT)
                {
                    throw failure;
                }
                return sequence == 0 ? COMMIT : CONTINUE;
            };
            assertSame(failure,
                assertThrows(IllegalStateException.class, () -> subscription.controlledPoll(handler, 100)));
            assertConsumedUpToTheThrower(subscription);
            assertEquals(MESSAGES - THROWS_AT - 1, subscription.controlledPoll(handler, 100));
            assertAllOnce(subscription, publication);
        }
    }

    @Test
    void shouldConsumeTheRecordWhoseHandlerThrewInAnUntetheredReader()
    {
        try (Subscription subscription = Subscription.open(context.copy());
            Publication publication = Publication.open(context.copy());
            RingReader reader = RingReader.open(publication.ringFile().path(), StartPosition.EARLIEST))
        {
            offerAll(publication);
            final RecordHandler handler = (typeId, buffer, offset, length) ->
            {
                final int sequence = buffer.getInt(offset);
                received.add(sequence);
                if (sequence == THROWS_AT)
                {
                    throw failure;
                }
            };
            assertSame(failure, assertThrows(IllegalStateException.class, () -> reader.poll(handler, 100)));
            assertEquals(List.of(0, 1, 2), received);
            assertEquals(ends[THROWS_AT], reader.position(), "past the record whose handler threw");
            assertEquals(MESSAGES - THROWS_AT - 1, reader.poll(handler, 100));
            assertEquals(List.of(0, 1, 2, 3, 4, 5), received, "each record delivered exactly once");
            assertEquals(publication.position(), reader.position());
        }
    }

    /** Control: a handler that wants a record again returns ABORT, and gets it again; throwing is not that. */
    @Test
    void shouldDeliverAnAbortedRecordAgain()
    {
        try (Subscription subscription = Subscription.open(context.copy());
            Publication publication = Publication.open(context.copy()))
        {
            offerAll(publication);
            final boolean[] abortedOnce = {false};
            final ControlledRecordHandler handler = (typeId, buffer, offset, length) ->
            {
                final int sequence = buffer.getInt(offset);
                if (sequence == THROWS_AT && !abortedOnce[0])
                {
                    abortedOnce[0] = true;
                    return ABORT;
                }
                received.add(sequence);
                return CONTINUE;
            };
            assertEquals(THROWS_AT, subscription.controlledPoll(handler, 100));
            assertEquals(ends[THROWS_AT - 1], subscription.position());
            assertEquals(MESSAGES - THROWS_AT, subscription.controlledPoll(handler, 100));
            assertEquals(List.of(0, 1, 2, 3, 4, 5), received);
        }
    }

    /** The space of the record whose handler threw goes back to a producer that was back-pressured. */
    @Test
    void shouldGiveTheThrowersSpaceBackToTheProducer()
    {
        try (Subscription subscription = Subscription.open(context.copy());
            Publication publication = Publication.open(context.copy()))
        {
            int offered = 0;
            while (publication.offer(message, 0, 56) > 0)
            {
                offered++;
            }
            assertEquals(Publication.BACK_PRESSURED, publication.offer(message, 0, 56));
            final RecordHandler thrower = (typeId, buffer, offset, length) ->
            {
                throw failure;
            };
            assertThrows(IllegalStateException.class, () -> subscription.poll(thrower, 100));
            assertTrue(publication.offer(message, 0, 56) > 0, "the consumed record's space is free again");
            final int[] rest = {0};
            while (subscription.poll((typeId, buffer, offset, length) -> rest[0]++, 100) > 0)
            {
                // drain
            }
            assertEquals(offered, rest[0], "all but the thrower's record, then the one offered after it");
        }
    }

    private void offerAll(final Publication publication)
    {
        for (int i = 0; i < MESSAGES; i++)
        {
            message.putInt(0, i);
            ends[i] = publication.offer(message, 0, 8 + i * 8);
            assertTrue(ends[i] > 0);
        }
    }

    private void assertConsumedUpToTheThrower(final Subscription subscription)
    {
        assertEquals(List.of(0, 1, 2), received);
        assertEquals(ends[THROWS_AT], subscription.position(), "past the record whose handler threw");
        assertEquals(ends[THROWS_AT], subscription.ringFile().header().getLongVolatile(
            RingDescriptor.slotPositionOffset(subscription.slotIndex())), "given back to the producer");
    }

    private void assertAllOnce(final Subscription subscription, final Publication publication)
    {
        assertEquals(List.of(0, 1, 2, 3, 4, 5), received, "each record delivered exactly once");
        assertEquals(publication.position(), subscription.position());
        assertFalse(subscription.hasData());
    }
}
