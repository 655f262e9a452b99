package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Objects;

import static io.slipstream.engine.RingDescriptor.*;

/**
 * An existing ring file opened for reading only, as {@link RingReader} needs it: a read-only descriptor (which also
 * probes the producer's and slots' locks), a read-only mapping of exactly the length the checked header gives, and
 * that header as a private copy read once. The file is refused if it is a symbolic link, not a regular file,
 * replaced while being opened, owned by another user (unless allowed), or not a well-formed ring.
 *
 * @param arena         the arena that owns the mapping; closing it unmaps.
 * @param lockProbe     the read-only descriptor.
 * @param segment       the mapping of header and data.
 * @param checkedHeader the private copy of the header that {@link RingDescriptor#checkHeader} accepted.
 * @param layout        what checkHeader read from it.
 */
record ReadOnlyRingMapping(Arena arena, NativeFile lockProbe, MemorySegment segment, UnsafeBuffer checkedHeader,
    Layout layout)
{
    static ReadOnlyRingMapping map(final Path path, final boolean allowForeignOwner)
    {
        final PosixFileAttributes before = attributes(path);
        Arena arena = null;
        final NativeFile lockProbe = openReadOnly(path);
        // The channel re-opens the very file the descriptor holds (through /proc/self/fd), so the mapping and the
        // lock probes of liveness are of one file even if the path is swapped meanwhile.
        final Path sameFile = Path.of("/proc/self/fd/" + lockProbe.fd());
        try (FileChannel channel = FileChannel.open(sameFile, StandardOpenOption.READ))
        {
            final PosixFileAttributes after = attributes(path);
            if (!Objects.equals(before.fileKey(), after.fileKey()))
            {
                throw new RingFileException(path + " was replaced while it was being opened");
            }
            checkOwner(path, after, allowForeignOwner);
            final long fileLength = channel.size();
            // The header is read once into a private copy; only the values checkHeader accepted are used.
            final ByteBuffer headerCopy = ByteBuffer.allocate(CONSUMER_SLOTS_BASE_OFFSET);
            while (headerCopy.hasRemaining() && channel.read(headerCopy, headerCopy.position()) > 0)
            {
                // until the copy is full or the file ends: a short file is refused by checkHeader
            }
            final UnsafeBuffer checked = new UnsafeBuffer(headerCopy.array());
            final Layout layout;
            try
            {
                layout = checkHeader(checked, fileLength);
            }
            catch (final RingFileException ex)
            {
                throw new RingFileException(path + ": " + ex.getMessage(), ex);
            }
            final long mappedLength = fileLength(layout.consumerSlots(), layout.capacity());
            arena = Arena.ofShared();
            final MemorySegment segment = channel.map(FileChannel.MapMode.READ_ONLY, 0, mappedLength, arena);
            return new ReadOnlyRingMapping(arena, lockProbe, segment, checked, layout);
        }
        catch (final FileSystemException ex)
        {
            lockProbe.close();
            closeQuietly(arena);
            throw new RingFileException(describe(path, ex), ex);
        }
        catch (final IOException ex)
        {
            lockProbe.close();
            closeQuietly(arena);
            throw new RingFileException("cannot read ring file " + path + ": " + ex, ex);
        }
        catch (final RuntimeException ex)
        {
            lockProbe.close();
            closeQuietly(arena);
            throw ex;
        }
    }

    private static NativeFile openReadOnly(final Path path)
    {
        try
        {
            return NativeFile.openAt(null, path.toString(), NativeFile.O_RDONLY | NativeFile.O_NOFOLLOW, 0);
        }
        catch (final NativeFile.NativeException ex)
        {
            throw new RingFileException("cannot read ring file " + path + ": " + ex.getMessage(), ex);
        }
    }

    private static PosixFileAttributes attributes(final Path path)
    {
        final PosixFileAttributes attributes;
        try
        {
            attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }
        catch (final NoSuchFileException ex)
        {
            throw new RingFileException("no ring file at " + path, ex);
        }
        catch (final IOException ex)
        {
            throw new RingFileException("cannot read ring file " + path + ": " + ex, ex);
        }
        if (attributes.isSymbolicLink())
        {
            throw new RingFileException("ring file " + path + " is a symbolic link: refused");
        }
        if (!attributes.isRegularFile())
        {
            throw new RingFileException(path + " is not a regular file");
        }
        return attributes;
    }

    private static void checkOwner(final Path path, final PosixFileAttributes attributes,
        final boolean allowForeignOwner) throws IOException
    {
        if (allowForeignOwner)
        {
            return;
        }
        final Object fileUid = Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        // /proc/self is owned by the process's effective uid.
        final Object myUid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (!fileUid.equals(myUid))
        {
            throw new RingFileException(path + " is owned by " + attributes.owner().getName() + " (uid " + fileUid +
                "), not by this process's user (uid " + myUid + "): refused (allow a foreign owner to accept)");
        }
    }

    private static String describe(final Path path, final FileSystemException ex)
    {
        if (ex instanceof NoSuchFileException)
        {
            return "no ring file at " + path;
        }
        final String reason = ex.getReason();
        if (reason != null && (reason.contains("symbolic link") || reason.contains("Too many levels")))
        {
            return "ring file " + path + " is a symbolic link: refused";
        }
        return "cannot read ring file " + path + ": " + ex.getMessage();
    }

    static void closeQuietly(final Arena arena)
    {
        if (arena != null)
        {
            try
            {
                arena.close();
            }
            catch (final RuntimeException ignore)
            {
                // Already failing: the first error is the one to report.
            }
        }
    }
}
