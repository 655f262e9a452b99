package io.slipstream.engine;

import io.slipstream.test.RingDirectoryExtension;

import java.nio.file.Path;

/** Temporary ring directories under /dev/shm for tests (made and deleted by test-support's extension). */
public final class TestRings
{
    private TestRings()
    {
    }

    public static Path newDirectory()
    {
        return RingDirectoryExtension.newDirectory("slipstream-test-");
    }

    /**
     * A hang guard, not a timing check: fails a wait that should end in milliseconds once it has gone on past
     * {@code deadlineNs}, set tens of seconds ahead, so a broken mechanism fails the test instead of hanging it.
     */
    public static void failIfHung(final long deadlineNs, final String what)
    {
        if (System.nanoTime() - deadlineNs > 0)
        {
            throw new AssertionError("hang guard: " + what);
        }
    }

    public static RingContext context(final Path directory, final String name, final int capacityBytes)
    {
        return new RingContext().directory(directory).streamName(name).capacityBytes(capacityBytes);
    }

    /** As {@link #context}, for a ring of packed records (the format the test's positions and bytes assume). */
    public static RingContext packedContext(final Path directory, final String name, final int capacityBytes)
    {
        return context(directory, name, capacityBytes).lineAlignedRecords(false);
    }

    public static void delete(final Path directory)
    {
        RingDirectoryExtension.delete(directory);
    }
}
