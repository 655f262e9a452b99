package io.slipstream.test;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RingDirectoryExtensionTest
{
    @RegisterExtension
    final RingDirectoryExtension rings = new RingDirectoryExtension();

    private final Path outside = RingDirectoryExtension.newDirectory("slipstream-outside-");

    @AfterEach
    void deleteOutside()
    {
        RingDirectoryExtension.delete(outside);
    }

    @Test
    void shouldGiveAnEmptyDirectory() throws Exception
    {
        assertTrue(Files.isDirectory(rings.path()));
        try (var files = Files.list(rings.path()))
        {
            assertFalse(files.findAny().isPresent());
        }
    }

    @Test
    void shouldDeleteEverythingButWhatALinkPointsTo() throws Exception
    {
        final Path kept = Files.writeString(outside.resolve("kept.ring"), "x");
        final Path directory = RingDirectoryExtension.newDirectory("slipstream-test-");
        Files.createDirectories(directory.resolve("a/b"));
        Files.writeString(directory.resolve("a/b/file.ring"), "y");
        Files.createSymbolicLink(directory.resolve("a/to-outside"), outside);
        Files.createSymbolicLink(directory.resolve("dangling"), directory.resolve("nothing-here"));

        RingDirectoryExtension.delete(directory);

        assertFalse(Files.exists(directory, LinkOption.NOFOLLOW_LINKS), "the directory is gone");
        assertTrue(Files.isRegularFile(kept), "a link's target outside is left alone");
    }

    @Test
    void shouldDoNothingForNoDirectory()
    {
        RingDirectoryExtension.delete(null);
        RingDirectoryExtension.delete(outside.resolve("missing"));
    }
}
