package io.slipstream.engine;

import org.agrona.BitUtil;
import org.agrona.concurrent.AtomicBuffer;

/**
 * Layout of a ring file: a header of 128-byte lines followed by a power-of-two data region.
 * <p>
 * Every line is written by one party only (the creator, the producer, or one consumer), and lines are 128 bytes
 * apart so that adjacent-line prefetch does not couple writers. All integers are little-endian (native order).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                       Magic "SLIPRING"                        |  line 0: metadata, written once by the
 *  +-------------------------------+-------------------------------+          creator; the layout version is
 *  |  Layout version (written last)|  Header length in bytes       |          stored last with release order
 *  +-------------------------------+-------------------------------+
 *  |  Data capacity in bytes       |  Max message length in bytes  |
 *  +-------------------------------+-------------------------------+
 *  |  Consumer slot count          |  Record format (0 packed,     |
 *  |                               |  1 tagged lines)              |
 *  +-------------------------------+-------------------------------+
 *  |                  Creation time, epoch ms                      |
 *  +---------------------------------------------------------------+
 *  |                  Tag stamp (tagged lines; odd), else 0        |
 *  +---------------------------------------------------------------+  (pad to 128)
 *  |                  Producer position (tail)                     |  line 1: producer, every commit
 *  +---------------------------------------------------------------+  (pad to 128)
 *  |  Producer owner (pid << 32 | start time; 0 = none), for people|  line 2: producer, rarely; its first
 *  +---------------------------------------------------------------+          byte is the producer's lock byte
 *  |       Producer limit (slowest consumer + capacity)            |
 *  +---------------------------------------------------------------+
 *  |                  End-of-stream position                       |
 *  +-------------------------------+-------------------------------+
 *  |  End-of-stream flag           |  (zero)                       |
 *  +-------------------------------+-------------------------------+  (pad to 128)
 *  |  Data futex sequence          |  (zero)                       |  line 3: futex word woken on commit;
 *  +-------------------------------+-------------------------------+          each sleeper sets its own bit
 *  |       Data waiter mask (bit i: consumer slot i may sleep)     |          (see DataWakeProtocol)
 *  +-------------------------------+-------------------------------+  (pad to 128)
 *  |  Space futex sequence         |  Producer waiting for space   |  line 4: futex word woken on consume
 *  +-------------------------------+-------------------------------+  (pad to 128) (see SpaceWakeProtocol)
 *  |  Slot 0 owner (pid << 32 | start time; 0 = free), for people  |  line 5 + i: consumer slot i, written by
 *  +---------------------------------------------------------------+  its consumer (and by the producer, to
 *  |  Slot 0 position (where its consumer will read next)          |  free or evict it); its first byte is the
 *  +-------------------------------+-------------------------------+  slot's lock byte
 *  |  Slot 0 claim count           |  Slot 0 flags (1 = evicted)   |
 *  +-------------------------------+-------------------------------+
 *  |  Slot 0 name length (0 = plain, 1..64 = durable) |  (zero)    |
 *  +-------------------------------+-------------------------------+
 *  |  Slot 0 name, US-ASCII, up to 64 bytes (a durable slot only)  |
 *  +---------------------------------------------------------------+  (pad to 128)
 *  |  ... one line per consumer slot                               |
 *  +---------------------------------------------------------------+
 *  |  Data region: capacity bytes of records (see RecordDescriptor)|
 *  +---------------------------------------------------------------+
 * </pre>
 * Every field has a reader: the metadata is checked by {@link #checkHeader}; the creation time, owner words and
 * waiter mask are shown by {@code stat}; the rest drives the producer, the consumers or the wake protocols.
 * <p>
 * A slot with a name is <em>durable</em> ({@link RingContext#durableConsumer}): its owner word stays set while its
 * consumer's process is down, so the producer keeps waiting for its position instead of freeing it, and the next
 * consumer opening the ring with the same name takes the same slot and resumes there. Only
 * {@link Subscription#removeDurableConsumer} frees it (clearing the name, then the owner word).
 * Who holds the producer role and each consumer slot is decided by the kernel, not by the owner words: the holder
 * keeps an open file description lock ({@code F_OFD_SETLK}) on one byte of the file, {@link #PRODUCER_LOCK_OFFSET}
 * or {@link #slotLockOffset(int)}, and the kernel releases it when the holder's last descriptor closes or the
 * holder dies. The byte at {@link #CREATION_LOCK_OFFSET} is locked while a file is being made. Locks are advisory
 * byte ranges: they do not affect reading or writing the mapped bytes. The owner words hold pids for people (stat,
 * error messages) and mark a slot in use for the producer's limit; they never decide liveness.
 * <p>
 * Positions are byte counts since the ring was created; a position maps to the data index {@code position & (capacity
 * - 1)}. A reader checks the header with {@link #checkHeader(AtomicBuffer, long)} before it trusts any field. The
 * offset of a slot's field is {@code slotOffset(i) + SLOT_..._OFFSET}, computed by the accessors here
 * ({@link #slotPositionOffset(int)} ...) so that no other class does layout arithmetic.
 */
