package io.slipstream.engine;

import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import static io.slipstream.engine.RecordDescriptor.*;
import static io.slipstream.engine.RingDescriptor.*;

/**
 * The single producer of a ring. {@link #offer} copies a message in; {@link #tryClaim} hands out space to write in
 * place. Both return the new position, or a negative code: {@link #BACK_PRESSURED} when the slowest live consumer is
 * a whole ring behind, {@link #CLOSED} after {@link #close()}. Neither allocates, locks or makes a system call.
 * <p>
 * One producer per ring, across processes: the role is an open file description lock on the ring file, which the
 * kernel releases when the holder closes or dies. Opening a second producer while the lock is held throws
 * {@link ProducerConflictException}, whatever pid namespace the holder runs in; a file left by a dead producer is
 * taken over at once, continuing after its last committed record. Not thread-safe: one thread offers.
 * <p>
 * While consumers using {@link WaitStrategy#FUTEX} sleep, a commit also makes one {@code futex} wake system call;
 * while nobody sleeps it makes none.
 */
public final class Publication implements AutoCloseable
{
    static final int EMPTY_WAKES_BEFORE_WAITER_CHECK = DataWakeProtocol.EMPTY_WAKES_BEFORE_WAITER_CHECK;
    /** How often a back-pressured producer checks whether the consumers holding it back are still alive. */
    public static final long CONSUMER_CHECK_INTERVAL_NS = DeadPartyCheck.CONSUMER_CHECK_INTERVAL_NS;

    /** The slowest consumer has not freed enough space; try again later. */
    public static final long BACK_PRESSURED = -2;
    /** The publication is closed. */
    public static final long CLOSED = -4;
    /**
     * Messages of at least this length are copied with the header's cache line last ({@link #copyPayload}). Measured
     * cross-process, one way: 1.17 x the throughput at 4 KiB; at 256 B 0.95 x (the second copy costs more than it
     * saves), hence the threshold; neutral at 32 B.
     */
    static final int SPLIT_COPY_MIN_LENGTH = 1024;

    private final RingFile ringFile;
    private final UnsafeBuffer header;
    private final UnsafeBuffer data;
    private final int capacity;
    private final int mask;
    private final Object dataBase;
    private final long dataAddress;
    private final int maxMessageLength;
    private final long identity;
    private final boolean futexWakeups;
    private final RecordFormat format;
    private final boolean tagged;
    private final int headerLength;
    private final Futex futex;
    private final DataWakeProtocol dataWake;
    private final DeadPartyCheck deadPartyCheck;
    private RecordClaim pendingClaim;
    private long tail;
    private long limit;
    /** The commit word of the record {@link #reserve} found room for. */
    private long reservedCommitWord;
    private final ProducerLimit producerLimit;
    private boolean closed;

    private Publication(final RingFile ringFile, final boolean futexWakeups, final long evictionTimeoutNs,
        final DataWakeProtocol.Factory wakeProtocol)
    {
        this.futexWakeups = futexWakeups;
        this.format = ringFile.recordFormat();
        this.tagged = format.isTagged();
        this.headerLength = format.headerLength();
        this.futex = new Futex();
        this.dataWake = wakeProtocol.newProtocol(ringFile.header(), futex);
        this.ringFile = ringFile;
        this.header = ringFile.header();
        this.data = ringFile.data();
        this.capacity = ringFile.capacity();
        this.mask = capacity - 1;
        this.dataBase = data.byteArray();
        this.dataAddress = data.addressOffset();
        this.maxMessageLength = ringFile.maxMessageLength();
        this.identity = ProcessIdentity.current();
        this.deadPartyCheck = new DeadPartyCheck(ringFile, evictionTimeoutNs, dataWake);
        this.producerLimit = new ProducerLimit(header, capacity, ringFile.consumerSlots());
    }

    /** Opens (or creates) the ring named by the context as its producer. */
    public static Publication open(final RingContext context)
    {
        return open(context, DataWakeProtocol.CORRECT);
    }

    /** As {@link #open(RingContext)}, waking consumers with the given protocol (tests substitute broken ones). */
    static Publication open(final RingContext context, final DataWakeProtocol.Factory wakeProtocol)
    {
        final RingFile ringFile = RingFile.openOrCreate(context);
        try
        {
            final Publication publication = new Publication(ringFile, context.futexWakeups(),
                context.consumerEvictionTimeoutNs(), wakeProtocol);
            publication.acquireOwnership();
            publication.recover();
            return publication;
        }
        catch (final RuntimeException ex)
        {
            ringFile.close();
            throw ex;
        }
    }

