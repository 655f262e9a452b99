package io.slipstream.perf.transport;

import org.agrona.IoUtil;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;

/**
 * Creating and mapping the zero-filled shared files the file-based baselines run over.
 */
final class MappedFiles
{
    private MappedFiles()
    {
    }

    /**
     * Create a zero-filled file of {@code lengthBytes}: all-zero is a valid empty state for every baseline.
     */
    static void create(final Path file, final long lengthBytes)
    {
        try
        {
            // Created, sized and zero-filled; closing the channel keeps the file.
            IoUtil.createEmptyFile(file.toFile(), lengthBytes, true).close();
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    static MappedByteBuffer map(final Path file)
    {
        final File f = file.toFile();
        return IoUtil.mapExistingFile(f, f.getName());
    }
}
