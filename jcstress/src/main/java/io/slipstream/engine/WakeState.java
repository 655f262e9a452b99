package io.slipstream.engine;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.function.BooleanSupplier;

/**
 * A ring's header and the first record of its data region in fresh, zeroed memory for each trial, with the wake
 * protocols of both parties on it. The futexes are shared by all states of a run: each is used by one actor's thread
 * only (jcstress runs an actor of every state on the same thread), and a wake with nobody asleep only counts.
 */
class WakeState
{
    private static final Futex PRODUCER_FUTEX = new Futex();
    private static final Futex CONSUMER_FUTEX = new Futex();
    static final int SLOT = 0;
    static final long WAITER_BIT = 1L << SLOT;
    static final int RECORD_LENGTH = 24;
    static final long END_POSITION = 24;

    final UnsafeBuffer header = new UnsafeBuffer(BufferUtil.allocateDirectAligned(RingDescriptor.headerLength(1), 64));
    final UnsafeBuffer data = new UnsafeBuffer(BufferUtil.allocateDirectAligned(64, 64));
    final DataWakeProtocol producerData = new DataWakeProtocol(header, PRODUCER_FUTEX);
    final DataWakeProtocol consumerData = new DataWakeProtocol(header, CONSUMER_FUTEX);
    final SpaceWakeProtocol consumerSpace = new SpaceWakeProtocol(header, CONSUMER_FUTEX);

    /** The producer's commit, as {@link Publication} makes it: 1 if it found a registered sleeper and woke it. */
    int commit()
    {
        producerData.publish(RecordFormat.PACKED, data, 0, RECORD_LENGTH, END_POSITION);
        return producerData.wakeCalls() > 0 ? 1 : 0;
    }

    /** What a consumer about to sleep re-checks: 1 if the record is there. */
    int recordSeen()
    {
        return data.getIntAcquire(RecordDescriptor.LENGTH_OFFSET) != 0 ? 1 : 0;
    }

    /**
     * The re-check with the bounded first sleep after it, the sleep replaced by polling for as long: 1 if the record
     * was there at once, 2 if it came within the bound, 0 if not even then.
     */
    int recordSeenWithinBound()
    {
        return seenWithinBound(() -> recordSeen() == 1);
    }

    /** As {@link #recordSeenWithinBound()} for a producer's re-check of the space. */
    int spaceSeenWithinBound()
    {
        return seenWithinBound(() -> spaceSeen() == 1);
    }

    private static int seenWithinBound(final BooleanSupplier check)
    {
        if (check.getAsBoolean())
        {
            return 1;
        }
        final long deadline = System.nanoTime() + DataWakeProtocol.BOUNDED_FIRST_SLEEP_NS;
        while (System.nanoTime() < deadline)
        {
            if (check.getAsBoolean())
            {
                return 2;
            }
            Thread.onSpinWait();
        }
        return check.getAsBoolean() ? 2 : 0;
    }

    /** A consumer giving space back, as {@link Subscription} does: 1 if it found the producer waiting and woke it. */
    int giveSpaceBack()
    {
        consumerSpace.release(RingDescriptor.slotPositionOffset(SLOT), END_POSITION);
        return consumerSpace.wakeCalls() > 0 ? 1 : 0;
    }

    /** Step 2 of the producer's wait for space (see {@link SpaceWakeProtocol}). */
    void flagWaitingForSpace()
    {
        header.putIntVolatile(RingDescriptor.SPACE_WAITING_OFFSET, 1);
    }

    /** What a producer about to sleep re-checks: 1 if the consumer's position moved. */
    int spaceSeen()
    {
        return header.getLongVolatile(RingDescriptor.slotPositionOffset(SLOT)) != 0 ? 1 : 0;
    }
}