    /**
     * Takes the producer lock, or refuses naming the holder by the pid it recorded (a pid in its own pid namespace,
     * which may differ from the one seen here). Holding the lock, any previous producer is gone: its "waiting for
     * space" flag is cleared, else consumers would make a futex wake call on every poll for nobody.
     */
    private void acquireOwnership()
    {
        if (!ringFile.tryLock(PRODUCER_LOCK_OFFSET))
        {
            final long owner = header.getLongVolatile(PRODUCER_OWNER_OFFSET);
            final long pid = ProcessIdentity.pid(owner);
            throw new ProducerConflictException("ring " + ringFile.path() + " already has a producer: " +
                (owner == 0 ? "a process that is just starting" : "pid " + pid +
                (owner == identity ? " (this process)" : " (as its own pid namespace numbers it)")) +
                "; the kernel lock on the ring file says it is alive", pid);
        }
        SpaceWakeProtocol.clearWaitingFlag(header);
        header.putLongVolatile(PRODUCER_OWNER_OFFSET, identity);
    }

    /**
     * Finds where to continue: the recorded position, then past any record a dead producer committed but did not
     * record. A claim it never committed has a zero commit word and is simply written over.
     */
    private void recover()
    {
        long position = header.getLongVolatile(PRODUCER_POSITION_OFFSET);
        if (position < 0 || (position & (format.alignment() - 1)) != 0)
        {
            // Read again after the header's check: records are placed from here, so it must be a record boundary.
            throw new RingFileException(ringFile.path() + ": producer position is negative or unaligned: " +
                position);
        }
        long scanned = 0;
        while (true)
        {
            final int index = (int)position & mask;
            final int recordLength = format.committedLength(data, index, position);
            if (recordLength == 0)
            {
                break;
            }
            final int typeId = data.getInt(index + TYPE_OFFSET);
            if (recordLength < headerLength || recordLength > capacity - index ||
                (typeId != PADDING_TYPE_ID && recordLength > maxMessageLength + headerLength))
            {
                throw new RingFileException(ringFile.path() + ": corrupt record at position " + position +
                    " (length " + recordLength + ") after the recorded producer position");
            }
            final int aligned = format.frameLength(position, recordLength);
            position += aligned;
            scanned += aligned;
            if (scanned > capacity)
            {
                throw new RingFileException(ringFile.path() + ": more than a ring of records past the recorded " +
                    "producer position");
            }
        }
        tail = position;
        // Read once and bounded: nothing this producer does may count on a limit beyond a ring past its tail.
        limit = Math.min(header.getLongVolatile(PRODUCER_LIMIT_OFFSET), tail + capacity);
        header.putLongRelease(PRODUCER_POSITION_OFFSET, tail);
        header.putIntRelease(END_OF_STREAM_FLAG_OFFSET, 0);
        refreshLimit();
    }

    /** Offers a message with type id 0. */
    public long offer(final DirectBuffer buffer, final int offset, final int length)
    {
        return offer(buffer, offset, length, 0);
    }

    /**
     * Copies a message into the ring.
     *
     * @return the new producer position, {@link #BACK_PRESSURED} or {@link #CLOSED}.
     * @throws IllegalArgumentException if the length is negative or above {@link #maxMessageLength()}, or the type
     *                                  id is the reserved padding id.
     */
    public long offer(final DirectBuffer buffer, final int offset, final int length, final int typeId)
    {
        checkMessage(length, typeId);
        buffer.boundsCheck(offset, length); // before anything is reserved: the copy below does not check it
        if (closed)
        {
            return CLOSED;
        }
        try
        {
            final int index = reserve(length);
            if (index < 0)
            {
                return BACK_PRESSURED;
            }
            // Without the ring buffer's bounds checks, which reserve() has made: the record lies within the region.
            final long address = dataAddress + index;
            copyPayload(buffer.byteArray(), buffer.addressOffset() + offset, address, index, length);
            UnsafeApi.putInt(dataBase, address + TYPE_OFFSET, typeId);
            if (tagged)
            {
                UnsafeApi.putInt(dataBase, address + LENGTH_OFFSET, length + headerLength);
            }
            final long newTail = tail;
            publish(index, reservedCommitWord, newTail);
            return newTail;
        }
        catch (final InternalError ex)
        {
            throw RingFileException.mappedAccessFault(ringFile.path(), ex);
        }
    }

