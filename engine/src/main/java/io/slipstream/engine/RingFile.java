package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static io.slipstream.engine.RingDescriptor.*;

/**
 * A ring file opened or created safely and mapped: the header and the data region as Agrona buffers.
 * <p>
 * The file is untrusted: it is opened relative to its directory's descriptor without following symbolic links, its
 * type, owner (by uid) and permissions are checked with {@code fstat} on the opened descriptor, and its header is
 * checked by {@link RingDescriptor#checkHeader} before any field is used. The ring is then built from the values
 * that check returned, never re-read, so another process rewriting the header later cannot move its bounds.
 * <p>
 * A new file is made under the creation lock (an open file description lock on
 * {@link RingDescriptor#CREATION_LOCK_OFFSET}): sized, its fields written, and its layout version stored last with
 * release order, so a reader never takes a half-made file for a ready one. A file whose creator died before storing
 * the version is taken over by the next {@link #openOrCreate} under the same lock and made afresh.
 * <p>
 * The descriptor stays open while the file is mapped: the producer role and the consumer slots are locks held
 * through it. Closing a {@code RingFile} unmaps the file and closes the descriptor (releasing its locks), so it must
 * not be closed while another thread still uses its buffers.
 */
public final class RingFile implements AutoCloseable
{
    private static final long CREATION_POLL_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Path path;
    private final NativeFile file;
    private final long address;
    private final long mappedLength;
    private final UnsafeBuffer header;
    private final UnsafeBuffer data;
    private final int capacity;
    private final int maxMessageLength;
    private final int consumerSlots;
    private final RecordFormat recordFormat;
    private final boolean created;
    private boolean closed;

    private RingFile(final Path path, final NativeFile file, final long address, final long mappedLength,
        final Layout layout, final boolean created)
    {
        this.path = path;
        this.file = file;
        this.address = address;
        this.mappedLength = mappedLength;
        this.created = created;
        this.capacity = layout.capacity();
        this.maxMessageLength = layout.maxMessageLength();
        this.consumerSlots = layout.consumerSlots();
        this.recordFormat = layout.recordFormat();
        this.header = new UnsafeBuffer(address, layout.headerLength());
        this.data = new UnsafeBuffer(address + layout.headerLength(), capacity);
        file.warmUpProbe();
    }

    /**
     * Opens the ring named by the context, creating it (and its directory) if it does not exist, and taking over a
     * file whose creator died before finishing it.
     */
    public static RingFile openOrCreate(final RingContext context)
    {
        RuntimeAccess.ensureAvailable(); // before any file is touched: a JVM without the flags leaves nothing behind
        context.conclude();
        final Path path = context.ringFile();
        final String name = path.getFileName().toString();
        final long deadlineNs = System.nanoTime() + context.readyTimeoutNs();
        try (NativeFile directory = RingFileAccess.openDirectory(context.directory(), context))
        {
            while (true)
            {
                NativeFile file = openFile(directory, path, name,
                    NativeFile.O_RDWR | NativeFile.O_CREAT | NativeFile.O_EXCL,
                    RingFileAccess.filePermissions(context));
                if (file != null)
                {
                    return open(file, path, context, deadlineNs, true, true);
                }
                file = openFile(directory, path, name, NativeFile.O_RDWR, 0);
                if (file != null)
                {
                    return open(file, path, context, deadlineNs, true, false);
                }
                // Removed between our two attempts: try to create it again.
            }
        }
    }

    /** Opens an existing ring file without creating anything. */
    public static RingFile openExisting(final Path path, final RingContext context)
    {
        RuntimeAccess.ensureAvailable();
        final NativeFile file = openFile(null, path, path.toString(), NativeFile.O_RDWR, 0);
        if (file == null)
        {
            throw new RingFileException("no ring file at " + path);
        }
        return open(file, path, context, System.nanoTime() + context.readyTimeoutNs(), false, false);
    }

    /**
     * Opens a file without following a symbolic link at its last component.
     *
     * @return the open file, or null if {@code O_EXCL} found it existing or it does not exist.
     */
    private static NativeFile openFile(final NativeFile directory, final Path path, final String name,
        final int flags, final int mode)
    {
        try
        {
            return NativeFile.openAt(directory, name, flags | NativeFile.O_NOFOLLOW, mode);
        }
        catch (final NativeFile.NativeException ex)
        {
            if (ex.errno() == NativeFile.EEXIST || ex.errno() == NativeFile.ENOENT)
            {
                return null;
            }
            if (ex.errno() == NativeFile.ELOOP)
            {
                throw new RingFileException("ring file " + path + " is a symbolic link: refused");
            }
            throw new RingFileException("cannot open ring file " + path + ": " + ex.getMessage(), ex);
        }
    }