public final class RingDescriptor
{
    /** "SLIPRING" read as a little-endian long. */
    public static final long MAGIC = 0x474E4952_50494C53L;
    /**
     * 5: tagged records are 16-byte aligned and only records of up to a line are followed by the rest of their line
     * ({@link RecordFormat#frameLength}); code of layout 4 would look for the next record at the wrong place. (4: a
     * record format field and a tag stamp, see {@link RecordFormat}; 3: commits and consumer positions are release
     * stores paired with a barrier on the side about to sleep, see {@link DataWakeProtocol}.)
     */
    public static final int LAYOUT_VERSION = 5;
    public static final int LINE_LENGTH = 128;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 8;
    public static final int HEADER_LENGTH_OFFSET = 12;
    public static final int CAPACITY_OFFSET = 16;
    public static final int MAX_MESSAGE_LENGTH_OFFSET = 20;
    public static final int CONSUMER_SLOTS_OFFSET = 24;
    public static final int RECORD_FORMAT_OFFSET = 28;
    public static final int CREATED_EPOCH_MS_OFFSET = 32;
    public static final int TAG_STAMP_OFFSET = 40;
    /** Record format field: packed records. */
    public static final int RECORD_FORMAT_PACKED = 0;
    /** Record format field: tagged lines. */
    public static final int RECORD_FORMAT_TAGGED_LINES = 1;

    public static final int PRODUCER_POSITION_OFFSET = LINE_LENGTH;

    public static final int PRODUCER_OWNER_OFFSET = 2 * LINE_LENGTH;
    public static final int PRODUCER_LIMIT_OFFSET = PRODUCER_OWNER_OFFSET + 8;
    public static final int END_OF_STREAM_POSITION_OFFSET = PRODUCER_OWNER_OFFSET + 16;
    public static final int END_OF_STREAM_FLAG_OFFSET = PRODUCER_OWNER_OFFSET + 24;

    public static final int DATA_FUTEX_SEQ_OFFSET = 3 * LINE_LENGTH;
    public static final int DATA_WAITER_MASK_OFFSET = DATA_FUTEX_SEQ_OFFSET + 8;

    public static final int SPACE_FUTEX_SEQ_OFFSET = 4 * LINE_LENGTH;
    public static final int SPACE_WAITING_OFFSET = SPACE_FUTEX_SEQ_OFFSET + 4;

    public static final int CONSUMER_SLOTS_BASE_OFFSET = 5 * LINE_LENGTH;
    public static final int SLOT_OWNER_OFFSET = 0;
    public static final int SLOT_POSITION_OFFSET = 8;
    /** Bumped by each consumer that claims the slot, before it stores its owner word. */
    public static final int SLOT_CLAIM_COUNT_OFFSET = 16;
    public static final int SLOT_FLAGS_OFFSET = 20;
    /** Slot flag: the producer evicted this slot's consumer for not polling (see RingContext). */
    public static final int SLOT_FLAG_EVICTED = 1;
    /** Length of a durable slot's name; 0 for a plain slot. Written by the claiming consumer before its owner word. */
    public static final int SLOT_NAME_LENGTH_OFFSET = 24;
    public static final int SLOT_NAME_OFFSET = 32;
    public static final int MAX_SLOT_NAME_LENGTH = 64;

    /** Lock byte held while a file is being made (and while a half-made one is taken over). */
    public static final int CREATION_LOCK_OFFSET = MAGIC_OFFSET;
    /** Lock byte held by the producer for as long as it is open. */
    public static final int PRODUCER_LOCK_OFFSET = PRODUCER_OWNER_OFFSET;

    public static final int MIN_CAPACITY = 1024;
    public static final int MAX_CAPACITY = 1 << 30;
    public static final int MAX_CONSUMER_SLOTS = 64;
    public static final int DEFAULT_CAPACITY = 1 << 20;
    public static final int DEFAULT_CONSUMER_SLOTS = 8;

    private RingDescriptor()
    {
    }

    public static int headerLength(final int consumerSlots)
    {
        return CONSUMER_SLOTS_BASE_OFFSET + consumerSlots * LINE_LENGTH;
    }