    /**
     * Offers a message, waiting with the idle strategy while back-pressured.
     *
     * @return the new producer position, or {@link #CLOSED}.
     */
    public long offer(final DirectBuffer buffer, final int offset, final int length, final int typeId,
        final IdleStrategy idleStrategy)
    {
        idleStrategy.reset();
        long result;
        while ((result = offer(buffer, offset, length, typeId)) == BACK_PRESSURED)
        {
            idleStrategy.idle();
        }
        return result;
    }

    /** Claims space for a message with type id 0. */
    public long tryClaim(final int length, final RecordClaim claim)
    {
        return tryClaim(length, 0, claim);
    }

    /**
     * Claims space for a message to be written in place, then {@link RecordClaim#commit()} or
     * {@link RecordClaim#abort()}. Nothing else may be offered or claimed until then. A claim that is never finished
     * (the process dies) is never seen by consumers.
     *
     * @return the position the record will end at, {@link #BACK_PRESSURED} or {@link #CLOSED}.
     */
    public long tryClaim(final int length, final int typeId, final RecordClaim claim)
    {
        checkMessage(length, typeId);
        if (closed)
        {
            return CLOSED;
        }
        try
        {
            final int index = reserve(length);
            if (index < 0)
            {
                return BACK_PRESSURED;
            }
            data.putInt(index + TYPE_OFFSET, typeId);
            if (tagged)
            {
                data.putInt(index + LENGTH_OFFSET, length + headerLength);
            }
            claim.wrap(this, data, index, headerLength, length, reservedCommitWord, tail);
            pendingClaim = claim;
            return tail;
        }
        catch (final InternalError ex)
        {
            throw RingFileException.mappedAccessFault(ringFile.path(), ex);
        }
    }

    /** Called by {@link RecordClaim} as it finishes: nothing is left to withdraw at close. */
    void claimFinished()
    {
        pendingClaim = null;
    }

    /** Called by {@link RecordClaim}: makes the claimed record visible and records the position. */
    void commit(final int index, final long commitWord, final long endPosition)
    {
        try
        {
            publish(index, commitWord, endPosition);
        }
        catch (final InternalError ex)
        {
            throw RingFileException.mappedAccessFault(ringFile.path(), ex);
        }
    }

    /**
     * Stores the commit word and records the position. With futex wake-ups the {@link DataWakeProtocol} does both and
     * wakes registered sleepers: nobody asleep costs two release stores and one load of a line that changes only when
     * a consumer goes to sleep. Without, the two release stores.
     */
    private void publish(final int index, final long commitWord, final long endPosition)
    {
        if (futexWakeups)
        {
            if (dataWake.publish(format, data, index, commitWord, endPosition))
            {
                deadPartyCheck.clearDeadWaiters();
            }
        }
        else
        {
            format.storeCommitWord(data, index, commitWord, false);
            HotWords.putLongRelease(header, PRODUCER_POSITION_OFFSET, endPosition);
        }
    }

    /** Whether a consumer has freed space since the limit was last computed (read by a producer about to sleep). */
    boolean hasSpaceProgress()
    {
        return producerLimit.fromSlots(limit, tail) > limit;
    }

    UnsafeBuffer header()
    {
        return header;
    }

    /** How many slots of dead consumers this producer has freed. */
    public long releasedConsumers()
    {
        return deadPartyCheck.releasedConsumers();
    }

    /** How many live consumers this producer has evicted for not polling (see RingContext). */
    public long evictedConsumers()
    {
        return deadPartyCheck.evictedConsumers();
    }

    /** How many times a commit found a registered sleeper and made a wake system call. */
    public long wakeCalls()
    {
        return dataWake.wakeCalls();
    }

    /** Called by {@link RecordClaim}: turns the claimed record into padding that consumers skip. */
    void abort(final int index, final long commitWord, final long endPosition)
    {
        try
        {
            data.putInt(index + TYPE_OFFSET, PADDING_TYPE_ID);
        }
        catch (final InternalError ex)
        {
            throw RingFileException.mappedAccessFault(ringFile.path(), ex);
        }
        commit(index, commitWord, endPosition);
    }