    private static RingFile open(final NativeFile file, final Path path, final RingContext context,
        final long deadlineNs, final boolean mayInitialise, final boolean justCreated)
    {
        long address = 0;
        long length = 0;
        try
        {
            final NativeFile.Status status = file.status();
            if (!status.isRegularFile())
            {
                throw new RingFileException(path + " is not a regular file");
            }
            RingFileAccess.checkOwner(path, status.uid(), context);
            if (justCreated)
            {
                file.changeMode(RingFileAccess.filePermissions(context)); // exactly, whatever the umask removed
            }
            else
            {
                RingFileAccess.checkPermissions(path, status.permissions(), RingFileAccess.filePermissions(context),
                    "ring file");
            }
            boolean created = false;
            if (!isReady(file))
            {
                created = mayInitialise ? initialiseUnderLock(file, path, context, deadlineNs) :
                    awaitReady(file, deadlineNs);
            }
            length = file.status().sizeBytes();
            if (length < CONSUMER_SLOTS_BASE_OFFSET || length > fileLength(MAX_CONSUMER_SLOTS, MAX_CAPACITY))
            {
                throw new RingFileException(path + ": file length " + length + " cannot be a ring" +
                    (length < CONSUMER_SLOTS_BASE_OFFSET ? " (truncated, or never finished by its creator)" : ""));
            }
            address = file.map(length, true);
            final Layout layout;
            try
            {
                layout = checkHeader(new UnsafeBuffer(address, (int)length), length);
            }
            catch (final RingFileException ex)
            {
                final String hint = isReady(file) ? "" : " (never finished by its creator; opening it with " +
                    "Publication.open or Subscription.open takes it over)";
                throw new RingFileException(path + ": " + ex.getMessage() + hint, ex);
            }
            final RingFile ringFile = new RingFile(path, file, address, length, layout, created);
            if (!created)
            {
                ringFile.checkCompatible(context);
            }
            return ringFile;
        }
        catch (final NativeFile.NativeException ex)
        {
            release(file, address, length);
            throw new RingFileException("cannot open ring file " + path + ": " + ex.getMessage(), ex);
        }
        catch (final InternalError ex)
        {
            release(file, address, length);
            throw RingFileException.mappedAccessFault(path, ex);
        }
        catch (final RuntimeException ex)
        {
            release(file, address, length);
            throw ex;
        }
    }

    /** The creator stores the version last, after sizing the file: a file without it was never finished. */
    private static boolean isReady(final NativeFile file) throws NativeFile.NativeException
    {
        return file.readInt(VERSION_OFFSET) != 0;
    }

    /** Waits, without taking anything over, for another process to finish making the file. */
    private static boolean awaitReady(final NativeFile file, final long deadlineNs) throws NativeFile.NativeException
    {
        while (!isReady(file) && System.nanoTime() - deadlineNs < 0)
        {
            LockSupport.parkNanos(CREATION_POLL_NS);
        }
        return false; // not ready in time: checkHeader says what is wrong
    }

    /**
     * Makes the file under the creation lock, unless its creator finishes it first. A file found unfinished while
     * nobody holds the lock was left by a creator that died (or has not locked it yet, in which case it finds the
     * file made when it gets the lock): it is truncated and made afresh.
     *
     * @return whether this call made the file.
     */
    private static boolean initialiseUnderLock(final NativeFile file, final Path path, final RingContext context,
        final long deadlineNs) throws NativeFile.NativeException
    {
        while (!file.tryLock(CREATION_LOCK_OFFSET))
        {
            if (isReady(file))
            {
                return false;
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new RingFileException(path + ": another process is still creating this ring (it holds the " +
                    "creation lock) and did not finish within the ready timeout");
            }
            LockSupport.parkNanos(CREATION_POLL_NS);
        }
        try
        {
            if (isReady(file))
            {
                return false;
            }
            if (file.isLockedByOther(PRODUCER_LOCK_OFFSET, partyLocksLength()))
            {
                // A producer or consumer holds it: it was finished once and its version has since been overwritten.
                throw new RingFileException(path + ": layout version is 0 but the ring is in use (a live producer " +
                    "or consumer holds its lock): corrupt, refused");
            }
            initialise(file, context);
            return true;
        }
        finally
        {
            file.unlock(CREATION_LOCK_OFFSET);
        }
    }

