package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.slipstream.engine.ControlledRecordHandler.Action.*;
import static org.junit.jupiter.api.Assertions.*;

class SubscriptionTest
{
    private static final int CAPACITY = 4096;
    private Path directory;
    private RingContext context;
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[1024]);

    @BeforeEach
    void setUp()
    {
        directory = TestRings.newDirectory();
        context = TestRings.packedContext(directory, "s", CAPACITY);
    }

    @AfterEach
    void tearDown()
    {
        TestRings.delete(directory);
    }

    @Test
    void shouldDeliverMessagesInOrderWithTypeAndContentAcrossManyWraps()
    {
        final Random random = new Random(1);
        try (Subscription subscription = Subscription.open(context.copy());
            Publication publication = Publication.open(context.copy()))
        {
            final long[] expected = {0};
            final int[] received = {0};
            final RecordHandler handler = (typeId, buffer, offset, length) ->
            {
                assertEquals((int)(expected[0] % 1000), typeId);
                assertEquals(expected[0] % (publication.maxMessageLength() + 1), length);
                for (int i = 0; i < length; i++)
                {
                    assertEquals((byte)(expected[0] + i), buffer.getByte(offset + i));
                }
                expected[0]++;
                received[0]++;
            };
            long sent = 0;
            while (sent < 20_000)
            {
                final int length = (int)(sent % (publication.maxMessageLength() + 1));
                for (int i = 0; i < length; i++)
                {
                    message.putByte(i, (byte)(sent + i));
                }
                if (publication.offer(message, 0, length, (int)(sent % 1000)) > 0)
                {
                    sent++;
                }
                else
                {
                    subscription.poll(handler, 1 + random.nextInt(10));
                }
            }
            while (received[0] < sent)
            {
                assertTrue(subscription.poll(handler, 100) > 0, "all sent messages arrive");
            }
            assertTrue(publication.position() > 50L * CAPACITY, "wrapped many times");
            assertEquals(publication.position(), subscription.position());
        }
    }

    @Test
    void shouldGiveEachSubscriberItsOwnPositionAndHoldProducerForSlowest()
    {
        try (Subscription fast = Subscription.open(context.copy());
            Subscription slow = Subscription.open(context.copy());
            Publication publication = Publication.open(context.copy()))
        {
            assertNotEquals(fast.slotIndex(), slow.slotIndex());
            int sent = 0;
            while (publication.offer(message, 0, 120) > 0)
            {
                sent++;
                fast.poll((t, b, o, l) -> { }, 10);
            }
            assertEquals(publication.position(), fast.position());
            assertEquals(0, slow.position());
            assertEquals(CAPACITY / 128 - 1, sent, "held back by the slow subscriber only");
            final int[] count = {0};
            slow.poll((t, b, o, l) -> count[0]++, 1000);
            assertEquals(sent, count[0]);
            assertTrue(publication.offer(message, 0, 120) > 0);
        }
    }

    @Test
    void shouldStopProducerWaitingForClosedSubscriber()
    {
        final Subscription leaving = Subscription.open(context.copy());
        try (Subscription staying = Subscription.open(context.copy());
            Publication publication = Publication.open(context.copy()))
        {
            while (publication.offer(message, 0, 120) > 0)
            {
                staying.poll((t, b, o, l) -> { }, 10);
            }
            leaving.close();
            assertTrue(publication.offer(message, 0, 120) > 0, "a closed subscriber holds nothing back");
        }
    }

    @Test
    void shouldJoinAtLatestWhenAsked()
    {
        try (Publication publication = Publication.open(context.copy()))
        {
            publication.offer(message, 0, 8);
            try (Subscription latest = Subscription.open(context.copy().startPosition(StartPosition.LATEST));
                Subscription earliest = Subscription.open(context.copy().startPosition(StartPosition.EARLIEST)))
            {
                message.putInt(0, 2);
                publication.offer(message, 0, 4);
                final List<Integer> fromLatest = new ArrayList<>();
                latest.poll((t, b, o, l) -> fromLatest.add(l), 10);
                assertEquals(List.of(4), fromLatest);
                final List<Integer> fromEarliest = new ArrayList<>();
                earliest.poll((t, b, o, l) -> fromEarliest.add(l), 10);
                assertEquals(List.of(8, 4), fromEarliest);
            }
        }
    }

    @Test
    void shouldRespectMessageLimit()
    {
        try (Subscription subscription = Subscription.open(context.copy());
            Publication publication = Publication.open(context.copy()))
        {
            for (int i = 0; i < 5; i++)
            {
                publication.offer(message, 0, 8);
            }
            assertEquals(2, subscription.poll((t, b, o, l) -> { }, 2));
            assertEquals(3, subscription.poll((t, b, o, l) -> { }, 10));
            assertEquals(0, subscription.poll((t, b, o, l) -> { }, 10));
        }
    }

    @Test
    void shouldFollowControlledActions()
    {
        try (Subscription subscription = Subscription.open(context.copy());
            Publication publication = Publication.open(context.copy()))
        {
            for (int i = 0; i < 6; i++)
            {
                message.putInt(0, i);
                publication.offer(message, 0, 4);
            }
            final List<Integer> seen = new ArrayList<>();
            // ABORT leaves the message for the next poll.
            assertEquals(1, subscription.controlledPoll((t, b, o, l) ->
            {
                seen.add(b.getInt(o));
                return seen.size() == 2 ? ABORT : CONTINUE;
            }, 10));
            assertEquals(List.of(0, 1), seen);
            seen.clear();
            // BREAK consumes and stops.
            assertEquals(1, subscription.controlledPoll((t, b, o, l) ->
            {
                seen.add(b.getInt(o));
                return BREAK;
            }, 10));
            assertEquals(List.of(1), seen);
            // COMMIT publishes the position at once.
            final long[] slotPosition = {0};
            seen.clear();
            assertEquals(4, subscription.controlledPoll((t, b, o, l) ->
            {
                seen.add(b.getInt(o));
                slotPosition[0] = subscription.ringFile().header().getLongVolatile(
                    RingDescriptor.slotPositionOffset(subscription.slotIndex()));
                return COMMIT;
            }, 10));
            assertEquals(List.of(2, 3, 4, 5), seen);
            assertEquals(publication.position() - 16, slotPosition[0], "committed up to the previous message");
            assertEquals(publication.position(), subscription.position());
        }
    }

    @Test
    void shouldSeeEndOfStreamAfterReadingEverything()
    {
        try (Subscription subscription = Subscription.open(context.copy()))
        {
            final Publication publication = Publication.open(context.copy());
            publication.offer(message, 0, 8);
            publication.close();
            assertFalse(subscription.isEndOfStream(), "a message is still unread");
            assertEquals(1, subscription.poll((t, b, o, l) -> { }, 10, WaitStrategy.BUSY_SPIN.newIdleStrategy()));
            assertTrue(subscription.isEndOfStream());
            assertEquals(0, subscription.poll((t, b, o, l) -> { }, 10, WaitStrategy.YIELDING.newIdleStrategy()),
                "a waiting poll returns at end of stream");
        }
    }

    @Test
    void shouldReportProducerLiveness()
    {
        try (Subscription subscription = Subscription.open(context.copy()))
        {
            assertFalse(subscription.isProducerAlive());
            try (Publication ignored = Publication.open(context.copy()))
            {
                assertTrue(subscription.isProducerAlive());
            }
            assertFalse(subscription.isProducerAlive());
        }
    }

    @Test
    void shouldRefuseWhenAllSlotsAreTaken()
    {
        final RingContext twoSlots = context.copy().consumerSlots(2);
        try (Subscription a = Subscription.open(twoSlots.copy());
            Subscription b = Subscription.open(twoSlots.copy()))
        {
            final RingFileException ex =
                assertThrows(RingFileException.class, () -> Subscription.open(twoSlots.copy()));
            assertTrue(ex.getMessage().contains("consumer slots are in use"), ex.getMessage());
        }
        try (Subscription again = Subscription.open(twoSlots.copy()))
        {
            assertEquals(0, again.slotIndex(), "closed subscriptions free their slots");
        }
    }

    @Test
    void shouldReturnNothingAfterClose()
    {
        final Subscription subscription = Subscription.open(context.copy());
        try (Publication publication = Publication.open(context.copy()))
        {
            publication.offer(message, 0, 8);
            subscription.close();
            assertEquals(0, subscription.poll((t, b, o, l) -> fail("closed"), 10));
            assertFalse(subscription.hasData());
        }
    }

    @Test
    void shouldRefuseIncompatibleExistingRing()
    {
        try (Subscription ignored = Subscription.open(context.copy()))
        {
            final RingFileException ex = assertThrows(RingFileException.class,
                () -> Subscription.open(context.copy().capacityBytes(CAPACITY * 2)));
            assertTrue(ex.getMessage().contains("incompatible"), ex.getMessage());
            // Unspecified values take what the file has.
            try (Subscription any = Subscription.open(new RingContext().directory(directory).streamName("s")))
            {
                assertEquals(CAPACITY, any.ringFile().capacity());
            }
        }
    }
}
