package io.slipstream.perf.jmh;

import io.slipstream.engine.Publication;
import io.slipstream.engine.RingContext;
import io.slipstream.engine.Subscription;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A Slipstream ring for one trial, in a fresh directory under /dev/shm (the temporary directory where there is no
 * /dev/shm), with a publication and a subscription open on it; {@link #close()} closes both and deletes the
 * directory.
 */
final class ShmRing implements AutoCloseable
{
    private static final Path SHM = Path.of("/dev/shm");

    private final Path directory;
    private final Publication publication;
    private final Subscription subscription;

    private ShmRing(final Path directory, final Publication publication, final Subscription subscription)
    {
        this.directory = directory;
        this.publication = publication;
        this.subscription = subscription;
    }

    /**
     * Makes the directory and opens both ends of a ring named {@code bench} in it.
     *
     * @param directoryPrefix how the directory's name starts.
     * @param capacityBytes   the ring's capacity.
     * @param futexWakeups    whether both ends support futex wake-ups.
     * @return the open ring.
     * @throws IOException when the directory cannot be made.
     */
    static ShmRing open(final String directoryPrefix, final int capacityBytes, final boolean futexWakeups)
        throws IOException
    {
        final Path parent = Files.isDirectory(SHM) ? SHM : Path.of(System.getProperty("java.io.tmpdir"));
        final Path directory = Files.createTempDirectory(parent, directoryPrefix);
        Publication publication = null;
        try
        {
            final RingContext context = new RingContext()
                .directory(directory)
                .streamName("bench")
                .capacityBytes(capacityBytes)
                .futexWakeups(futexWakeups);
            publication = Publication.open(context.copy());
            return new ShmRing(directory, publication, Subscription.open(context.copy()));
        }
        catch (final RuntimeException ex)
        {
            if (publication != null)
            {
                publication.close();
            }
            deleteDirectory(directory);
            throw ex;
        }
    }

    Publication publication()
    {
        return publication;
    }

    Subscription subscription()
    {
        return subscription;
    }

    /** Closes the subscription and the publication, then deletes the directory. */
    @Override
    public void close()
    {
        try
        {
            try
            {
                subscription.close();
            }
            finally
            {
                publication.close();
            }
        }
        finally
        {
            deleteDirectory(directory);
        }
    }

    private static void deleteDirectory(final Path directory)
    {
        try (Stream<Path> paths = Files.walk(directory))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(path);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