    private static void initialise(final NativeFile file, final RingContext context)
        throws NativeFile.NativeException
    {
        final int capacity = context.creationCapacityBytes();
        final int maxMessageLength = context.creationMaxMessageLengthBytes(capacity);
        final int slots = context.creationConsumerSlots();
        checkParameters(capacity, maxMessageLength, slots);
        final int headerLength = headerLength(slots);
        final long fileLength = fileLength(slots, capacity);
        file.truncate(0); // whatever a dead creator left: every field starts at zero
        file.truncate(fileLength);
        final long address = file.map(fileLength, true);
        try
        {
            final UnsafeBuffer header = new UnsafeBuffer(address, headerLength);
            header.putLong(MAGIC_OFFSET, MAGIC);
            header.putInt(HEADER_LENGTH_OFFSET, headerLength);
            header.putInt(CAPACITY_OFFSET, capacity);
            header.putInt(MAX_MESSAGE_LENGTH_OFFSET, maxMessageLength);
            header.putInt(CONSUMER_SLOTS_OFFSET, slots);
            header.putLong(CREATED_EPOCH_MS_OFFSET, System.currentTimeMillis());
            if (context.lineAlignedRecords())
            {
                header.putInt(RECORD_FORMAT_OFFSET, RECORD_FORMAT_TAGGED_LINES);
                header.putLong(TAG_STAMP_OFFSET, RecordFormat.newStamp());
            }
            header.putLong(PRODUCER_LIMIT_OFFSET, capacity);
            header.putIntRelease(VERSION_OFFSET, LAYOUT_VERSION);
        }
        finally
        {
            NativeFile.unmap(address, fileLength);
        }
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
        else if (context.recordFormatRequested() && context.lineAlignedRecords() != recordFormat.isTagged())
        {
            problem = recordFormat + " records, asked for " + (context.lineAlignedRecords() ? "tagged lines" :
                "packed") + " (lineAlignedRecords: the record format is fixed when a ring is created)";
        }
        else
        {
            return;
        }
        throw new RingFileException(path + ": existing ring is incompatible: it has " + problem);
    }

    private static void release(final NativeFile file, final long address, final long length)
    {
        try
        {
            if (address != 0)
            {
                NativeFile.unmap(address, length);
            }
            file.close();
        }
        catch (final RuntimeException ignore)
        {
            // Already failing: the first error is the one to report.
        }
    }

    /**
     * Tries to take the open file description lock on the byte at {@code lockOffset} through this file's
     * descriptor, without waiting.
     *
     * @return whether this ring file now holds it; false if another open file description holds it.
     */
    boolean tryLock(final long lockOffset)
    {
        try
        {
            return file.tryLock(lockOffset);
        }
        catch (final NativeFile.NativeException ex)
        {
            throw new RingFileException(path + ": cannot lock: " + ex.getMessage(), ex);
        }
    }

    /** Gives back a lock {@link #tryLock} took (a slot it turned out not to want). */
    void unlock(final long lockOffset)
    {
        try
        {
            file.unlock(lockOffset);
        }
        catch (final NativeFile.NativeException ex)
        {
            throw new RingFileException(path + ": cannot unlock: " + ex.getMessage(), ex);
        }
    }

    /**
     * Whether another open file description, of this or any process in any pid namespace, holds the lock at
     * {@code lockOffset} ({@link RingDescriptor#PRODUCER_LOCK_OFFSET}, {@link RingDescriptor#slotLockOffset}): whether
     * that party is alive. One {@code F_OFD_GETLK} system call; allocates nothing. One thread at a time.
     */
    public boolean isLockHeldElsewhere(final long lockOffset)
    {
        return file.isLockedByOther(lockOffset);
    }

    /** Whether a producer holds this ring: a live process, whatever its pid namespace (one system call). */
    public boolean isProducerLockHeld()
    {
        return isLockHeldElsewhere(PRODUCER_LOCK_OFFSET);
    }

    /** Whether a live consumer, other than through this ring file, holds slot {@code slotIndex} (one system call). */
    public boolean isSlotLockHeld(final int slotIndex)
    {
        return isLockHeldElsewhere(slotLockOffset(slotIndex));
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

    /** How this ring's records are laid out and committed, fixed at creation. */
    public RecordFormat recordFormat()
    {
        return recordFormat;
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
            release(file, address, mappedLength);
        }
    }
}
