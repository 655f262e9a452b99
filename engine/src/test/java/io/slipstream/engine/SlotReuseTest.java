package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Claiming a slot and publishing its start must look atomic to a back-pressured producer. The sequence: consumers a
 * and b join and read; b closes, leaving its old position in its slot; a reads further, then lags until the producer
 * is back-pressured; c claims b's old slot, and the producer recomputes its limit exactly between c's claim and c's
 * start. Counted as a stale position clamped to a ring behind the tail, that slot once lowered the limit below what
 * the producer had already written: c started at a word the producer had just cleared, read nothing, and the
 * producer stayed back-pressured for ever.
 */
class SlotReuseTest extends RingDirectoryTest
{
    private static final int CAPACITY = 4096;
    private static final int LENGTH = 56; // records of 64 bytes
    private static final long HANG_GUARD_NS = TimeUnit.SECONDS.toNanos(30);

    private final UnsafeBuffer message = new UnsafeBuffer(new byte[LENGTH]);
    private long sent;

    @Test
    void shouldNotHangWhenTheProducerRecomputesItsLimitBetweenAClaimAndItsStart()
    {
        final RingContext context = TestRings.packedContext(directory, "reuse", CAPACITY).consumerSlots(2);
        try (Publication publication = Publication.open(context.copy());
            Subscription a = Subscription.open(context.copy()))
        {
            final Subscription b = Subscription.open(context.copy());
            assertEquals(1, b.slotIndex());
            final Counter countA = new Counter();
            final Counter countB = new Counter();
            send(publication, 20);
            drain(a, countA);
            drain(b, countB);
            assertEquals(20, countB.value);
            b.close(); // its slot keeps its old position
            send(publication, 40);
            drain(a, countA);
            assertEquals(60, countA.value);
            while (publication.offer(next(), 0, LENGTH) > 0)
            {
                sent++;
            }
            assertTrue(sent - countA.value > 0, "a lags a ring behind");
            final long aheadOfA = sent - countA.value;

            final long[] limitsInWindow = new long[1];
            final Subscription c = Subscription.open(context.copy(), () ->
            {
                // Between c's claim and its start: the producer recomputes its limit, still back-pressured by a.
                assertEquals(Publication.BACK_PRESSURED, publication.offer(message, 0, LENGTH));
                limitsInWindow[0] = publication.ringFile().header().getLongVolatile(
                    RingDescriptor.PRODUCER_LIMIT_OFFSET);
            });
            try (c)
            {
                assertEquals(1, c.slotIndex(), "c claims b's old slot");
                assertTrue(limitsInWindow[0] >= publication.position() + RecordDescriptor.ALIGNMENT,
                    "the limit went below what the producer had written: " + limitsInWindow[0] + " < " +
                    publication.position());
                final Counter countC = new Counter();
                drain(c, countC);
                assertEquals(aheadOfA, countC.value, "c, joining at the earliest, reads all that a has not");
                drain(a, countA);
                assertEquals(sent, countA.value);

                // Both keep up from here on: the producer is never stuck.
                final long deadlineNs = System.nanoTime() + HANG_GUARD_NS;
                final long target = sent + 1000;
                while (sent < target)
                {
                    TestRings.failIfHung(deadlineNs, "producer back-pressured for ever at " + sent);
                    if (publication.offer(next(), 0, LENGTH) > 0)
                    {
                        sent++;
                    }
                    drain(a, countA);
                    drain(c, countC);
                }
                assertEquals(sent, countA.value);
                assertEquals(aheadOfA + 1000, countC.value);
            }
        }
    }

    private UnsafeBuffer next()
    {
        message.putLong(0, sent);
        return message;
    }

    private void send(final Publication publication, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            assertTrue(publication.offer(next(), 0, LENGTH) > 0);
            sent++;
        }
    }

    private static void drain(final Subscription subscription, final Counter counter)
    {
        while (subscription.poll(counter, 100) > 0)
        {
            // until empty
        }
    }

    private static final class Counter implements RecordHandler
    {
        long value;
        long next = -1;

        @Override
        public void onMessage(final int typeId, final org.agrona.DirectBuffer buffer, final int offset,
            final int length)
        {
            final long seq = buffer.getLong(offset);
            if (next >= 0 && seq != next)
            {
                throw new AssertionError("expected message " + next + ", got " + seq);
            }
            next = seq + 1;
            value++;
        }
    }
}
