package io.slipstream.driver;

import io.slipstream.engine.RecordDescriptor;
import io.slipstream.engine.RecordFormat;
import io.slipstream.engine.RingDescriptor;
import io.slipstream.engine.RingFile;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How far a channel-to-ring bridge has written a source ring's messages into its destination ring, in a small mapped
 * file beside the destination ring, kept exact across a kill -9 at any instant.
 * <p>
 * Before each write the bridge stores the message's source position as <em>pending</em>; after it, the source
 * position as <em>written</em>, then the destination ring's tail. Only the bridge, the ring's one producer, writes the
 * ring, so on restart a pending position beyond the written one was written if and only if a message record lies
 * between the tail stored with the last written message and the destination ring's recovered tail (padding alone,
 * written at the wrap by an offer that died before its record, does not count). The file is tied to the destination
 * ring's identity (creation stamp and shape): a ring recreated since is reported and the state starts over.
 * <pre>
 *  0                   8                   16                  24
 *  +-------------------+-------------------+---------+---------+
 *  | magic "SLIPRCV1"  | dest ring created | capacity| slots   |
 *  +-------------------+-------------------+---------+---------+
 *  | source ring stamp | written (source)  | dest tail after it|
 *  +-------------------+-------------------+-------------------+
 *  | pending (source)  | epoch   | (zero)  |
 *  +-------------------+---------+---------+
 * </pre>
 */
final class ReceiverState implements AutoCloseable
{
    static final long MAGIC = 0x3156_4352_5049_4C53L; // "SLIPRCV1" little-endian
    static final int MAGIC_OFFSET = 0;
    static final int RING_CREATED_OFFSET = 8;
    static final int RING_CAPACITY_OFFSET = 16;
    static final int RING_SLOTS_OFFSET = 20;
    static final int SOURCE_STAMP_OFFSET = 24;
    static final int WRITTEN_OFFSET = 32;
    static final int DEST_TAIL_OFFSET = 40;
    static final int PENDING_OFFSET = 48;
    static final int EPOCH_OFFSET = 56;
    static final int LENGTH = 64;

    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;
    private long written;
    private int epoch;

    /**
     * Opens or creates the state of a bridge writing into a ring, and recovers it against the ring.
     *
     * @param ring          the destination ring (its identity, and its records since the last stored tail).
     * @param recoveredTail the destination ring's producer position as its producer recovered it.
     */
    ReceiverState(final Path path, final RingFile ring, final long recoveredTail, final String roleName)
    {
        final UnsafeBuffer ringHeader = ring.header();
        final long ringCreated = ringHeader.getLong(RingDescriptor.CREATED_EPOCH_MS_OFFSET);
        final int capacity = ringHeader.getInt(RingDescriptor.CAPACITY_OFFSET);
        final int slots = ringHeader.getInt(RingDescriptor.CONSUMER_SLOTS_OFFSET);
        if (Files.isRegularFile(path))
        {
            mapped = IoUtil.mapExistingFile(path.toFile(), "bridge receiver state");
            buffer = new UnsafeBuffer(mapped);
            if (buffer.capacity() < LENGTH || buffer.getLongVolatile(MAGIC_OFFSET) != MAGIC)
            {
                IoUtil.unmap(mapped);
                throw new IllegalStateException(path + " is not a bridge receiver state file; remove it to start " +
                    "over (messages already written may then be written again)");
            }
            if (buffer.getLong(RING_CREATED_OFFSET) != ringCreated || buffer.getInt(RING_CAPACITY_OFFSET) != capacity ||
                buffer.getInt(RING_SLOTS_OFFSET) != slots)
            {
                DriverLog.error(roleName + ": the destination ring was recreated while the bridge was down (made " +
                    Instant.ofEpochMilli(ringCreated) + ", the bridge last wrote to one made " +
                    Instant.ofEpochMilli(buffer.getLong(RING_CREATED_OFFSET)) + "): what the old ring held is " +
                    "gone; starting over from what the sender still holds");
                reset(ringCreated, capacity, slots, recoveredTail);
            }
            else
            {
                recover(ring, recoveredTail);
            }
        }
        else
        {
            mapped = IoUtil.mapNewFile(path.toFile(), LENGTH);
            buffer = new UnsafeBuffer(mapped);
            reset(ringCreated, capacity, slots, recoveredTail);
            // A new file starts at a random epoch: a sender still answering a lost file's epoch is not taken for ours.
            buffer.putInt(EPOCH_OFFSET, ThreadLocalRandom.current().nextInt(1, 1 << 30));
            buffer.putLongVolatile(MAGIC_OFFSET, MAGIC);
        }
        written = buffer.getLongVolatile(WRITTEN_OFFSET);
        epoch = buffer.getInt(EPOCH_OFFSET) + 1; // never an epoch of a previous run: its frames are dropped
        buffer.putIntRelease(EPOCH_OFFSET, epoch);
    }

