package io.slipstream.engine;

import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.invoke.VarHandle;

import static io.slipstream.engine.RecordDescriptor.*;
import static io.slipstream.engine.RingDescriptor.*;

/**
 * One consumer of a ring, holding a consumer slot in its file for as long as it is open: an open file description
 * lock on the slot's byte of the file, which the kernel releases if the process dies, so the producer frees the slot
 * of a dead consumer whatever its pid namespace. Each subscription has its own position; the producer waits for the
 * slowest live one. {@link #poll} neither allocates, locks nor makes a system call. Not thread-safe: one thread
 * polls.
 * <p>
 * Every record header read from the shared file is checked before use: a length outside what the ring allows, or a
 * record that would run past the end of the region, throws {@link RingFileException}, never an out-of-bounds read.
 * <p>
 * A producer whose {@link RingContext#consumerEvictionTimeoutNs} is set may evict a consumer that holds it back
 * without polling for that long: the slot stops counting, and every later poll throws
 * {@link ConsumerEvictedException} instead of reading what the producer may since have overwritten. A poll that
 * overlaps the eviction may have handed the handler records that were being overwritten; it throws too, so the
 * consumer knows not to trust them.
 * <p>
 * Consumed space goes back to the producer in batches: a poll gives its position back (one store to this slot's
 * line) when it reaches the end of what is committed, when it ends with an exception, when a
 * {@link ControlledRecordHandler.Action#COMMIT} asks for it, or once the position is an eighth of the ring (at most
 * {@link #MAX_POSITION_BATCH_BYTES}) past what was last given back. So a consumer that keeps polling never leaves a
 * producer waiting for space it has consumed: the producer is full only while records are waiting, and polling
 * them reaches the end. What the slot shows (stat, the producer's limit) may lag {@link #position()} by less than
 * a batch.
 * <p>
 * During a handler's call, {@link #recordPosition()} and {@link #recordEndPosition()} tell where the record being
 * handled starts and ends in the ring (no allocation: two fields the poll sets before each call).
 * <p>
 * A handler that throws: the record it was handed counts as consumed, in {@link #poll} and {@link #controlledPoll}
 * alike. The poll stops, this subscription's position moves past that record (and past every record handled before
 * it in the same poll) and is given back to the producer, and the exception propagates to the caller of the poll.
 * The next poll delivers the record after it. So a record that always makes its handler throw is delivered once, not
 * again and again, and nothing after it is skipped.
 * <p>
 * A durable subscription ({@link RingContext#durableConsumer}) keeps its slot, and so holds the producer, after it
 * closes or its process dies; opened again with the same name it resumes where it was released to. With
 * {@link #readAhead()} and {@link #releaseTo} it can read ahead and release later (what a peer acknowledged).
 */
public final class Subscription implements AutoCloseable
{
    /** The most consumed bytes a subscription keeps before giving them back to the producer (see the class comment). */
    public static final int MAX_POSITION_BATCH_BYTES = 4096;

    private final RingFile ringFile;
    private final UnsafeBuffer header;
    private final UnsafeBuffer data;
    private final int capacity;
    private final int mask;
    private final int maxRecordLength;
    private final int slotIndex;
    private final int slotPositionOffset;
    private final int slotFlagsOffset;
    private final long identity;
    private final boolean futexWakeups;
    private final boolean durable;
    private final Futex futex;
    private final SpaceWakeProtocol spaceWake;
    private final int positionBatchBytes;
    private final RecordFormat format;
    private final FramePrediction frames = new FramePrediction();
    private final int headerLength;
    private long position;
    private long publishedPosition;
    private long recordPosition;
    private long recordEndPosition;
    private boolean closed;

    private Subscription(final RingFile ringFile, final int slotIndex, final boolean futexWakeups,
        final boolean durable)
    {
        this.durable = durable;
        this.futexWakeups = futexWakeups;
        this.futex = new Futex();
        this.spaceWake = new SpaceWakeProtocol(ringFile.header(), futex);
        this.ringFile = ringFile;
        this.header = ringFile.header();
        this.data = ringFile.data();
        this.capacity = ringFile.capacity();
        this.mask = capacity - 1;
        this.format = ringFile.recordFormat();
        this.headerLength = format.headerLength();
        this.maxRecordLength = ringFile.maxMessageLength() + headerLength;
        this.slotIndex = slotIndex;
        this.slotPositionOffset = slotPositionOffset(slotIndex);
        this.slotFlagsOffset = slotFlagsOffset(slotIndex);
        this.identity = ProcessIdentity.current();
        // A durable slot is where its consumer resumes after a crash: it gives back every poll, never a batch late.
        this.positionBatchBytes = durable ? 0 : ConsumerRecords.positionBatchBytes(capacity);
    }

