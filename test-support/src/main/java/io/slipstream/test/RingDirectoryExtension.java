package io.slipstream.test;

import org.agrona.IoUtil;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * An empty ring directory for each test, under {@code /dev/shm} where it exists (else the temporary directory), and
 * deleted with everything in it after the test:
 * <pre>{@code
 * @RegisterExtension
 * final RingDirectoryExtension rings = new RingDirectoryExtension();
 * ... rings.path() ...
 * }</pre>
 * The static {@link #newDirectory(String)} and {@link #delete(Path)} serve tests that manage directories themselves.
 */
public final class RingDirectoryExtension implements BeforeEachCallback, AfterEachCallback
{
    private final String prefix;
    private Path path;

    /** Directories named {@code slipstream-test-<random>}. */
    public RingDirectoryExtension()
    {
        this("slipstream-test-");
    }

    /** Directories named {@code <prefix><random>}. */
    public RingDirectoryExtension(final String prefix)
    {
        this.prefix = prefix;
    }

    @Override
    public void beforeEach(final ExtensionContext context)
    {
        path = newDirectory(prefix);
    }

    @Override
    public void afterEach(final ExtensionContext context)
    {
        delete(path);
        path = null;
    }

    /**
     * The current test's directory.
     *
     * @throws IllegalStateException outside a test.
     */
    public Path path()
    {
        if (path == null)
        {
            throw new IllegalStateException("no ring directory outside a test");
        }
        return path;
    }

    /** A new empty directory {@code <prefix><random>} under {@code /dev/shm}, or the temporary directory. */
    public static Path newDirectory(final String prefix)
    {
        try
        {
            final Path shm = Path.of("/dev/shm");
            final Path base = Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
            return Files.createTempDirectory(base, prefix);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Deletes a directory and all in it; nothing happens for {@code null} or a path that does not exist. Symbolic
     * links in it are removed first, as links: Agrona's {@link IoUtil#delete} would follow a link to a directory
     * into its target, and would leave a dangling one behind.
     */
    public static void delete(final Path directory)
    {
        if (directory == null || !Files.exists(directory, LinkOption.NOFOLLOW_LINKS))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory))
        {
            for (final Path link : paths.filter(Files::isSymbolicLink).toList())
            {
                Files.delete(link);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        IoUtil.delete(directory.toFile(), false);
    }
}
