package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

import static io.slipstream.engine.RingDescriptor.*;

/**
 * Child process for {@link HalfMadeRingTest}: makes a ring file the way a creator does, under the creation lock, but
 * stops just before storing the layout version, prints {@code HALF} and waits to be killed.
 * <p>
 * Arguments: directory stream capacityBytes.
 */
public final class HalfMadeCreatorMain
{
    private HalfMadeCreatorMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path path = Path.of(args[0]).resolve(args[1] + ".ring");
        final int capacity = Integer.parseInt(args[2]);
        final int slots = DEFAULT_CONSUMER_SLOTS;
        final NativeFile file = NativeFile.openAt(null, path.toString(),
            NativeFile.O_RDWR | NativeFile.O_CREAT | NativeFile.O_EXCL | NativeFile.O_NOFOLLOW, 0600);
        if (!file.tryLock(CREATION_LOCK_OFFSET))
        {
            throw new IllegalStateException("creation lock taken");
        }
        final long length = (long)headerLength(slots) + capacity;
        file.truncate(length);
        final UnsafeBuffer header = new UnsafeBuffer(file.map(length, true), headerLength(slots));
        header.putLong(MAGIC_OFFSET, MAGIC);
        header.putInt(HEADER_LENGTH_OFFSET, headerLength(slots));
        header.putInt(CAPACITY_OFFSET, capacity);
        header.putInt(MAX_MESSAGE_LENGTH_OFFSET, defaultMaxMessageLength(capacity));
        header.putInt(CONSUMER_SLOTS_OFFSET, slots);
        header.putLong(PRODUCER_LIMIT_OFFSET, capacity);
        // Killed here: the version is never stored.
        System.out.println("HALF");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