    /** Opens (or creates) the ring named by the context and joins it at the context's start position. */
    public static Subscription open(final RingContext context)
    {
        return open(context, null);
    }

    /**
     * As {@link #open(RingContext)}, running {@code afterClaim} (if not null) between claiming the slot and storing
     * the start position: lets a test put the producer exactly in that window.
     */
    static Subscription open(final RingContext context, final Runnable afterClaim)
    {
        final RingFile ringFile = RingFile.openOrCreate(context);
        try
        {
            final String durableName = context.durableConsumer();
            final int claimed = durableName == null ? ConsumerSlots.claim(ringFile) :
                ConsumerSlots.claimDurable(ringFile, durableName);
            final int slotIndex = claimed & ~ConsumerSlots.RESUMED;
            final Subscription subscription = new Subscription(ringFile, slotIndex, context.futexWakeups(),
                durableName != null);
            if (afterClaim != null)
            {
                afterClaim.run();
            }
            final long resumed = (claimed & ConsumerSlots.RESUMED) != 0 ?
                ConsumerSlots.resumePosition(ringFile, slotIndex) : -1;
            subscription.position = resumed >= 0 ? resumed :
                ConsumerSlots.join(ringFile, slotIndex, context.startPosition());
            subscription.publishedPosition = subscription.position;
            return subscription;
        }
        catch (final RuntimeException ex)
        {
            ringFile.close();
            throw ex;
        }
    }

    /**
     * Delivers up to {@code messageLimit} committed messages to the handler. A handler that throws ends the poll with
     * its record consumed, and the exception propagates (see the class comment).
     *
     * @return the number of messages delivered; 0 when none is ready or the subscription is closed.
     */
    public int poll(final RecordHandler handler, final int messageLimit)
    {
        if (closed)
        {
            return 0;
        }
        final long start = position;
        long position = start;
        int count = 0;
        boolean caughtUp = false;
        boolean completed = false;
        try
        {
            checkNotEvicted();
            // At most one ring per call: only a corrupt file can hold more (see checkLap).
            while (count < messageLimit && position - start < capacity)
            {
                final int index = (int)position & mask;
                // This subscription's own position, aligned for the format: a whole header lies within the region.
                final int recordLength = format.committedLengthWithin(data, index, position);
                if (recordLength == 0)
                {
                    caughtUp = true;
                    break;
                }
                final int typeId = HotWords.getInt(data, index + TYPE_OFFSET); // within the header, as above
                checkRecord(index, recordLength, typeId, position);
                final long next = frames.next(position, format.frameLength(position, recordLength));
                if (typeId != PADDING_TYPE_ID)
                {
                    count++;
                    recordPosition = position;
                    recordEndPosition = next;
                    position = next; // consumed before the call: a handler that throws does not see it again
                    handler.onMessage(typeId, data, index + headerLength, recordLength - headerLength);
                }
                else
                {
                    position = next;
                }
            }
            if (position - start >= capacity)
            {
                checkLap(position);
            }
            if (count > 0)
            {
                checkNotEvictedAfterReading();
            }
            completed = true;
        }
        catch (final InternalError ex)
        {
            throw RingFileException.mappedAccessFault(ringFile.path(), ex);
        }
        finally
        {
            this.position = position;
            givePositionBack(position, caughtUp || !completed);
        }
        return count;
    }

    /**
     * Delivers up to {@code messageLimit} messages, waiting with the idle strategy until at least one arrives, the
     * stream ends, or the subscription is closed.
     */
    public int poll(final RecordHandler handler, final int messageLimit, final IdleStrategy idleStrategy)
    {
        idleStrategy.reset();
        int count;
        while ((count = poll(handler, messageLimit)) == 0 && !closed && !isEndOfStream())
        {
            idleStrategy.idle();
        }
        return count;
    }

