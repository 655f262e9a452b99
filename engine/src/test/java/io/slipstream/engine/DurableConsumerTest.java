package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A durable consumer slot holds the producer while its process is down, is taken back by name at the position it was
 * released to, and is freed only by removal; a plain slot of a killed consumer is freed (the negative control).
 */
class DurableConsumerTest extends RingDirectoryTest
{
    private static final int CAPACITY = 64 * 1024;
    private static final int LENGTH = 16;
    private static final int READ_BY_CHILD = 100;

    @Test
    void shouldHoldTheProducerWhileAKilledDurableConsumerIsDownAndResumeItByName() throws Exception
    {
        final RingContext context = TestRings.context(directory, "held", CAPACITY);
        try (Publication publication = Publication.open(context);
            Subscription reader = Subscription.open(context.copy()))
        {
            final UnsafeBuffer message = new UnsafeBuffer(new byte[LENGTH]);
            long sent = offer(publication, message, 0, READ_BY_CHILD);
            final String[] ready;
            try (ChildProcess child = ChildProcess.start("durable", directory, DurableConsumerMain.class,
                directory.toString(), "held", "bridge-a", Long.toString(READ_BY_CHILD)))
            {
                ready = child.awaitLine("READY", Duration.ofSeconds(60)).split(" ");
                child.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            sent = offerUntilBackPressured(publication, message, sent, reader);
            holdForSeveralChecks(publication, message, reader);
            assertEquals(0, publication.releasedConsumers(), "a durable slot is never freed");
            assertEquals(0, publication.evictedConsumers());

            try (Subscription resumed = Subscription.open(context.copy().durableConsumer("bridge-a")))
            {
                assertTrue(resumed.isDurable());
                assertEquals(Integer.parseInt(ready[1]), resumed.slotIndex(), "the same slot, by name");
                assertEquals(Long.parseLong(ready[2]), resumed.position(), "where the killed consumer stood");
                final List<Long> received = drain(resumed);
                assertEquals(sent - READ_BY_CHILD, received.size(), "everything after what it had read");
                for (int i = 0; i < received.size(); i++)
                {
                    assertEquals(READ_BY_CHILD + i, received.get(i), "in order, none lost or repeated");
                }
            }
            // Closed, the durable slot still holds the producer, at the position it read to.
            final long heldAt = sent;
            sent = offerUntilBackPressured(publication, message, sent, reader);
            assertTrue(sent > heldAt, "the read space was given back");
            holdForSeveralChecks(publication, message, reader);

            Subscription.removeDurableConsumer(context.copy(), "bridge-a");
            drain(reader);
            assertTrue(publication.offer(message, 0, LENGTH) > 0, "removal frees the producer");
            assertThrows(IllegalArgumentException.class,
                () -> Subscription.removeDurableConsumer(context.copy(), "bridge-a"), "removed for good");
        }
    }

    @Test
    void shouldFreeThePlainSlotOfAKilledConsumer() throws Exception
    {
        final RingContext context = TestRings.context(directory, "plain", CAPACITY);
        try (Publication publication = Publication.open(context);
            Subscription reader = Subscription.open(context.copy()))
        {
            final UnsafeBuffer message = new UnsafeBuffer(new byte[LENGTH]);
            long sent = offer(publication, message, 0, READ_BY_CHILD);
            try (ChildProcess child = ChildProcess.start("plain", directory, DurableConsumerMain.class,
                directory.toString(), "plain", "-", Long.toString(READ_BY_CHILD)))
            {
                child.awaitLine("READY", Duration.ofSeconds(60));
                child.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long drained = drain(reader).size();
            while (publication.releasedConsumers() == 0)
            {
                message.putLong(0, sent);
                if (publication.offer(message, 0, LENGTH) > 0)
                {
                    sent++;
                }
                drained += drain(reader).size();
                TestRings.failIfHung(deadlineNs, "the killed consumer's plain slot was never freed");
            }
            assertEquals(1, publication.releasedConsumers());
            while (sent < 4L * CAPACITY / 32)
            {
                message.putLong(0, sent);
                assertTrue(publication.offer(message, 0, LENGTH) > 0, "nothing holds the producer but the reader");
                sent++;
                drained += drain(reader).size();
            }
            assertEquals(sent, drained, "the plain reader got every message once");
        }
    }

    @Test
    void shouldRefuseASecondOpenAndARemovalWhileTheDurableConsumerIsOpen()
    {
        final RingContext context = TestRings.context(directory, "busy", CAPACITY).durableConsumer("bridge-b");
        try (Subscription first = Subscription.open(context))
        {
            final RingFileException second = assertThrows(RingFileException.class,
                () -> Subscription.open(context.copy()).close());
            assertTrue(second.getMessage().contains("'bridge-b'") &&
                second.getMessage().contains("already open"), second.getMessage());
            final RingFileException removal = assertThrows(RingFileException.class,
                () -> Subscription.removeDurableConsumer(context.copy(), "bridge-b"));
            assertTrue(removal.getMessage().contains("close it"), removal.getMessage());
            assertTrue(first.isDurable());
        }
        assertThrows(IllegalArgumentException.class,
            () -> Subscription.open(context.copy().durableConsumer("has space")));
    }

    @Test
    void shouldReadAheadAndReleaseOnlyWhatItIsToldTo()
    {
        final RingContext context = TestRings.context(directory, "ahead", CAPACITY);
        try (Publication publication = Publication.open(context))
        {
            final UnsafeBuffer message = new UnsafeBuffer(new byte[LENGTH]);
            final long[] ends = new long[10];
            try (Subscription durable = Subscription.open(context.copy().durableConsumer("bridge-c")))
            {
                offer(publication, message, 0, 10);
                final ReadAhead ahead = durable.readAhead();
                final List<Long> read = new ArrayList<>();
                assertEquals(10, ahead.controlledPoll((typeId, buffer, offset, length) ->
                {
                    ends[read.size()] = ahead.recordEndPosition();
                    read.add(buffer.getLong(offset));
                    return ControlledRecordHandler.Action.CONTINUE;
                }, 100));
                assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), read);
                assertEquals(0, durable.position(), "reading ahead releases nothing");
                durable.releaseTo(ends[3]);
                assertEquals(ends[3], durable.position());
                ahead.seek(ends[3]);
                read.clear();
                assertEquals(2, ahead.controlledPoll((typeId, buffer, offset, length) ->
                {
                    read.add(buffer.getLong(offset));
                    return read.size() == 2 ? ControlledRecordHandler.Action.BREAK :
                        ControlledRecordHandler.Action.CONTINUE;
                }, 100));
                assertEquals(List.of(4L, 5L), read, "read again from the seek");
                assertThrows(IllegalArgumentException.class, () -> ahead.seek(ends[2]), "behind what was released");
            }
            try (Subscription resumed = Subscription.open(context.copy().durableConsumer("bridge-c")))
            {
                assertEquals(ends[3], resumed.position(), "resumes where it was released to");
                assertEquals(List.of(4L, 5L, 6L, 7L, 8L, 9L), drain(resumed));
            }
        }
    }