    public static int slotOffset(final int slotIndex)
    {
        return CONSUMER_SLOTS_BASE_OFFSET + slotIndex * LINE_LENGTH;
    }

    /** Lock byte held by the consumer of slot {@code slotIndex} for as long as it is open. */
    public static int slotLockOffset(final int slotIndex)
    {
        return slotOffset(slotIndex);
    }

    /**
     * Length of the byte range holding every party's lock byte (the producer's and any slot's), from
     * {@link #PRODUCER_LOCK_OFFSET}: whoever holds none of them may take over a half-made file.
     */
    public static int partyLocksLength()
    {
        return slotLockOffset(MAX_CONSUMER_SLOTS) - PRODUCER_LOCK_OFFSET;
    }

    /** Offset of the owner word of slot {@code slotIndex}. */
    public static int slotOwnerOffset(final int slotIndex)
    {
        return slotOffset(slotIndex) + SLOT_OWNER_OFFSET;
    }

    /** Offset of the position of slot {@code slotIndex}. */
    public static int slotPositionOffset(final int slotIndex)
    {
        return slotOffset(slotIndex) + SLOT_POSITION_OFFSET;
    }

    /** Offset of the claim count of slot {@code slotIndex}. */
    public static int slotClaimCountOffset(final int slotIndex)
    {
        return slotOffset(slotIndex) + SLOT_CLAIM_COUNT_OFFSET;
    }

    /** Offset of the flags of slot {@code slotIndex}. */
    public static int slotFlagsOffset(final int slotIndex)
    {
        return slotOffset(slotIndex) + SLOT_FLAGS_OFFSET;
    }

    /** Offset of the name length of slot {@code slotIndex} (0: a plain slot, else durable). */
    public static int slotNameLengthOffset(final int slotIndex)
    {
        return slotOffset(slotIndex) + SLOT_NAME_LENGTH_OFFSET;
    }

    /** Offset of the name of slot {@code slotIndex}. */
    public static int slotNameOffset(final int slotIndex)
    {
        return slotOffset(slotIndex) + SLOT_NAME_OFFSET;
    }

    /** Length of a ring file: its header and data region. */
    public static long fileLength(final int consumerSlots, final int capacityBytes)
    {
        return (long)headerLength(consumerSlots) + capacityBytes;
    }

    /** Absolute address of the data futex sequence word, for the kernel, in a mapped header. */
    public static long dataSeqAddress(final AtomicBuffer header)
    {
        return header.addressOffset() + DATA_FUTEX_SEQ_OFFSET;
    }

    /** Absolute address of the space futex sequence word, for the kernel, in a mapped header. */
    public static long spaceSeqAddress(final AtomicBuffer header)
    {
        return header.addressOffset() + SPACE_FUTEX_SEQ_OFFSET;
    }

    /**
     * The geometry of a ring as {@link #checkHeader} validated it. A ring is built from these values and never
     * re-reads them from the shared file, which another process could rewrite after the check.
     */
    public record Layout(int headerLength, int capacity, int maxMessageLength, int consumerSlots,
        RecordFormat recordFormat)
    {
    }

    /** The largest message a ring of this capacity may be configured to carry. */
    public static int maxAllowedMessageLength(final int capacityBytes)
    {
        return capacityBytes / 4 - RecordDescriptor.HEADER_LENGTH;
    }

    public static int defaultMaxMessageLength(final int capacityBytes)
    {
        return capacityBytes / 8 - RecordDescriptor.HEADER_LENGTH;
    }

    /** Checks a capacity and max message length chosen for a new ring; throws {@link IllegalArgumentException}. */
    public static void checkParameters(
        final int capacityBytes, final int maxMessageLengthBytes, final int consumerSlots)
    {
        if (capacityBytes < MIN_CAPACITY || capacityBytes > MAX_CAPACITY || !BitUtil.isPowerOfTwo(capacityBytes))
        {
            throw new IllegalArgumentException("capacity must be a power of two in [" + MIN_CAPACITY + ", " +
                MAX_CAPACITY + "]: " + capacityBytes);
        }
        if (maxMessageLengthBytes < 0 || maxMessageLengthBytes > maxAllowedMessageLength(capacityBytes))
        {
            throw new IllegalArgumentException("max message length must be in [0, " +
                maxAllowedMessageLength(capacityBytes) + "] for capacity " + capacityBytes + ": " +
                maxMessageLengthBytes);
        }
        if (consumerSlots < 1 || consumerSlots > MAX_CONSUMER_SLOTS)
        {
            throw new IllegalArgumentException("consumer slots must be in [1, " + MAX_CONSUMER_SLOTS + "]: " +
                consumerSlots);
        }
    }

