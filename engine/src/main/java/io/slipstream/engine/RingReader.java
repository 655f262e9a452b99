package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.Objects;

import static io.slipstream.engine.RecordDescriptor.*;
import static io.slipstream.engine.RingDescriptor.*;

/**
 * An untethered reader of a ring: it opens the file read-only ({@code O_RDONLY}, a {@code PROT_READ} mapping),
 * takes no consumer slot and writes nothing, so the producer never waits for it and never knows it is there. It is
 * what monitoring and debugging tools use: a reader that stalls (a dump piped into a stopped pager) costs the
 * producer nothing.
 * <p>
 * The price is that the producer may overwrite records before this reader gets to them. The producer writes only
 * below the limit it publishes in the header (the slowest consumer's position plus the capacity), so the records
 * from {@code limit - capacity} to the producer's position are held, and that window only moves forward. A reader
 * whose position falls below the window is <em>lapped</em>: it skips to the start of the window (the earliest
 * record still held, where a consumer joining at {@link StartPosition#EARLIEST} would start), adds the skipped
 * distance to {@link #lostBytes()} (record headers and padding included), and tells its {@link LossListener}. Every
 * record is copied out of the ring and the window is checked again after the copy, so a record overwritten while it
 * was being read is counted as lost and never handed to the handler.
 * <p>
 * The header is read once, checked with {@link RingDescriptor#checkHeader}, and only the checked values are used;
 * every record length is bounds-checked before use. A missing file, a file that is not a ring, a directory or a
 * symbolic link is refused with {@link RingFileException}; nothing is ever created. {@link #poll} neither allocates,
 * locks nor makes a system call. Not thread-safe: one thread polls.
 */
public final class RingReader implements AutoCloseable
{
    /** Told when the reader was lapped and skipped records the producer was free to overwrite. */
    @FunctionalInterface
    public interface LossListener
    {
        /**
         * @param fromPosition   where the reader was.
         * @param resumePosition where it goes on reading: the earliest record still held.
         * @param lostBytes      {@code resumePosition - fromPosition}.
         */
        void onLoss(long fromPosition, long resumePosition, long lostBytes);
    }

    private static final int MAX_LAPS_PER_POLL = 2;
    private static final LossListener NO_LISTENER = (fromPosition, resumePosition, lostBytes) ->
    {
    };

    private final Path path;
    private final Arena arena;
    private final NativeFile lockProbe;
    private final UnsafeBuffer header;
    private final UnsafeBuffer data;
    private final UnsafeBuffer copy;
    private final int capacity;
    private final int mask;
    private final int maxMessageLength;
    private final int consumerSlots;
    private final RecordFormat format;
    private final int recordHeaderLength;
    private final long createdEpochMs;
    private LossListener lossListener = NO_LISTENER;
    private long position;
    private long recordPosition;
    private long recordEndPosition;
    private long lostBytes;
    private long lapCount;
    private boolean closed;

    private RingReader(
        final Path path,
        final Arena arena,
        final NativeFile lockProbe,
        final MemorySegment segment,
        final UnsafeBuffer checked,
        final RecordFormat format)
    {
        this.path = path;
        this.arena = arena;
        this.lockProbe = lockProbe;
        this.capacity = checked.getInt(CAPACITY_OFFSET);
        this.mask = capacity - 1;
        this.maxMessageLength = checked.getInt(MAX_MESSAGE_LENGTH_OFFSET);
        this.consumerSlots = checked.getInt(CONSUMER_SLOTS_OFFSET);
        this.createdEpochMs = checked.getLong(CREATED_EPOCH_MS_OFFSET);
        this.format = format;
        this.recordHeaderLength = format.headerLength();
        final int headerLength = headerLength(consumerSlots);
        this.header = new UnsafeBuffer(segment.address(), headerLength);
        this.data = new UnsafeBuffer(segment.address() + headerLength, capacity);
        this.copy = new UnsafeBuffer(new byte[format.frameLength(0, maxMessageLength)]);
    }

    /** Opens an existing ring read-only, refusing a file owned by another user. */
    public static RingReader open(final Path path, final StartPosition startPosition)
    {
        return open(path, startPosition, false);
    }

    /**
     * Opens an existing ring read-only and places the reader at the start position.
     *
     * @param path              the ring file.
     * @param startPosition     {@link StartPosition#EARLIEST}: the earliest record still held; {@link
     *                          StartPosition#LATEST}: the producer's position.
     * @param allowForeignOwner accept a file owned by another user (read access is enough).
     * @return the reader; close it to unmap the file.
     * @throws RingFileException if the file is missing, not a ring, not a regular file, or refused.
     */
    public static RingReader open(final Path path, final StartPosition startPosition, final boolean allowForeignOwner)
    {
        RuntimeAccess.ensureAvailable();
        Objects.requireNonNull(startPosition, "startPosition");
        final ReadOnlyRingMapping mapping = ReadOnlyRingMapping.map(path, allowForeignOwner);
        final RingReader reader = new RingReader(path, mapping.arena(), mapping.lockProbe(), mapping.segment(),
            mapping.checkedHeader(), mapping.layout().recordFormat());
        try
        {
            reader.position = reader.startPosition(startPosition);
            return reader;
        }
        catch (final InternalError ex)
        {
            reader.close();
            throw RingFileException.mappedAccessFault(path, ex);
        }
        catch (final RuntimeException ex)
        {
            reader.close();
            throw ex;
        }
    }