    private void reset(final long ringCreated, final int capacity, final int slots, final long tail)
    {
        buffer.putLong(RING_CREATED_OFFSET, ringCreated);
        buffer.putInt(RING_CAPACITY_OFFSET, capacity);
        buffer.putInt(RING_SLOTS_OFFSET, slots);
        buffer.putLong(SOURCE_STAMP_OFFSET, 0);
        buffer.putLong(WRITTEN_OFFSET, FrameDescriptor.NOTHING);
        buffer.putLong(PENDING_OFFSET, FrameDescriptor.NOTHING);
        buffer.putLongVolatile(DEST_TAIL_OFFSET, tail);
    }

    /** Settles a write a crash interrupted: the ring's tail tells whether the pending message reached it. */
    private void recover(final RingFile ring, final long recoveredTail)
    {
        final long pending = buffer.getLongVolatile(PENDING_OFFSET);
        final long writtenBefore = buffer.getLongVolatile(WRITTEN_OFFSET);
        if (pending != writtenBefore && holdsMessage(ring, buffer.getLongVolatile(DEST_TAIL_OFFSET), recoveredTail))
        {
            buffer.putLongVolatile(WRITTEN_OFFSET, pending);
        }
        buffer.putLongVolatile(PENDING_OFFSET, buffer.getLongVolatile(WRITTEN_OFFSET));
        buffer.putLongVolatile(DEST_TAIL_OFFSET, recoveredTail);
    }

    /** Whether a message record (not padding) lies in the ring between two positions. */
    private static boolean holdsMessage(final RingFile ring, final long from, final long to)
    {
        final UnsafeBuffer data = ring.data();
        final RecordFormat format = ring.recordFormat();
        final int mask = ring.capacity() - 1;
        long position = from;
        while (position < to && to - position <= ring.capacity())
        {
            final int index = (int)position & mask;
            final int length = format.committedLength(data, index, position);
            if (length < format.headerLength() || length > ring.capacity() - index)
            {
                return false;
            }
            if (data.getInt(index + RecordDescriptor.TYPE_OFFSET) != RecordDescriptor.PADDING_TYPE_ID)
            {
                return true;
            }
            position += format.frameLength(position, length);
        }
        return false;
    }

    /** The source position after the last message written, or {@link FrameDescriptor#NOTHING}. */
    long written()
    {
        return written;
    }

    /** This run's epoch: frames that answer another are dropped without reply. */
    int epoch()
    {
        return epoch;
    }

    /** Starts a new epoch (the sender is asked to resume): frames sent before it are dropped. */
    int nextEpoch()
    {
        epoch++;
        buffer.putIntRelease(EPOCH_OFFSET, epoch);
        return epoch;
    }

    long sourceStamp()
    {
        return buffer.getLong(SOURCE_STAMP_OFFSET);
    }

    /** Records the source ring's identity; a different ring than before starts over from nothing written. */
    void sourceStamp(final long stamp)
    {
        if (stamp != sourceStamp())
        {
            written = FrameDescriptor.NOTHING;
            buffer.putLongVolatile(WRITTEN_OFFSET, written);
            buffer.putLongVolatile(PENDING_OFFSET, written);
            buffer.putLongVolatile(SOURCE_STAMP_OFFSET, stamp);
        }
    }

    /** Stored before a message is written to the ring. */
    void pending(final long sourceEnd)
    {
        buffer.putLongRelease(PENDING_OFFSET, sourceEnd);
    }

    /** Stored after a message is written to the ring: its source position, then the ring's new tail. */
    void markWritten(final long sourceEnd, final long destinationTail)
    {
        written = sourceEnd;
        buffer.putLongRelease(WRITTEN_OFFSET, sourceEnd);
        buffer.putLongRelease(DEST_TAIL_OFFSET, destinationTail);
    }

    @Override
    public void close()
    {
        IoUtil.unmap(mapped);
    }
}
