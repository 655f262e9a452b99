package io.slipstream.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temporary ring directories under /dev/shm for tests. */
public final class TestRings
{
    private TestRings()
    {
    }

    public static Path newDirectory()
    {
        try
        {
            final Path base = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(
                System.getProperty("java.io.tmpdir"));
            return Files.createTempDirectory(base, "slipstream-test-");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
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

    public static void delete(final Path directory)
    {
        if (directory == null || !Files.exists(directory))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(path ->
            {
                try
                {
                    Files.deleteIfExists(path);
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            });
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
