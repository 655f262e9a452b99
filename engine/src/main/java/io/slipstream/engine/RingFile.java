package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static io.slipstream.engine.RingDescriptor.*;

/**
 * A ring file opened or created safely and mapped: the header and the data region as Agrona buffers.
 * <p>
 * The file is untrusted: it is opened without following symbolic links, must be a regular file owned by this user
 * (unless allowed), and its header is checked by {@link RingDescriptor#checkHeader} before any field is used. A new
 * file is made at full length, its fields written, and its layout version stored last with release order, so a
 * reader never takes a half-made file for a ready one. The file descriptor is closed as soon as the file is mapped;
 * closing a {@code RingFile} unmaps it, so it must not be closed while another thread still uses its buffers.
 */
public final class RingFile implements AutoCloseable
{
    private final Path path;
    private final Arena arena;
    private final UnsafeBuffer header;
    private final UnsafeBuffer data;
    private final int capacity;
    private final int maxMessageLength;
    private final int consumerSlots;
    private final boolean created;
    private boolean closed;

    private RingFile(final Path path, final Arena arena, final MemorySegment segment, final boolean created)
    {
        this.path = path;
        this.arena = arena;
        this.created = created;
        final int headerLength = headerLength(new UnsafeBuffer(segment.address(), CONSUMER_SLOTS_BASE_OFFSET)
            .getInt(CONSUMER_SLOTS_OFFSET));
        this.header = new UnsafeBuffer(segment.address(), headerLength);
        this.capacity = header.getInt(CAPACITY_OFFSET);
        this.maxMessageLength = header.getInt(MAX_MESSAGE_LENGTH_OFFSET);
        this.consumerSlots = header.getInt(CONSUMER_SLOTS_OFFSET);
        this.data = new UnsafeBuffer(segment.address() + headerLength, capacity);
    }

    /** Opens the ring named by the context, creating it (and its directory) if it does not exist. */
    public static RingFile openOrCreate(final RingContext context)
    {
        RuntimeAccess.ensureAvailable(); // before any file is touched: a JVM without the flags leaves nothing behind
        context.conclude();
        final Path directory = context.directory();
        ensureDirectory(directory, context);
        final Path path = context.ringFile();
        final long deadlineNs = System.nanoTime() + context.readyTimeoutNs();
        while (true)
        {
            try
            {
                return create(path, context);
            }
            catch (final FileAlreadyExistsException ignore)
            {
                // Somebody made it first: open theirs.
            }
            try
            {
                return openExisting(path, context, deadlineNs);
            }
            catch (final NoSuchFileException ignore)
            {
                // Removed between our two attempts: try to create it again.
            }
        }
    }

    /** Opens an existing ring file without creating anything. */
    public static RingFile openExisting(final Path path, final RingContext context)
    {
        RuntimeAccess.ensureAvailable();
        try
        {
            return openExisting(path, context, System.nanoTime() + context.readyTimeoutNs());
        }
        catch (final NoSuchFileException ex)
        {
            throw new RingFileException("no ring file at " + path, ex);
        }
    }