    private static long offer(final Publication publication, final UnsafeBuffer message, final long from,
        final long count)
    {
        for (long seq = from; seq < from + count; seq++)
        {
            message.putLong(0, seq);
            assertTrue(publication.offer(message, 0, LENGTH) > 0, "room for message " + seq);
        }
        return from + count;
    }

    /** Offers until back-pressured while the plain reader keeps up: what is left holds the producer. */
    private static long offerUntilBackPressured(final Publication publication, final UnsafeBuffer message,
        final long from, final Subscription reader)
    {
        long seq = from;
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true)
        {
            TestRings.failIfHung(deadlineNs, "the producer was never back-pressured");
            message.putLong(0, seq);
            if (publication.offer(message, 0, LENGTH) < 0)
            {
                drain(reader);
                message.putLong(0, seq);
                if (publication.offer(message, 0, LENGTH) < 0)
                {
                    return seq;
                }
            }
            seq++;
        }
    }

    /** Drives the producer's dead-party checks for several intervals: it must stay back-pressured throughout. */
    private static void holdForSeveralChecks(final Publication publication, final UnsafeBuffer message,
        final Subscription reader) throws InterruptedException
    {
        final long untilNs = System.nanoTime() + 3 * Publication.CONSUMER_CHECK_INTERVAL_NS;
        while (System.nanoTime() < untilNs)
        {
            drain(reader);
            assertEquals(Publication.BACK_PRESSURED, publication.offer(message, 0, LENGTH),
                "the durable slot holds the producer");
            Thread.sleep(1);
        }
    }

    private static List<Long> drain(final Subscription subscription)
    {
        final List<Long> received = new ArrayList<>();
        subscription.poll((typeId, buffer, offset, length) -> received.add(buffer.getLong(offset)),
            Integer.MAX_VALUE);
        return received;
    }
}
