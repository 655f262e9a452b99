package io.slipstream.engine;

/**
 * {@link WakeState} with two records for a consumer that gives its position back in batches: record A is committed
 * before the trial, record B is committed by the producer during it. The producer then needs the space of record A
 * back and waits for it with the space wake protocol; the consumer polls one record per call until a poll finds
 * nothing, as an idle loop does before it idles or sleeps, applying a batching rule to each poll. With a batch larger
 * than both records, only the rule's "the poll reached the end" clause gives anything back.
 */
class BatchedPositionState extends WakeState
{
    static final int BATCH_BYTES = 4096;
    private static final int SECOND_RECORD_INDEX = RECORD_LENGTH;
    private static final long SECOND_RECORD_END = 2L * RECORD_LENGTH;

    interface Rule
    {
        boolean mustGiveBack(long position, long publishedPosition, boolean reachedEnd, int batchBytes);
    }

    BatchedPositionState()
    {
        data.putInt(RecordDescriptor.LENGTH_OFFSET, RECORD_LENGTH);
    }

    /**
     * The producer commits record B, as {@link Publication} does, then waits for the space of record A: flag,
     * barrier, and the re-check with the bounded first sleep ({@link #spaceSeenWithinBound()}).
     */
    int commitThenWaitForSpace()
    {
        producerData.publish(RecordFormat.PACKED, data, SECOND_RECORD_INDEX, RECORD_LENGTH, SECOND_RECORD_END);
        flagWaitingForSpace();
        Membarrier.barrier();
        return spaceSeenWithinBound();
    }

    /**
     * Polls a record per call until a poll finds none, giving the position back when the rule says so: 1 if a give
     * back found the producer waiting and woke it.
     */
    int consumeUntilIdle(final Rule rule)
    {
        long position = 0;
        long published = 0;
        while (true)
        {
            final int length = data.getIntAcquire((int)position + RecordDescriptor.LENGTH_OFFSET);
            final boolean reachedEnd = length == 0;
            if (!reachedEnd)
            {
                position += RecordDescriptor.alignedLength(length);
            }
            if (rule.mustGiveBack(position, published, reachedEnd, BATCH_BYTES))
            {
                consumerSpace.release(RingDescriptor.slotPositionOffset(SLOT), position);
                published = position;
            }
            if (reachedEnd)
            {
                return consumerSpace.wakeCalls() > 0 ? 1 : 0;
            }
        }
    }
}
