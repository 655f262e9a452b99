package io.slipstream.perf.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The directories a run keeps its rings, logs and driver files in: made fresh under /dev/shm (the temporary
 * directory where there is no /dev/shm) and deleted, tree and all, when the run is over.
 */
public final class RunDirectories
{
    private static final Path SHM = Path.of("/dev/shm");

    private RunDirectories()
    {
    }

    /**
     * @return where run directories are made: /dev/shm, or the temporary directory where there is no /dev/shm.
     */
    public static Path base()
    {
        return Files.isDirectory(SHM) ? SHM : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * @param prefix how the new directory's name starts.
     * @return a new, empty directory under {@link #base()}.
     * @throws UncheckedIOException if it cannot be made.
     */
    public static Path create(final String prefix)
    {
        try
        {
            return Files.createTempDirectory(base(), prefix);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Delete a directory tree if it exists; a failure is reported on standard error, not thrown (cleanup must go on).
     *
     * @param dir the tree's root.
     */
    public static void deleteRecursively(final Path dir)
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(path);
            }
        }
        catch (final IOException ex)
        {
            System.err.println("warning: could not delete " + dir + ": " + ex);
        }
    }
}