    private long startPosition(final StartPosition startPosition)
    {
        final long start = startPosition == StartPosition.EARLIEST ?
            header.getLongVolatile(PRODUCER_LIMIT_OFFSET) - capacity : header.getLongVolatile(PRODUCER_POSITION_OFFSET);
        if (start < 0 || (start & (format.alignment() - 1)) != 0)
        {
            throw new RingFileException(path + ": cannot start at invalid position " + start);
        }
        return start;
    }

    /**
     * Sets the listener told of each loss; {@code null} for none. Losses are counted in {@link #lostBytes()} either
     * way. The listener is called from {@link #poll} on the polling thread.
     *
     * @return this reader.
     */
    public RingReader lossListener(final LossListener lossListener)
    {
        this.lossListener = lossListener == null ? NO_LISTENER : lossListener;
        return this;
    }

    /**
     * Delivers up to {@code messageLimit} committed messages to the handler, reading at most one ring's worth of
     * bytes. The handler receives this reader's private copy of each message (offset 0), valid until it returns.
     * If the reader was lapped, the loss is counted and reading goes on from the earliest record still held. During
     * the handler's call, {@link #recordPosition()} and {@link #recordEndPosition()} say where the record lies. A
     * handler that throws ends the poll with its record consumed, and the exception propagates, as for
     * {@link Subscription#poll}.
     *
     * @return the number of messages delivered; 0 when none is ready or the reader is closed.
     * @throws RingFileException if the file is corrupt (a record length out of bounds that no lap explains) or was
     *                           truncated while mapped.
     */
    public int poll(final RecordHandler handler, final int messageLimit)
    {
        if (closed)
        {
            return 0;
        }
        int count = 0;
        long scannedBytes = 0;
        int laps = 0;
        try
        {
            // A second lap in one poll ends it, so a header rewritten over and over cannot keep a poll from returning.
            while (count < messageLimit && scannedBytes < capacity && laps < MAX_LAPS_PER_POLL)
            {
                final long position = this.position;
                final int index = (int)position & mask;
                final int recordLength = format.committedLength(data, index, position);
                if (recordLength == 0)
                {
                    if (skipIfLapped() == 0)
                    {
                        break;
                    }
                    laps++;
                    continue;
                }
                final int typeId = data.getInt(index + TYPE_OFFSET);
                if (!isWellFormed(index, recordLength, typeId))
                {
                    if (skipIfLapped() == 0)
                    {
                        throw corruptRecord(position, recordLength);
                    }
                    laps++; // a later lap's bytes seen from a stale position, not corruption
                    continue;
                }
                final int payloadLength = recordLength - recordHeaderLength;
                if (typeId != PADDING_TYPE_ID)
                {
                    copy.putBytes(0, data, index + recordHeaderLength, payloadLength);
                }
                // The copy's loads happen before the limit is read again: if the producer was not yet allowed to
                // write over this record then, nothing copied came from a later lap.
                VarHandle.acquireFence();
                if (skipIfLapped() != 0)
                {
                    laps++;
                    continue;
                }
                final int alignedLength = format.frameLength(position, recordLength);
                this.position = position + alignedLength;
                scannedBytes += alignedLength;
                if (typeId != PADDING_TYPE_ID)
                {
                    count++;
                    recordPosition = position;
                    recordEndPosition = position + alignedLength;
                    handler.onMessage(typeId, copy, 0, payloadLength);
                }
            }
            if (scannedBytes >= capacity)
            {
                checkNotPastProducer();
            }
        }
        catch (final InternalError ex)
        {
            throw RingFileException.mappedAccessFault(path, ex);
        }
        return count;
    }

    /** How the ring's records are laid out and committed. */
    public RecordFormat recordFormat()
    {
        return format;
    }

    /** Valid during a handler's call only: the position at which the record being handled starts. */
    public long recordPosition()
    {
        return recordPosition;
    }

    /** Valid during a handler's call only: the position just after the record being handled. */
    public long recordEndPosition()
    {
        return recordEndPosition;
    }

    private boolean isWellFormed(final int index, final int recordLength, final int typeId)
    {
        // capacity - index cannot overflow (0 <= index < capacity), and a length within it aligns within it too.
        return recordLength >= recordHeaderLength && recordLength <= capacity - index &&
            (typeId == PADDING_TYPE_ID || recordLength - recordHeaderLength <= maxMessageLength);
    }

