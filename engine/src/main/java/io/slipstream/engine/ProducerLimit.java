package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;

import static io.slipstream.engine.RingDescriptor.*;

/**
 * How far a producer may write: a ring past the slowest live consumer slot, published in the header for consumers
 * that join. Recomputed by the producer only when it reaches its cached limit.
 */
final class ProducerLimit
{
    private final UnsafeBuffer header;
    private final int capacity;
    private final int consumerSlots;

    ProducerLimit(final UnsafeBuffer header, final int capacity, final int consumerSlots)
    {
        this.header = header;
        this.capacity = capacity;
        this.consumerSlots = consumerSlots;
    }

    /**
     * Recomputes the limit from the consumer slots in use and publishes it for consumers that join, then reads the
     * slots again: a consumer that joined concurrently either sees the published limit (and re-checks its start) or
     * is seen by the second pass (and bounds the limit), since both sides write then read with full fences. Neither
     * pass can take the limit below {@code usedLimit}, the one the producer has already written up to.
     */
    long refresh(final long usedLimit, final long tail)
    {
        long newLimit = fromSlots(usedLimit, tail);
        header.putLongVolatile(PRODUCER_LIMIT_OFFSET, newLimit);
        final long recheck = fromSlots(usedLimit, tail);
        if (recheck < newLimit)
        {
            newLimit = recheck;
            header.putLongVolatile(PRODUCER_LIMIT_OFFSET, newLimit);
        }
        return newLimit;
    }

    /**
     * The limit the slots in use allow, never below {@code usedLimit}, the limit the producer may already have written
     * up to: a position below {@code usedLimit - capacity} (a slot just claimed, whose consumer has not yet stored
     * its start) or above the tail (corrupt) counts as {@code usedLimit - capacity}, holding the limit where it is.
     * So a slot claimed concurrently never makes the producer count as free a word it has already cleared, and a
     * joining consumer that starts at the published limit less a capacity finds its first record intact.
     */
    long fromSlots(final long usedLimit, final long tail)
    {
        final long hold = usedLimit - capacity;
        long minPosition = Long.MAX_VALUE;
        for (int i = 0; i < consumerSlots; i++)
        {
            if (header.getLongVolatile(slotOwnerOffset(i)) != 0)
            {
                final long slotPosition = header.getLongVolatile(slotPositionOffset(i));
                final long position = slotPosition < hold || slotPosition > tail ? hold : slotPosition;
                minPosition = Math.min(minPosition, position);
            }
        }
        return minPosition == Long.MAX_VALUE ? usedLimit : minPosition + capacity;
    }
}
