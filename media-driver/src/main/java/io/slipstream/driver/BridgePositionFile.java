package io.slipstream.driver;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a ring-to-channel bridge has got to in its source ring, in a small mapped file beside the ring, so a driver
 * killed with kill -9 and started again resumes after the last message it handed to Aeron and sends nothing twice.
 * The position is stored <em>before</em> a message is handed over (and put back if Aeron refuses it), so a crash
 * between the two can lose that message but never send it again.
 * <pre>
 *  0                   8                   16
 *  +-------------------+-------------------+
 *  | magic "SLIPBPOS"  | position (release) |
 *  +-------------------+-------------------+
 * </pre>
 */
final class BridgePositionFile implements AutoCloseable
{
    static final long MAGIC = 0x534F_5050_4249_4C53L; // "SLIPBPOS" little-endian
    static final int MAGIC_OFFSET = 0;
    static final int POSITION_OFFSET = 8;
    static final int LENGTH = 64;
    /** Position read from a new file: nothing sent yet. */
    static final long NONE = -1;

    private final Path path;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;
    private final long initialPosition;

    BridgePositionFile(final Path path)
    {
        this.path = path;
        final boolean exists = Files.isRegularFile(path);
        if (exists)
        {
            mapped = IoUtil.mapExistingFile(path.toFile(), "bridge position");
            buffer = new UnsafeBuffer(mapped);
            if (buffer.capacity() < LENGTH || buffer.getLongVolatile(MAGIC_OFFSET) != MAGIC)
            {
                IoUtil.unmap(mapped);
                throw new IllegalStateException(path + " is not a bridge position file; remove it to start over");
            }
            initialPosition = buffer.getLongVolatile(POSITION_OFFSET);
        }
        else
        {
            mapped = IoUtil.mapNewFile(path.toFile(), LENGTH);
            buffer = new UnsafeBuffer(mapped);
            buffer.putLong(POSITION_OFFSET, NONE);
            buffer.putLongVolatile(MAGIC_OFFSET, MAGIC);
            initialPosition = NONE;
        }
    }

    /** The file beside ring {@code ringName} for the bridge to {@code channel} and stream. */
    static Path pathFor(final Path ringDir, final String ringName, final String channel, final int streamId)
    {
        final String id = Integer.toHexString((channel + "|" + streamId).hashCode());
        return ringDir.resolve(ringName + ".to-" + id + ".bridge");
    }

    /** The position stored when the file was opened, or {@link #NONE}. */
    long initialPosition()
    {
        return initialPosition;
    }

    /** Records the position up to which messages are handed to Aeron (or about to be). */
    void position(final long position)
    {
        buffer.putLongRelease(POSITION_OFFSET, position);
    }

    long position()
    {
        return buffer.getLongVolatile(POSITION_OFFSET);
    }

    Path path()
    {
        return path;
    }

    @Override
    public void close()
    {
        IoUtil.unmap(mapped);
    }
}
