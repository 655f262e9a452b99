package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;

import static io.slipstream.engine.RecordDescriptor.*;
import static io.slipstream.engine.RingDescriptor.*;

/**
 * Reads a subscription's records ahead of its position without releasing them: the records from
 * {@link Subscription#position()} to the producer's position are held by the subscription's slot, so none can be
 * overwritten while this reads them, and the subscription gives them back only when told
 * ({@link Subscription#releaseTo}). Made for a bridge that sends what it reads at once but keeps it until its peer
 * acknowledges it, and goes back ({@link #seek}) when the peer asks for it again.
 * <p>
 * Handlers receive a slice of the ring (no copy), as with {@link Subscription#controlledPoll}; every record header is
 * checked before use. {@link #controlledPoll} neither allocates, locks nor makes a system call. The same thread as
 * the subscription's uses it.
 */
public final class ReadAhead
{
    private final Subscription subscription;
    private final UnsafeBuffer header;
    private final UnsafeBuffer data;
    private final int capacity;
    private final int mask;
    private final int maxRecordLength;
    private final RecordFormat format;
    private final FramePrediction frames = new FramePrediction();
    private final int headerLength;
    private final int slotFlagsOffset;
    private long position;
    private long recordPosition;
    private long recordEndPosition;

    ReadAhead(final Subscription subscription)
    {
        this.subscription = subscription;
        this.header = subscription.ringFile().header();
        this.data = subscription.ringFile().data();
        this.capacity = subscription.ringFile().capacity();
        this.mask = capacity - 1;
        this.format = subscription.ringFile().recordFormat();
        this.headerLength = format.headerLength();
        this.maxRecordLength = subscription.ringFile().maxMessageLength() + headerLength;
        this.slotFlagsOffset = slotFlagsOffset(subscription.slotIndex());
        this.position = subscription.position();
    }

    /**
     * Hands up to {@code messageLimit} records from this reader's position to the handler: {@code CONTINUE} and
     * {@code COMMIT} move past the record, {@code BREAK} moves past it and stops, {@code ABORT} stops before it.
     * Nothing is released.
     *
     * @return the number of records the handler took.
     */
    public int controlledPoll(final ControlledRecordHandler handler, final int messageLimit)
    {
        if (subscription.isClosed())
        {
            return 0;
        }
        final long released = subscription.position();
        if (position < released)
        {
            position = released;
        }
        int count = 0;
        try
        {
            checkNotEvicted();
            while (count < messageLimit && position - released < capacity)
            {
                final int index = (int)position & mask;
                final int recordLength = format.committedLength(data, index, position);
                if (recordLength == 0)
                {
                    break;
                }
                final int typeId = data.getInt(index + TYPE_OFFSET);
                checkRecord(index, recordLength, typeId);
                final long next = frames.next(position, format.frameLength(position, recordLength));
                if (typeId == PADDING_TYPE_ID)
                {
                    position = next;
                    continue;
                }
                recordPosition = position;
                recordEndPosition = next;
                final ControlledRecordHandler.Action action =
                    handler.onMessage(typeId, data, index + headerLength, recordLength - headerLength);
                if (action == ControlledRecordHandler.Action.ABORT)
                {
                    break;
                }
                count++;
                position = next;
                if (action == ControlledRecordHandler.Action.BREAK)
                {
                    break;
                }
            }
        }
        catch (final InternalError ex)
        {
            throw RingFileException.mappedAccessFault(subscription.ringFile().path(), ex);
        }
        return count;
    }

    /**
     * Goes back (or forward) to a record boundary between the subscription's position and this reader's furthest
     * point: the next poll hands over the records from there again.
     *
     * @throws IllegalArgumentException if {@code position} is before the subscription's position or unaligned.
     */
    public void seek(final long position)
    {
        if (position < subscription.position() || (position & (format.alignment() - 1)) != 0 ||
            position - subscription.position() > capacity)
        {
            throw new IllegalArgumentException(subscription.ringFile().path() + ": cannot read ahead from " +
                position + ": the subscription is released to " + subscription.position());
        }
        this.position = position;
    }

    /** Where the next poll starts: every record before it was handed over. */
    public long position()
    {
        return position;
    }

    /** Valid during a handler's call only: where the record being handled starts. */
    public long recordPosition()
    {
        return recordPosition;
    }

    /** Valid during a handler's call only: the position just after the record being handled. */
    public long recordEndPosition()
    {
        return recordEndPosition;
    }

    private void checkNotEvicted()
    {
        if (header.getIntAcquire(slotFlagsOffset) != 0)
        {
            throw new ConsumerEvictedException(subscription.ringFile().path() + ": consumer slot " +
                subscription.slotIndex() + " was evicted by the producer: records read ahead may have been " +
                "overwritten");
        }
    }

    private void checkRecord(final int index, final int recordLength, final int typeId)
    {
        if (!ConsumerRecords.isValid(index, recordLength, typeId, capacity, headerLength, maxRecordLength))
        {
            throw ConsumerRecords.corrupt(subscription.ringFile().path(), position, recordLength, capacity,
                headerLength, maxRecordLength);
        }
    }
}
