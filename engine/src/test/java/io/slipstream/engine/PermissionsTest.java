package io.slipstream.engine;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Permissions are set through the open descriptor, exactly as asked whatever the umask, and an existing ring
 * directory or file that others may write beyond what was asked is refused.
 */
class PermissionsTest extends RingDirectoryTest
{
    private RingContext context(final Path ringDirectory)
    {
        return TestRings.context(ringDirectory, "perm", 4096);
    }

    @Test
    void shouldCreateOwnerOnlyByDefaultAndGroupAccessWhenAsked() throws IOException
    {
        final Path owner = directory.resolve("owner");
        Publication.open(context(owner)).close();
        assertEquals("rwx------", mode(owner));
        assertEquals("rw-------", mode(context(owner).ringFile()));

        final Path group = directory.resolve("group");
        Publication.open(context(group).groupAccess(true)).close();
        assertEquals("rwxrwx---", mode(group));
        assertEquals("rw-rw----", mode(context(group).ringFile()));
        Subscription.open(context(group).groupAccess(true)).close();
    }

    @Test
    void shouldRefuseAGroupOrWorldWritableDirectoryBeyondWhatWasAsked() throws IOException
    {
        final Path ringDirectory = directory.resolve("rings");
        Files.createDirectory(ringDirectory);
        Files.setPosixFilePermissions(ringDirectory, PosixFilePermissions.fromString("rwxrwx---"));
        assertRefused(ringDirectory, "group-writable");
        assertFalse(Files.exists(context(ringDirectory).ringFile()), "nothing is created in a refused directory");
        Subscription.open(context(ringDirectory).groupAccess(true)).close();

        Files.setPosixFilePermissions(ringDirectory, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertRefused(ringDirectory, "world-writable");
        final RingFileException ex = assertThrows(RingFileException.class,
            () -> Subscription.open(context(ringDirectory).groupAccess(true)));
        assertTrue(ex.getMessage().contains("world-writable"), ex.getMessage());
    }

    @Test
    void shouldRefuseAGroupOrWorldWritableRingFileBeyondWhatWasAsked() throws IOException
    {
        final Path ringDirectory = directory.resolve("rings");
        Publication.open(context(ringDirectory)).close();
        final Path ringFile = context(ringDirectory).ringFile();
        Files.setPosixFilePermissions(ringFile, PosixFilePermissions.fromString("rw-rw----"));
        assertRefused(ringDirectory, "group-writable");
        Subscription.open(context(ringDirectory).groupAccess(true)).close();
        Files.setPosixFilePermissions(ringFile, PosixFilePermissions.fromString("rw----rw-"));
        assertRefused(ringDirectory, "world-writable");
        Files.setPosixFilePermissions(ringFile, PosixFilePermissions.fromString("rw-r--r--"));
        Subscription.open(context(ringDirectory)).close(); // readable by others was not refused: only writable
    }

    @Test
    void shouldRefuseASymbolicLinkInPlaceOfTheDirectory() throws IOException
    {
        final Path real = directory.resolve("real");
        Files.createDirectory(real, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        final Path link = Files.createSymbolicLink(directory.resolve("link"), real);
        final RingFileException ex = assertThrows(RingFileException.class, () -> Publication.open(context(link)));
        assertTrue(ex.getMessage().contains("symbolic link"), ex.getMessage());
        assertFalse(Files.exists(context(real).ringFile()), "nothing is created through the link");
    }

    private void assertRefused(final Path ringDirectory, final String word)
    {
        final List<Function<RingContext, AutoCloseable>> openers = List.of(RingFile::openOrCreate,
            Subscription::open, Publication::open);
        for (final Function<RingContext, AutoCloseable> opener : openers)
        {
            final RingFileException ex = assertThrows(RingFileException.class,
                () -> opener.apply(context(ringDirectory)).close());
            assertTrue(ex.getMessage().contains(word) && ex.getMessage().contains("refused"), ex.getMessage());
        }
    }

    private static String mode(final Path path) throws IOException
    {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }
}