    /**
     * Like {@link #poll} but the handler decides, message by message, whether to go on; see its actions. A handler
     * that throws ends the poll with its record consumed, as in {@link #poll}: the exception propagates.
     */
    public int controlledPoll(final ControlledRecordHandler handler, final int messageLimit)
    {
        if (closed)
        {
            return 0;
        }
        final long start = position;
        long position = start;
        long committed = start;
        int count = 0;
        boolean caughtUp = false;
        boolean completed = false;
        try
        {
            checkNotEvicted();
            while (count < messageLimit && position - committed < capacity)
            {
                final int index = (int)position & mask;
                final int recordLength = format.committedLength(data, index, position);
                if (recordLength == 0)
                {
                    caughtUp = true;
                    break;
                }
                final int typeId = data.getInt(index + TYPE_OFFSET);
                checkRecord(index, recordLength, typeId, position);
                final long next = frames.next(position, format.frameLength(position, recordLength));
                if (typeId == PADDING_TYPE_ID)
                {
                    position = next;
                    continue;
                }
                recordPosition = position;
                recordEndPosition = next;
                final long recordStart = position;
                position = next; // consumed before the call: a handler that throws does not see it again
                final ControlledRecordHandler.Action action =
                    handler.onMessage(typeId, data, index + headerLength, recordLength - headerLength);
                if (action == ControlledRecordHandler.Action.ABORT)
                {
                    position = recordStart;
                    break;
                }
                count++;
                if (action == ControlledRecordHandler.Action.BREAK)
                {
                    break;
                }
                if (action == ControlledRecordHandler.Action.COMMIT)
                {
                    committed = position;
                    this.position = position;
                    publishPosition(position);
                }
            }
            if (position - committed >= capacity)
            {
                checkLap(position);
            }
            if (count > 0)
            {
                checkNotEvictedAfterReading();
            }
            completed = true;
        }
        catch (final InternalError ex)
        {
            throw RingFileException.mappedAccessFault(ringFile.path(), ex);
        }
        finally
        {
            this.position = position;
            givePositionBack(position, caughtUp || !completed);
        }
        return count;
    }

    /**
     * Gives consumed space back to the producer in batches: when the poll reached the end of what is committed (so a
     * producer waiting for space is never left waiting on a consumer that keeps polling), when it ended abnormally,
     * or once the position is {@link #positionBatchBytes} past what was last given back.
     */
    private void givePositionBack(final long position, final boolean now)
    {
        if (ConsumerRecords.mustGiveBack(position, publishedPosition, now, positionBatchBytes))
        {
            publishPosition(position);
        }
    }

    /**
     * Gives consumed space back to the producer. With futex wake-ups the {@link SpaceWakeProtocol} stores the position
     * and wakes the producer if it sleeps waiting for space; without, a release store.
     */
    private void publishPosition(final long position)
    {
        publishedPosition = position;
        if (futexWakeups)
        {
            // Wakes keep finding nobody: a producer killed while waiting for space left the flag set, if it is gone.
            if (spaceWake.release(slotPositionOffset, position) && !ringFile.isProducerLockHeld())
            {
                spaceWake.clearStaleWaitingFlag();
            }
        }
        else
        {
            HotWords.putLongRelease(header, slotPositionOffset, position);
        }
    }

    UnsafeBuffer header()
    {
        return header;
    }

    /** One load of this consumer's own slot line: the producer writes it only to evict. */
    private void checkNotEvicted()
    {
        if (HotWords.getIntAcquire(header, slotFlagsOffset) != 0) // a slot the header check bounded
        {
            throw new ConsumerEvictedException(ringFile.path() + ": consumer slot " + slotIndex + " was evicted by " +
                "the producer for not polling within its consumer eviction timeout; records from position " +
                position + " on may have been overwritten: close this subscription and open a new one");
        }
    }

    /**
     * The check after a poll that read records: the loads of those records are ordered before the load of the flag,
     * so a producer that evicted this consumer and then overwrote a record it read is seen here.
     */
    private void checkNotEvictedAfterReading()
    {
        VarHandle.acquireFence();
        checkNotEvicted();
    }

    /** Whether the producer evicted this consumer for not polling (its polls then throw). */
    public boolean isEvicted()
    {
        return !closed && header.getIntVolatile(slotFlagsOffset) != 0;
    }

    private void checkRecord(final int index, final int recordLength, final int typeId, final long position)
    {
        if (!ConsumerRecords.isValid(index, recordLength, typeId, capacity, headerLength, maxRecordLength))
        {
            checkNotEvictedAfterReading(); // an evicted consumer reads records overwritten under it: not corruption
            throw ConsumerRecords.corrupt(ringFile.path(), position, recordLength, capacity, headerLength,
                maxRecordLength);
        }
    }

    /**
     * A poll read a whole ring of records. The producer can be at most one ring ahead of this subscription, and it
     * records its position after each commit, so a consumer more than a ring past that position reads records the
     * producer never wrote (a file of nothing but padding would otherwise be read lap after lap for ever).
     */
    private void checkLap(final long position)
    {
        final long producerPosition = header.getLongVolatile(PRODUCER_POSITION_OFFSET);
        if (position - capacity > producerPosition)
        {
            checkNotEvictedAfterReading();
            throw new RingFileException(ringFile.path() + ": corrupt ring: records at position " + position +
                ", more than a ring past the producer's position " + producerPosition);
        }
    }