    /**
     * Finds room for a record, writing a padding record first if it would not fit before the end of the region, and
     * sets {@link #reservedCommitWord}. Packed, it clears the commit word after the record (a consumer reading there
     * then sees zero until the next commit, never an earlier lap's record); tagged, it writes the record's length.
     * Advances {@link #tail} past the record.
     *
     * @return the data index of the record, or -1 when back-pressured.
     */
    private int reserve(final int length)
    {
        final int recordLength = length + headerLength;
        final long position = tail;
        final int index = (int)position & mask;
        final int toEnd = capacity - index;
        final int frameHere = format.frameLength(position, recordLength);
        final int skip = frameHere > toEnd ? toEnd : 0;
        final int recordIndex = (index + skip) & mask;
        final int alignedLength = skip > 0 ? format.frameLength(0, recordLength) : frameHere; // index 0 starts a line
        // Packed, the next record's commit word, cleared below, must lie within the limit too.
        final long end = position + skip + alignedLength + (tagged ? 0 : ALIGNMENT);
        if (end > limit && end > refreshLimit() &&
            (!deadPartyCheck.releaseDeadConsumers(end, tail) || end > refreshLimit()))
        {
            return -1;
        }
        if (skip > 0)
        {
            data.putInt(index + TYPE_OFFSET, PADDING_TYPE_ID);
            if (tagged)
            {
                data.putInt(index + LENGTH_OFFSET, skip);
            }
            else
            {
                data.putInt(recordIndex + LENGTH_OFFSET, 0); // what a consumer reads after the padding
            }
            format.storeCommitWord(data, index, format.commitWord(skip, position), false);
        }
        // Unchecked: the record, and packed the aligned word after it, lie within the region (the limit check above).
        if (!tagged)
        {
            HotWords.putInt(data, ((recordIndex + alignedLength) & mask) + LENGTH_OFFSET, 0);
        }
        reservedCommitWord = format.commitWord(recordLength, position + skip);
        tail = position + skip + alignedLength;
        return recordIndex;
    }

    /**
     * Copies a message into the record at {@code index}, and for a long one the part past the header's cache line
     * first. The header's line is the one a caught-up consumer keeps reading while it waits; each store there takes
     * the line back from that consumer, and stores leave the core in program order, so a store to it at the start of a
     * long copy holds every later store of the message until the line has come back. Copied last, the rest of the
     * header's line goes with the header and the commit: the line comes back once per message rather than twice.
     */
    private void copyPayload(final Object srcBase, final long srcAddress, final long address, final int index,
        final int length)
    {
        final long payload = address + headerLength;
        if (length < SPLIT_COPY_MIN_LENGTH)
        {
            UnsafeApi.copyMemory(srcBase, srcAddress, dataBase, payload, length);
            return;
        }
        // The payload's bytes before the next line boundary (0 when the payload starts a line).
        final int head = (LINE_ALIGNMENT - ((index + headerLength) & (LINE_ALIGNMENT - 1))) & (LINE_ALIGNMENT - 1);
        UnsafeApi.copyMemory(srcBase, srcAddress + head, dataBase, payload + head, length - head);
        if (head > 0)
        {
            UnsafeApi.copyMemory(srcBase, srcAddress, dataBase, payload, head);
        }
    }

    /** Recomputes the limit from the consumer slots (see {@link ProducerLimit#refresh}). */
    private long refreshLimit()
    {
        limit = producerLimit.refresh(limit, tail);
        return limit;
    }

    private void checkMessage(final int length, final int typeId)
    {
        if (length < 0 || length > maxMessageLength)
        {
            throw new IllegalArgumentException("message length " + length + " outside [0, " + maxMessageLength +
                "] for ring " + ringFile.path());
        }
        if (typeId == PADDING_TYPE_ID)
        {
            throw new IllegalArgumentException("type id " + PADDING_TYPE_ID + " is reserved for padding");
        }
    }

    /** The position after the last reserved record. */
    public long position()
    {
        return tail;
    }

    public int maxMessageLength()
    {
        return maxMessageLength;
    }

    public int capacity()
    {
        return capacity;
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
     * Withdraws an unfinished claim (as {@link RecordClaim#abort()}), marks end of stream at the current position,
     * gives up the producer role and unmaps the file. Consumers see
     * {@link Subscription#isEndOfStream()} once they have read everything before it.
     */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            try
            {
                if (pendingClaim != null)
                {
                    // An unfinished claim is withdrawn: consumers skip it and reach the end of stream, and its
                    // buffer no longer points into the mapping about to be unmapped.
                    pendingClaim.abort();
                }
                header.putLongRelease(END_OF_STREAM_POSITION_OFFSET, tail);
                header.putIntVolatile(END_OF_STREAM_FLAG_OFFSET, 1);
                header.putLongVolatile(PRODUCER_OWNER_OFFSET, 0); // then the lock goes with the descriptor
                dataWake.wakeAll(); // end of stream wakes every sleeper, registered or not
            }
            catch (final InternalError | RingFileException ignore)
            {
                // The file was truncated while mapped: there is nobody left to tell.
            }

            futex.close();
            ringFile.close();
        }
    }
}
