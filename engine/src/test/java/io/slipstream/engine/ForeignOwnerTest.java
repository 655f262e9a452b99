package io.slipstream.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A ring file or ring directory owned by another user is refused by every way of opening a ring, and by the
 * inspector, unless {@link RingContext#allowForeignOwner} says otherwise. Giving a file away needs root: the test
 * runs as root (as the build here does) and chowns to {@code nobody}; elsewhere it is skipped.
 */
class ForeignOwnerTest
{
    private static final String STREAM = "foreign";
    private Path directory;
    private UserPrincipal nobody;

    @BeforeEach
    void setUp() throws IOException
    {
        assumeTrue("root".equals(System.getProperty("user.name")), "giving a file to another user needs root");
        nobody = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        directory = TestRings.newDirectory();
    }

    @AfterEach
    void tearDown()
    {
        TestRings.delete(directory);
    }

    private RingContext context(final Path ringDirectory)
    {
        return TestRings.context(ringDirectory, STREAM, 64 * 1024);
    }

    @Test
    void shouldRefuseARingFileOwnedByAnotherUserUnlessAllowed() throws IOException
    {
        final Path ringDirectory = directory.resolve("rings");
        Publication.open(context(ringDirectory)).close();
        final Path ringFile = context(ringDirectory).ringFile();
        Files.setOwner(ringFile, nobody);
        assertEquals("nobody", Files.getOwner(ringFile, LinkOption.NOFOLLOW_LINKS).getName());
        assertRefusedAndAllowed(ringDirectory, ringFile);
    }

    @Test
    void shouldRefuseARingDirectoryOwnedByAnotherUserUnlessAllowed() throws IOException
    {
        final Path ringDirectory = directory.resolve("rings");
        Files.createDirectory(ringDirectory);
        Files.setOwner(ringDirectory, nobody);
        final List<Function<RingContext, AutoCloseable>> openers = List.of(RingFile::openOrCreate,
            Subscription::open, Publication::open);
        for (final Function<RingContext, AutoCloseable> opener : openers)
        {
            final RingFileException ex = assertThrows(RingFileException.class,
                () -> opener.apply(context(ringDirectory)).close());
            assertTrue(ex.getMessage().contains("owned by nobody"), ex.getMessage());
        }
        assertFalse(Files.exists(context(ringDirectory).ringFile()), "a ring was created in a foreign directory");
        try (Publication publication = Publication.open(context(ringDirectory).allowForeignOwner(true)))
        {
            assertTrue(publication.ringFile().created());
        }
    }

    private void assertRefusedAndAllowed(final Path ringDirectory, final Path ringFile) throws IOException
    {
        final List<Function<RingContext, AutoCloseable>> openers = List.of(RingFile::openOrCreate,
            Subscription::open, Publication::open, ctx -> RingFile.openExisting(ringFile, ctx));
        for (final Function<RingContext, AutoCloseable> opener : openers)
        {
            final RingFileException ex = assertThrows(RingFileException.class,
                () -> opener.apply(context(ringDirectory)).close());
            assertTrue(ex.getMessage().contains("owned by nobody") && ex.getMessage().contains("allowForeignOwner"),
                ex.getMessage());
            try (AutoCloseable allowed = opener.apply(context(ringDirectory).allowForeignOwner(true)))
            {
                assertTrue(allowed != null);
            }
            catch (final Exception e)
            {
                throw new AssertionError("refused although allowed", e);
            }
        }
        final RingInspector.RingReport refused = RingInspector.inspect(ringFile);
        assertTrue(refused.isRefused() && refused.refusal().contains("owned by nobody"), refused.toString());
        assertFalse(RingInspector.inspect(ringFile, true).isRefused());
        System.out.println("ForeignOwnerTest: " + refused.refusal());
    }
}