    /** Whether a committed record is waiting at this subscription's position. */
    public boolean hasData()
    {
        try
        {
            return !closed && format.committedLength(data, (int)position & mask, position) != 0;
        }
        catch (final InternalError ex)
        {
            throw RingFileException.mappedAccessFault(ringFile.path(), ex);
        }
    }

    /** Whether the producer closed the ring and this subscription has read everything before that. */
    public boolean isEndOfStream()
    {
        try
        {
            return !closed && header.getIntVolatile(END_OF_STREAM_FLAG_OFFSET) == 1 &&
                position >= header.getLongVolatile(END_OF_STREAM_POSITION_OFFSET);
        }
        catch (final InternalError ex)
        {
            throw RingFileException.mappedAccessFault(ringFile.path(), ex);
        }
    }

    /**
     * Whether a producer currently holds the ring: its lock on the ring file is held, so its process is alive,
     * whatever its pid namespace. One system call.
     */
    public boolean isProducerAlive()
    {
        return !closed && ringFile.isProducerLockHeld();
    }

    /** The producer's position as last recorded in the file. */
    public long producerPosition()
    {
        return closed ? position : header.getLongVolatile(PRODUCER_POSITION_OFFSET);
    }

    /**
     * Where this subscription reads next: every record before it is consumed. During a handler's call, the position
     * at the start of that poll (or of its last {@code COMMIT}); after the poll, past what it consumed.
     */
    public long position()
    {
        return position;
    }

    /**
     * Valid during a handler's call only: the position at which the record being handled starts. Records handed to
     * handlers follow one another: each one's start is at or after the previous one's end (padding at the end of the
     * region may lie between).
     */
    public long recordPosition()
    {
        return recordPosition;
    }

    /**
     * Valid during a handler's call only: the position just after the record being handled, which is what
     * {@link #position()} becomes once it is consumed, and what the producer's offer or claim returned for it.
     */
    public long recordEndPosition()
    {
        return recordEndPosition;
    }

    public int slotIndex()
    {
        return slotIndex;
    }

    public RingFile ringFile()
    {
        return ringFile;
    }

    public boolean isClosed()
    {
        return closed;
    }

    /**
     * Gives the ring space before {@code position}, a record boundary (a {@link ReadAhead}'s position or a record's
     * end), back to the producer without reading it; a position at or before the current one changes nothing.
     *
     * @throws IllegalArgumentException if it is unaligned or more than a ring ahead.
     */
    public void releaseTo(final long position)
    {
        if (closed || position <= this.position)
        {
            return;
        }
        if ((position & (format.alignment() - 1)) != 0 || position - this.position > capacity)
        {
            throw new IllegalArgumentException(ringFile.path() + ": cannot release to " + position + " from " +
                this.position + ": not a record boundary within a ring");
        }
        checkNotEvicted();
        this.position = position;
        publishPosition(position);
    }

    /** A reader of the records this subscription holds, from its position on, which releases nothing by itself. */
    public ReadAhead readAhead()
    {
        return new ReadAhead(this);
    }

    /** Whether this subscription holds a durable slot ({@link RingContext#durableConsumer}). */
    public boolean isDurable()
    {
        return durable;
    }

    /**
     * Removes the durable consumer {@code name} of the ring named by the context for good: its slot is freed and the
     * producer no longer waits for it. Refused ({@link RingFileException}) while a live process has it open;
     * {@link IllegalArgumentException} if the ring has no durable consumer of that name.
     */
    public static void removeDurableConsumer(final RingContext context, final String name)
    {
        ConsumerSlots.remove(context, name);
    }

    /**
     * Releases the consumer slot (the producer stops waiting for it; a durable slot keeps holding it), wakes a
     * producer asleep waiting for the space this consumer held, unmaps the file and closes its descriptor, which
     * releases the slot's lock.
     */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            try
            {
                DataWakeProtocol.clearWaiter(header, 1L << slotIndex);
                if (!durable)
                {
                    header.compareAndSetLong(slotOwnerOffset(slotIndex), identity, 0);
                }
                spaceWake.wakeIfWaiting();
            }
            catch (final InternalError ignore)
            {
                // The file was truncated while mapped: there is no slot left to release.
            }
            futex.close();
            ringFile.close();
        }
    }
}
