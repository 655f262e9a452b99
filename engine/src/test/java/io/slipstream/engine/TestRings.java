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