    /**
     * Moves the reader to the earliest record still held if it has fallen behind it, counting the loss.
     *
     * @return the bytes lost, 0 if the reader was not lapped.
     */
    private long skipIfLapped()
    {
        final long earliest = header.getLongVolatile(PRODUCER_LIMIT_OFFSET) - capacity;
        final long position = this.position;
        if (earliest <= position)
        {
            return 0;
        }
        final long producerPosition = header.getLongVolatile(PRODUCER_POSITION_OFFSET);
        if ((earliest & (format.alignment() - 1)) != 0 || earliest > producerPosition)
        {
            throw new RingFileException(path + ": corrupt ring: producer limit " + (earliest + capacity) +
                " is inconsistent with producer position " + producerPosition + " and capacity " + capacity);
        }
        final long lost = earliest - position;
        this.position = earliest;
        lostBytes += lost;
        lapCount++;
        lossListener.onLoss(position, earliest, lost);
        return lost;
    }

    /** A whole ring read in one poll: records more than a ring past the producer's position are not the producer's. */
    private void checkNotPastProducer()
    {
        final long producerPosition = header.getLongVolatile(PRODUCER_POSITION_OFFSET);
        if (position - capacity > producerPosition)
        {
            throw new RingFileException(path + ": corrupt ring: records at position " + position +
                ", more than a ring past the producer's position " + producerPosition);
        }
    }

    private RingFileException corruptRecord(final long position, final int recordLength)
    {
        return new RingFileException(path + ": corrupt record at position " + position + ": length " + recordLength +
            " (record lengths are in [" + recordHeaderLength + ", " + (maxMessageLength + recordHeaderLength) +
            "] and end " +
            "within the " + capacity + "-byte region)");
    }

    /** Bytes skipped because the producer lapped this reader, since it was opened. */
    public long lostBytes()
    {
        return lostBytes;
    }

    /** How many times this reader was lapped. */
    public long lapCount()
    {
        return lapCount;
    }

    /** The position of the next record this reader will read. */
    public long position()
    {
        return position;
    }

    /** The producer's position as last recorded in the file. */
    public long producerPosition()
    {
        return readLong(PRODUCER_POSITION_OFFSET);
    }

    /** The earliest position the producer still holds: the producer's published limit minus the capacity. */
    public long earliestPosition()
    {
        return readLong(PRODUCER_LIMIT_OFFSET) - capacity;
    }

    /** Whether a committed record (or a lap) is waiting at this reader's position. */
    public boolean hasData()
    {
        if (closed)
        {
            return false;
        }
        try
        {
            return format.committedLength(data, (int)position & mask, position) != 0 ||
                header.getLongVolatile(PRODUCER_LIMIT_OFFSET) - capacity > position;
        }
        catch (final InternalError ex)
        {
            throw RingFileException.mappedAccessFault(path, ex);
        }
    }

    /** Whether the producer closed the ring and this reader has reached the position where it did. */
    public boolean isEndOfStream()
    {
        if (closed)
        {
            return false;
        }
        try
        {
            return header.getIntVolatile(END_OF_STREAM_FLAG_OFFSET) == 1 &&
                position >= header.getLongVolatile(END_OF_STREAM_POSITION_OFFSET);
        }
        catch (final InternalError ex)
        {
            throw RingFileException.mappedAccessFault(path, ex);
        }
    }

    private long readLong(final int offset)
    {
        ensureOpen();
        try
        {
            return header.getLongVolatile(offset);
        }
        catch (final InternalError ex)
        {
            throw RingFileException.mappedAccessFault(path, ex);
        }
    }

    /** The read-only header lines ({@link RingDescriptor} offsets), for inspection within this package. */
    UnsafeBuffer header()
    {
        return header;
    }

    public Path path()
    {
        return path;
    }

    /** Data region size in bytes, as checked when the file was opened. */
    public int capacity()
    {
        return capacity;
    }

    /** Largest payload in bytes, as checked when the file was opened. */
    public int maxMessageLength()
    {
        return maxMessageLength;
    }

    /** Number of consumer slots, as checked when the file was opened. */
    public int consumerSlots()
    {
        return consumerSlots;
    }

    /** Creation time of the ring, epoch milliseconds, from the checked header. */
    public long createdEpochMs()
    {
        return createdEpochMs;
    }

    public boolean isClosed()
    {
        return closed;
    }

    /** Unmaps the file; the reader must not be polled from another thread meanwhile. */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            ReadOnlyRingMapping.closeQuietly(arena);
            lockProbe.close();
        }
    }

    /**
     * Whether a live process holds the producer role: a probe of the kernel lock the producer holds while it lives
     * (works on this read-only descriptor, in any pid namespace).
     */
    public boolean isProducerAlive()
    {
        ensureOpen();
        return lockProbe.isLockedByOther(PRODUCER_LOCK_OFFSET);
    }

    private void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("reader of " + path + " is closed");
        }
    }

    /** Whether a live process holds consumer slot {@code slotIndex}, by the same kernel lock probe. */
    public boolean isSlotOwnerAlive(final int slotIndex)
    {
        ensureOpen();
        if (slotIndex < 0 || slotIndex >= consumerSlots)
        {
            throw new IllegalArgumentException("slot " + slotIndex + " not in [0, " + consumerSlots + ")");
        }
        return lockProbe.isLockedByOther(slotLockOffset(slotIndex));
    }
}
