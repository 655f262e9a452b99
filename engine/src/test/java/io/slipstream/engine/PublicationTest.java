package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PublicationTest extends RingDirectoryTest
{
    private static final int CAPACITY = 1024;
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[256]);

    @Test
    void shouldReturnPositionAdvancedByAlignedRecordLength()
    {
        try (Publication publication = Publication.open(TestRings.packedContext(directory, "p", CAPACITY)))
        {
            assertEquals(16, publication.offer(message, 0, 5));
            assertEquals(16 + 8, publication.offer(message, 0, 0));
            assertEquals(24 + 40, publication.offer(message, 0, 32, 7));
            assertEquals(64, publication.position());
        }
    }

    @Test
    void shouldRejectMessageLongerThanMaximum()
    {
        try (Publication publication = Publication.open(TestRings.packedContext(directory, "p", CAPACITY)))
        {
            final int max = publication.maxMessageLength();
            assertEquals(CAPACITY / 8 - RecordDescriptor.HEADER_LENGTH, max);
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> publication.offer(new UnsafeBuffer(new byte[max + 1]), 0, max + 1));
            assertTrue(ex.getMessage().contains("message length " + (max + 1)), ex.getMessage());
            assertThrows(IllegalArgumentException.class, () -> publication.offer(message, 0, -1));
            assertThrows(IllegalArgumentException.class, () -> publication.tryClaim(max + 1, new RecordClaim()));
        }
    }

    @Test
    void shouldRejectPaddingTypeId()
    {
        try (Publication publication = Publication.open(TestRings.packedContext(directory, "p", CAPACITY)))
        {
            assertThrows(IllegalArgumentException.class,
                () -> publication.offer(message, 0, 4, RecordDescriptor.PADDING_TYPE_ID));
        }
    }

    @Test
    void shouldRefuseASourceRangeOutsideTheSourceBufferAndReserveNothing()
    {
        final RingContext context = TestRings.context(directory, "source", CAPACITY);
        try (Subscription subscription = Subscription.open(context.copy());
            Publication publication = Publication.open(context.copy()))
        {
            final UnsafeBuffer small = new UnsafeBuffer(new byte[8]);
            assertThrows(IndexOutOfBoundsException.class, () -> publication.offer(small, 4, 8));
            assertEquals(0, publication.position(), "nothing reserved");
            assertTrue(publication.offer(small, 0, 8) > 0);
            final int[] delivered = {0};
            assertEquals(1, subscription.poll((t, b, o, l) -> delivered[0]++, 10));
        }
    }

    @Test
    void shouldStartSmallRecordsWithinOneLineWhenAsked()
    {
        assertEquals(0, straddlingRecords(true), "tagged-line records neither straddle nor start mid-line");
        assertTrue(straddlingRecords(false) > 0, "packed records straddle lines (the check can fail)");
    }

    /**
     * Sends messages of 8 to 48 bytes round the ring many times; counts the records that straddle two lines or, in
     * tagged lines, start anywhere but a line's start.
     */
    private long straddlingRecords(final boolean lineAligned)
    {
        final RingContext context = TestRings.packedContext(directory, "lines-" + lineAligned, CAPACITY)
            .lineAlignedRecords(lineAligned);
        try (Subscription subscription = Subscription.open(context.copy());
            Publication publication = Publication.open(context.copy()))
        {
            final long[] received = {0, 0};
            final RecordHandler check = (typeId, buffer, offset, length) ->
            {
                final long start = subscription.recordPosition();
                assertEquals(received[0], buffer.getLong(offset), "in order");
                if ((start & 63) + subscription.recordEndPosition() - start > 64 || (lineAligned && (start & 63) != 0))
                {
                    received[1]++;
                }
                received[0]++;
            };
            long sent = 0;
            for (int round = 0; round < 200; round++)
            {
                for (int i = 0; i <= round % 8; i++)
                {
                    message.putLong(0, sent);
                    assertTrue(publication.offer(message, 0, 8 + 8 * ((round + i) % 6)) > 0);
                    sent++;
                }
                while (subscription.poll(check, 100) > 0)
                {
                    // drain
                }
            }
            assertEquals(sent, received[0]);
            return received[1];
        }
    }

    @Test
    void shouldGiveSpaceBackInBatchesAndAtTheEnd()
    {
        final RingContext context = TestRings.packedContext(directory, "batches", CAPACITY);
        try (Subscription subscription = Subscription.open(context.copy());
            Publication publication = Publication.open(context.copy()))
        {
            final int batch = ConsumerRecords.positionBatchBytes(CAPACITY); // 128 bytes: two 64-byte records
            assertEquals(128, batch);
            for (int i = 0; i < 5; i++)
            {
                assertTrue(publication.offer(message, 0, 56) > 0);
            }
            final int slot = RingDescriptor.slotPositionOffset(subscription.slotIndex());
            final RecordHandler ignore = (t, b, o, l) -> { };
            assertEquals(1, subscription.poll(ignore, 1));
            assertEquals(0, publication.header().getLongVolatile(slot), "less than a batch: kept");
            assertEquals(1, subscription.poll(ignore, 1));
            assertEquals(128, publication.header().getLongVolatile(slot), "a batch: given back");
            assertEquals(1, subscription.poll(ignore, 1));
            assertEquals(128, publication.header().getLongVolatile(slot));
            assertEquals(2, subscription.poll(ignore, 2));
            assertEquals(320, publication.header().getLongVolatile(slot), "a batch again: given back");
            assertTrue(publication.offer(message, 0, 56) > 0);
            assertEquals(1, subscription.poll(ignore, 1));
            assertEquals(320, publication.header().getLongVolatile(slot));
            assertEquals(0, subscription.poll(ignore, 1));
            assertEquals(384, publication.header().getLongVolatile(slot), "the end of the records: given back");
        }
    }

    @Test
    void shouldBePushedBackWhenSlowestConsumerIsARingBehind()
    {
        final RingContext context = TestRings.packedContext(directory, "p", CAPACITY);
        try (Subscription subscription = Subscription.open(context.copy());
            Publication publication = Publication.open(context.copy()))
        {
            int accepted = 0;
            while (publication.offer(message, 0, 56) > 0)
            {
                accepted++;
            }
            assertEquals(Publication.BACK_PRESSURED, publication.offer(message, 0, 56));
            // 64-byte records; one record's commit word is always kept clear ahead of the tail.
            assertEquals(CAPACITY / 64 - 1, accepted);

            assertEquals(1, subscription.poll((t, b, o, l) -> { }, 1));
            assertEquals(Publication.BACK_PRESSURED, publication.offer(message, 0, 56),
                "one record is less than a batch: the consumer keeps it until its poll reaches the end");
            assertEquals(accepted - 1, subscription.poll((t, b, o, l) -> { }, Integer.MAX_VALUE));
            int reused = 0;
            while (publication.offer(message, 0, 56) > 0)
            {
                reused++;
            }
            assertEquals(accepted, reused, "all the space freed by the consumer is reused");
        }
    }

    @Test
    void shouldHoldBackWithNoConsumerOnceARingIsWritten()
    {
        try (Publication publication = Publication.open(TestRings.packedContext(directory, "p", CAPACITY)))
        {
            int accepted = 0;
            while (publication.offer(message, 0, 56) > 0)
            {
                accepted++;
            }
            assertEquals(CAPACITY / 64 - 1, accepted);
        }
        // A consumer that joins later reads everything the producer wrote.
        final List<Integer> lengths = new ArrayList<>();
        try (Subscription subscription = Subscription.open(TestRings.packedContext(directory, "p", CAPACITY)))
        {
            subscription.poll((t, b, o, l) -> lengths.add(l), 100);
        }
        assertEquals(CAPACITY / 64 - 1, lengths.size());
    }

    @Test
    void shouldReturnClosedAfterClose()
    {
        final Publication publication = Publication.open(TestRings.packedContext(directory, "p", CAPACITY));
        publication.close();
        assertEquals(Publication.CLOSED, publication.offer(message, 0, 8));
        assertEquals(Publication.CLOSED, publication.tryClaim(8, new RecordClaim()));
        assertTrue(publication.isClosed());
    }

    @Test
    void shouldRefuseSecondProducerInSameProcess()
    {
        final RingContext context = TestRings.packedContext(directory, "p", CAPACITY);
        try (Publication ignored = Publication.open(context.copy()))
        {
            final ProducerConflictException ex = assertThrows(ProducerConflictException.class,
                () -> Publication.open(context.copy()));
            assertEquals(ProcessHandle.current().pid(), ex.holderPid());
            assertTrue(ex.getMessage().contains("pid " + ProcessHandle.current().pid()), ex.getMessage());
        }
        try (Publication again = Publication.open(context.copy()))
        {
            assertFalse(again.isClosed(), "a closed producer gives the ring up");
        }
    }

    @Test
    void shouldContinueAtLastPositionWhenReopened()
    {
        final RingContext context = TestRings.packedContext(directory, "p", CAPACITY);
        final long position;
        try (Publication publication = Publication.open(context.copy()))
        {
            publication.offer(message, 0, 10);
            position = publication.offer(message, 0, 20);
        }
        try (Publication publication = Publication.open(context.copy()))
        {
            assertEquals(position, publication.position());
        }
    }

    @Test
    void shouldMakeClaimVisibleOnlyOnCommit()
    {
        final RingContext context = TestRings.packedContext(directory, "p", CAPACITY);
        try (Subscription subscription = Subscription.open(context.copy());
            Publication publication = Publication.open(context.copy()))
        {
            final RecordClaim claim = new RecordClaim();
            assertEquals(16, publication.tryClaim(8, 3, claim));
            claim.buffer().putLong(claim.offset(), 42L);
            assertFalse(subscription.hasData());
            assertEquals(0, subscription.poll((t, b, o, l) -> fail("uncommitted record delivered"), 10));
            claim.commit();
            final long[] seen = new long[2];
            assertEquals(1, subscription.poll((t, b, o, l) ->
            {
                seen[0] = t;
                seen[1] = b.getLong(o);
            }, 10));
            assertArrayEquals(new long[]{3, 42}, seen);
            assertThrows(IllegalStateException.class, claim::commit, "a claim is finished once");
        }
    }

    @Test
    void shouldSkipAbortedClaim()
    {
        final RingContext context = TestRings.packedContext(directory, "p", CAPACITY);
        try (Subscription subscription = Subscription.open(context.copy());
            Publication publication = Publication.open(context.copy()))
        {
            final RecordClaim claim = new RecordClaim();
            publication.tryClaim(16, claim);
            claim.abort();
            message.putInt(0, 99);
            publication.offer(message, 0, 4);
            final List<Integer> values = new ArrayList<>();
            assertEquals(1, subscription.poll((t, b, o, l) -> values.add(b.getInt(o)), 10));
            assertEquals(List.of(99), values);
        }
    }

    @Test
    void shouldTakeOverFromDeadProducerAfterItsLastCommittedRecord()
    {
        final RingContext context = TestRings.packedContext(directory, "p", CAPACITY);
        try (Subscription subscription = Subscription.open(context.copy()))
        {
            final Publication first = Publication.open(context.copy());
            first.offer(message, 0, 8);
            // Simulate a producer that died after a commit but before recording its position: its position goes
            // back, and its descriptor closes without a Publication.close (no end of stream), releasing its lock.
            final RingFile file = first.ringFile();
            file.header().putLong(RingDescriptor.PRODUCER_POSITION_OFFSET, 0);
            file.close();
            final Publication second = Publication.open(context.copy());
            assertEquals(16, second.position(), "continues after the committed record");
            message.putInt(0, 7);
            second.offer(message, 0, 4);
            final List<Integer> lengths = new ArrayList<>();
            assertEquals(2, subscription.poll((t, b, o, l) -> lengths.add(l), 10));
            assertEquals(List.of(8, 4), lengths);
            second.close();
        }
    }

    static long deadProcessIdentity()
    {
        // pid_max on Linux is at most 2^22: this pid cannot exist.
        return (((1L << 22) + 1) << 32) | 1;
    }
}