    /**
     * Validates the header of a mapped ring file before any other field is used.
     *
     * @param header          a buffer over at least the first {@code min(fileLength, headerLength)} bytes.
     * @param fileLengthBytes the file's length as seen on disk.
     * @return the validated geometry, each field read once.
     * @throws RingFileException naming the first field that is wrong.
     */
    public static Layout checkHeader(final AtomicBuffer header, final long fileLengthBytes)
    {
        if (fileLengthBytes < CONSUMER_SLOTS_BASE_OFFSET)
        {
            throw new RingFileException("file is truncated: " + fileLengthBytes +
                " bytes, a ring header needs at least " +
                headerLength(1));
        }
        final int version = header.getIntAcquire(VERSION_OFFSET);
        final long magic = header.getLong(MAGIC_OFFSET);
        if (magic != MAGIC)
        {
            throw new RingFileException(String.format("wrong magic 0x%016x, expected 0x%016x: not a ring file", magic,
                MAGIC));
        }
        if (version != LAYOUT_VERSION)
        {
            throw new RingFileException("unsupported layout version " + version + ", this engine reads version " +
                LAYOUT_VERSION);
        }
        final int consumerSlots = header.getInt(CONSUMER_SLOTS_OFFSET);
        if (consumerSlots < 1 || consumerSlots > MAX_CONSUMER_SLOTS)
        {
            throw new RingFileException("consumer slot count out of range [1, " + MAX_CONSUMER_SLOTS + "]: " +
                consumerSlots);
        }
        final int headerLength = header.getInt(HEADER_LENGTH_OFFSET);
        if (headerLength != headerLength(consumerSlots))
        {
            throw new RingFileException("header length " + headerLength + " does not match " + consumerSlots +
                " consumer slots (expected " + headerLength(consumerSlots) + ")");
        }
        final int capacity = header.getInt(CAPACITY_OFFSET);
        if (capacity < MIN_CAPACITY || capacity > MAX_CAPACITY || !BitUtil.isPowerOfTwo(capacity))
        {
            throw new RingFileException("capacity is not a power of two in [" + MIN_CAPACITY + ", " + MAX_CAPACITY +
                "]: " + capacity);
        }
        if (fileLengthBytes != fileLength(consumerSlots, capacity))
        {
            throw new RingFileException("file length " + fileLengthBytes + " does not match header " + headerLength +
                " + capacity " + capacity +
                (fileLengthBytes < fileLength(consumerSlots, capacity) ? " (truncated)" : ""));
        }
        final int maxMessageLength = header.getInt(MAX_MESSAGE_LENGTH_OFFSET);
        if (maxMessageLength < 0 || maxMessageLength > maxAllowedMessageLength(capacity))
        {
            throw new RingFileException("max message length out of range [0, " + maxAllowedMessageLength(capacity) +
                "]: " + maxMessageLength);
        }
        final int format = header.getInt(RECORD_FORMAT_OFFSET);
        final long stamp = header.getLong(TAG_STAMP_OFFSET);
        final RecordFormat recordFormat;
        if (format == RECORD_FORMAT_PACKED && stamp == 0)
        {
            recordFormat = RecordFormat.PACKED;
        }
        else if (format == RECORD_FORMAT_TAGGED_LINES && (stamp & 1) != 0)
        {
            recordFormat = RecordFormat.taggedLines(stamp);
        }
        else
        {
            throw new RingFileException("unknown record format " + format + " with tag stamp " + stamp +
                " (formats: " + RECORD_FORMAT_PACKED + " packed, stamp 0; " + RECORD_FORMAT_TAGGED_LINES +
                " tagged lines, odd stamp)");
        }
        // Read the limit before the position: both only grow, so a live producer cannot make this check fail.
        final long limit = header.getLongVolatile(PRODUCER_LIMIT_OFFSET);
        final long producerPosition = header.getLongVolatile(PRODUCER_POSITION_OFFSET);
        if (producerPosition < 0 || (producerPosition & (recordFormat.alignment() - 1)) != 0)
        {
            throw new RingFileException("producer position is negative or unaligned: " + producerPosition);
        }
        if (limit < capacity || (limit & (RecordDescriptor.ALIGNMENT - 1)) != 0 || limit - capacity > producerPosition)
        {
            throw new RingFileException("producer limit " + limit + " is inconsistent with producer position " +
                producerPosition + " and capacity " + capacity);
        }
        return new Layout(headerLength, capacity, maxMessageLength, consumerSlots, recordFormat);
    }
}