    private static RingFile create(final Path path, final RingContext context) throws FileAlreadyExistsException
    {
        final int capacity = context.creationCapacityBytes();
        final int maxMessageLength = context.creationMaxMessageLengthBytes(capacity);
        final int slots = context.creationConsumerSlots();
        checkParameters(capacity, maxMessageLength, slots);
        final int headerLength = headerLength(slots);
        final long fileLength = (long)headerLength + capacity;

        FileChannel channel = null;
        Arena arena = null;
        try
        {
            channel = FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(filePermissions(context)));
            // The umask may have removed group bits we were asked for: set them exactly.
            Files.setPosixFilePermissions(path, filePermissions(context));
            channel.write(ByteBuffer.wrap(new byte[1]), fileLength - 1);
            arena = Arena.ofShared();
            final MemorySegment segment = channel.map(FileChannel.MapMode.READ_WRITE, 0, fileLength, arena);
            final UnsafeBuffer header = new UnsafeBuffer(segment.address(), headerLength);
            header.putLong(MAGIC_OFFSET, MAGIC);
            header.putInt(HEADER_LENGTH_OFFSET, headerLength);
            header.putInt(CAPACITY_OFFSET, capacity);
            header.putInt(MAX_MESSAGE_LENGTH_OFFSET, maxMessageLength);
            header.putInt(CONSUMER_SLOTS_OFFSET, slots);
            header.putInt(FLAGS_OFFSET, 0);
            header.putLong(CREATED_EPOCH_MS_OFFSET, System.currentTimeMillis());
            header.putLong(PRODUCER_LIMIT_OFFSET, capacity);
            header.putIntRelease(VERSION_OFFSET, LAYOUT_VERSION);
            final RingFile ringFile = new RingFile(path, arena, segment, true);
            channel.close(); // the mapping outlives the descriptor: no file stays open per ring
            return ringFile;
        }
        catch (final FileAlreadyExistsException ex)
        {
            throw ex;
        }
        catch (final FileSystemException ex)
        {
            closeQuietly(channel, arena);
            throw new RingFileException(describe(path, ex), ex);
        }
        catch (final IOException | RuntimeException ex)
        {
            closeQuietly(channel, arena);
            throw new RingFileException("cannot create ring file " + path + ": " + ex, ex);
        }
    }

    private static RingFile openExisting(final Path path, final RingContext context, final long deadlineNs)
        throws NoSuchFileException
    {
        FileChannel channel = null;
        Arena arena = null;
        try
        {
            channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
            final PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile())
            {
                throw new RingFileException(path + " is not a regular file");
            }
            checkOwner(path, attributes.owner(), context);

            long fileLength = channel.size();
            while (!isReady(channel, fileLength))
            {
                if (System.nanoTime() - deadlineNs > 0)
                {
                    break; // not ready in time: let checkHeader say what is wrong
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                fileLength = channel.size();
            }
            if (fileLength < CONSUMER_SLOTS_BASE_OFFSET || fileLength > (long)headerLength(MAX_CONSUMER_SLOTS) +
                MAX_CAPACITY)
            {
                throw new RingFileException(path + ": file length " + fileLength + " cannot be a ring" +
                    (fileLength < CONSUMER_SLOTS_BASE_OFFSET ? " (truncated, or never finished by its creator)" : ""));
            }
            arena = Arena.ofShared();
            final MemorySegment segment = channel.map(FileChannel.MapMode.READ_WRITE, 0, fileLength, arena);
            final UnsafeBuffer whole = new UnsafeBuffer(segment.address(), (int)fileLength);
            try
            {
                checkHeader(whole, fileLength);
            }
            catch (final RingFileException ex)
            {
                throw new RingFileException(path + ": " + ex.getMessage(), ex);
            }
            final RingFile ringFile = new RingFile(path, arena, segment, false);
            channel.close(); // the mapping outlives the descriptor: no file stays open per ring
            ringFile.checkCompatible(context);
            return ringFile;
        }
        catch (final NoSuchFileException ex)
        {
            closeQuietly(channel, arena);
            throw ex;
        }
        catch (final FileSystemException ex)
        {
            closeQuietly(channel, arena);
            throw new RingFileException(describe(path, ex), ex);
        }
        catch (final IOException ex)
        {
            closeQuietly(channel, arena);
            throw new RingFileException("cannot open ring file " + path + ": " + ex, ex);
        }
        catch (final RuntimeException ex)
        {
            closeQuietly(channel, arena);
            throw ex;
        }
    }

    private static boolean isReady(final FileChannel channel, final long fileLength) throws IOException
    {
        if (fileLength < CONSUMER_SLOTS_BASE_OFFSET)
        {
            return false;
        }
        final ByteBuffer version = ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        channel.read(version, VERSION_OFFSET);
        return version.getInt(0) != 0;
    }

    private void checkCompatible(final RingContext context)
    {
        final String problem;
        if (context.capacityBytes() != 0 && context.capacityBytes() != capacity)
        {
            problem = "capacity " + capacity + ", asked for " + context.capacityBytes();
        }
        else if (context.maxMessageLengthBytes() != 0 && context.maxMessageLengthBytes() != maxMessageLength)
        {
            problem = "max message length " + maxMessageLength + ", asked for " + context.maxMessageLengthBytes();
        }
        else if (context.consumerSlots() != 0 && context.consumerSlots() != consumerSlots)
        {
            problem = consumerSlots + " consumer slots, asked for " + context.consumerSlots();
        }
        else
        {
            return;
        }
        close();
        throw new RingFileException(path + ": existing ring is incompatible: it has " + problem);
    }

    private static void ensureDirectory(final Path directory, final RingContext context)
    {
        try
        {
            if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS))
            {
                final Path parent = directory.toAbsolutePath().getParent();
                if (parent != null && !Files.isDirectory(parent))
                {
                    Files.createDirectories(parent);
                }
                try
                {
                    Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(directoryPermissions(context)));
                    Files.setPosixFilePermissions(directory, directoryPermissions(context));
                }
                catch (final FileAlreadyExistsException ignore)
                {
                    // Made by another process at the same moment: checked below like any existing directory.
                }
            }
            final PosixFileAttributes attributes = Files.readAttributes(directory, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
            if (attributes.isSymbolicLink())
            {
                throw new RingFileException("ring directory " + directory + " is a symbolic link: refused");
            }
            if (!attributes.isDirectory())
            {
                throw new RingFileException("ring directory " + directory + " is not a directory");
            }
            checkOwner(directory, attributes.owner(), context);
        }
        catch (final IOException ex)
        {
            throw new RingFileException("cannot use ring directory " + directory + ": " + ex, ex);
        }
    }

    private static void checkOwner(final Path path, final UserPrincipal owner, final RingContext context)
        throws IOException
    {
        if (context.allowForeignOwner())
        {
            return;
        }
        final String me = System.getProperty("user.name");
        if (me != null && !me.equals(owner.getName()))
        {
            throw new RingFileException(path + " is owned by " + owner.getName() + ", not " + me +
                ": refused (allowForeignOwner to accept)");
        }
    }

    private static Set<PosixFilePermission> filePermissions(final RingContext context)
    {
        return PosixFilePermissions.fromString(context.groupAccess() ? "rw-rw----" : "rw-------");
    }

    private static Set<PosixFilePermission> directoryPermissions(final RingContext context)
    {
        return PosixFilePermissions.fromString(context.groupAccess() ? "rwxrwx---" : "rwx------");
    }

    private static String describe(final Path path, final FileSystemException ex)
    {
        final String reason = ex.getReason();
        if (reason != null && (reason.contains("symbolic link") || reason.contains("Too many levels")))
        {
            return "ring file " + path + " is a symbolic link: refused";
        }
        return "cannot open ring file " + path + ": " + ex.getMessage();
    }

    private static void closeQuietly(final FileChannel channel, final Arena arena)
    {
        try
        {
            if (arena != null)
            {
                arena.close();
            }
            if (channel != null)
            {
                channel.close();
            }
        }
        catch (final IOException | RuntimeException ignore)
        {
            // Already failing: the first error is the one to report.
        }
    }

    public Path path()
    {
        return path;
    }

    /** The header lines, {@link RingDescriptor} offsets. */
    public UnsafeBuffer header()
    {
        return header;
    }

    /** The data region, {@link RecordDescriptor} records. */
    public UnsafeBuffer data()
    {
        return data;
    }

    public int capacity()
    {
        return capacity;
    }

    public int maxMessageLength()
    {
        return maxMessageLength;
    }

    public int consumerSlots()
    {
        return consumerSlots;
    }

    /** Whether this call created the file. */
    public boolean created()
    {
        return created;
    }

    public boolean isClosed()
    {
        return closed;
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            closeQuietly(null, arena);
        }
    }
}
