package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * An open file descriptor and the Linux calls the engine makes on it, through the Foreign Function &amp; Memory API:
 * {@code openat} without following symbolic links, {@code fstat}, {@code fchmod}, {@code ftruncate}, {@code pread},
 * {@code mmap}, and open file description locks ({@code fcntl F_OFD_*}).
 * <p>
 * An open file description lock belongs to the open file description, not to the process: two descriptors opened
 * separately, even in one process, conflict with each other, and the kernel releases a lock when the last descriptor
 * of its description closes, which includes the death of the process, whatever its pid namespace or the clock. The
 * descriptor is opened with {@code O_CLOEXEC}, so a child process never inherits it (and with it the locks).
 * <p>
 * The lock calls use a {@code struct flock} allocated with the descriptor, so a probe allocates nothing; one thread
 * at a time.
 */
public final class NativeFile implements AutoCloseable
{
    /** {@code openat} flags; {@code O_NOFOLLOW} and {@code O_DIRECTORY} differ between x86_64 and aarch64. */
    public static final int O_RDONLY = 0;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_CLOEXEC = 02000000;
    public static final int O_NOFOLLOW = isAarch64() ? 0100000 : 0400000;
    public static final int O_DIRECTORY = isAarch64() ? 040000 : 0200000;
    /** {@code openat}'s directory argument meaning "relative to the working directory". */
    public static final int AT_FDCWD = -100;

    /** File type bits of {@code st_mode}. */
    public static final int S_IFMT = 0170000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFDIR = 0040000;

    static final int ENOENT = 2;
    static final int EACCES = 13;
    static final int EEXIST = 17;
    static final int EAGAIN = 11;
    static final int ENOTDIR = 20;
    static final int ELOOP = 40;

    private static final int F_OFD_GETLK = 36;
    private static final int F_OFD_SETLK = 37;
    private static final short F_RDLCK = 0;
    private static final short F_WRLCK = 1;
    private static final short F_UNLCK = 2;
    private static final short SEEK_SET = 0;
    private static final int FLOCK_LENGTH = 32;
    private static final int FLOCK_TYPE = 0;
    private static final int FLOCK_WHENCE = 2;
    private static final int FLOCK_START = 8;
    private static final int FLOCK_LEN = 16;
    private static final int FLOCK_PID = 24;

    private static final int STAT_LENGTH = 256;
    /** {@code struct stat} offsets: x86_64 has its own layout, aarch64 the generic one; st_size is at 48 in both. */
    private static final int STAT_MODE = isAarch64() ? 16 : 24;
    private static final int STAT_UID = isAarch64() ? 24 : 28;
    private static final int STAT_SIZE = 48;

    private static final int PROT_READ = 1;
    private static final int PROT_WRITE = 2;
    private static final int MAP_SHARED = 1;

    private static final MethodHandle OPENAT;
    private static final MethodHandle CLOSE;
    private static final MethodHandle FSTAT;
    private static final MethodHandle FCHMOD;
    private static final MethodHandle FTRUNCATE;
    private static final MethodHandle PREAD;
    private static final MethodHandle FCNTL;
    /** Without errno capture: a probe needs no errno and must not allocate; the capture allocates until compiled. */
    private static final MethodHandle FCNTL_PROBE;
    private static final MethodHandle MMAP;
    private static final MethodHandle MUNMAP;
    private static final MethodHandle GETEUID;
    private static final VarHandle ERRNO;
    /** Probes made once per JVM so the method handle chain is customised before any hot path relies on it. */
    private static final int PROBE_WARM_UP_CALLS = 300;
    private static volatile boolean probeWarmedUp;
    private static final long CAPTURE_STATE_SIZE;

    static
    {
        final Linker linker = Linker.nativeLinker();
        final SymbolLookup libc = linker.defaultLookup();
        final Linker.Option errno = Linker.Option.captureCallState("errno");
        final ValueLayout.OfInt i32 = ValueLayout.JAVA_INT;
        final ValueLayout.OfLong i64 = ValueLayout.JAVA_LONG;
        final ValueLayout address = ValueLayout.ADDRESS;
        OPENAT = linker.downcallHandle(find(libc, "openat"), FunctionDescriptor.of(i32, i32, address, i32, i32),
            Linker.Option.firstVariadicArg(3), errno);
        CLOSE = linker.downcallHandle(find(libc, "close"), FunctionDescriptor.of(i32, i32), errno);
        FSTAT = linker.downcallHandle(find(libc, "fstat"), FunctionDescriptor.of(i32, i32, address), errno);
        FCHMOD = linker.downcallHandle(find(libc, "fchmod"), FunctionDescriptor.of(i32, i32, i32), errno);
        FTRUNCATE = linker.downcallHandle(find(libc, "ftruncate"), FunctionDescriptor.of(i32, i32, i64), errno);
        PREAD = linker.downcallHandle(find(libc, "pread"), FunctionDescriptor.of(i64, i32, address, i64, i64),
            errno);
        FCNTL = linker.downcallHandle(find(libc, "fcntl"), FunctionDescriptor.of(i32, i32, i32, address),
            Linker.Option.firstVariadicArg(2), errno);
        FCNTL_PROBE = linker.downcallHandle(find(libc, "fcntl"), FunctionDescriptor.of(i32, i32, i32, i64),
            Linker.Option.firstVariadicArg(2));
        MMAP = linker.downcallHandle(find(libc, "mmap"), FunctionDescriptor.of(i64, i64, i64, i32, i32, i32, i64),
            errno);
        MUNMAP = linker.downcallHandle(find(libc, "munmap"), FunctionDescriptor.of(i32, i64, i64));
        GETEUID = linker.downcallHandle(find(libc, "geteuid"), FunctionDescriptor.of(i32));
        final MemoryLayout stateLayout = Linker.Option.captureStateLayout();
        ERRNO = stateLayout.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        CAPTURE_STATE_SIZE = stateLayout.byteSize();
    }

    /** What {@code fstat} says about an open file. */
    public record Status(int mode, int uid, long sizeBytes)
    {
        public boolean isRegularFile()
        {
            return (mode & S_IFMT) == S_IFREG;
        }

        public boolean isDirectory()
        {
            return (mode & S_IFMT) == S_IFDIR;
        }

        /** The permission bits, {@code 0777}. */
        public int permissions()
        {
            return mode & 0777;
        }
    }

    /** A system call failed; {@link #errno()} says why. */
    public static final class NativeException extends Exception
    {
        private static final long serialVersionUID = 1L;
        private final int errno;

        NativeException(final String call, final int errno)
        {
            super(call + " failed: " + describe(errno) + " (errno " + errno + ")");
            this.errno = errno;
        }

        public int errno()
        {
            return errno;
        }
    }

    private final Arena arena = Arena.ofShared();
    private final MemorySegment callState = arena.allocate(CAPTURE_STATE_SIZE, 8);
    private final MemorySegment flock = arena.allocate(FLOCK_LENGTH, 8);
    /** The same bytes through a plain buffer: memory segment accessors allocate until compiled by C2. */
    private final UnsafeBuffer flockFields = new UnsafeBuffer(flock.address(), FLOCK_LENGTH);
    private final long flockAddress = flock.address();
    private final int fd;
    private boolean closed;

    private NativeFile(final int fd)
    {
        this.fd = fd;
    }

    /**
     * Opens {@code name} relative to the directory {@code directory} (or the working directory if it is null).
     *
     * @param flags {@code O_*} flags; {@code O_CLOEXEC} is always added.
     * @param mode  permission bits for a file that {@code O_CREAT} makes (the umask applies).
     */
    public static NativeFile openAt(final NativeFile directory, final String name, final int flags, final int mode)
        throws NativeException
    {
        try (Arena call = Arena.ofConfined())
        {
            final MemorySegment state = call.allocate(CAPTURE_STATE_SIZE, 8);
            final int fd = (int)OPENAT.invokeExact(state, directory == null ? AT_FDCWD : directory.fd,
                call.allocateFrom(name), flags | O_CLOEXEC, mode);
            if (fd < 0)
            {
                throw new NativeException("open " + name, (int)ERRNO.get(state, 0L));
            }
            return new NativeFile(fd);
        }
        catch (final NativeException ex)
        {
            throw ex;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("openat call failed", ex);
        }
    }

    /** The effective user id of this process. */
    public static int effectiveUid()
    {
        try
        {
            return (int)GETEUID.invokeExact();
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("geteuid call failed", ex);
        }
    }

    public int fd()
    {
        return fd;
    }

    public Status status() throws NativeException
    {
        try (Arena call = Arena.ofConfined())
        {
            final MemorySegment stat = call.allocate(STAT_LENGTH, 8);
            check("fstat", (int)FSTAT.invokeExact(callState, fd, stat));
            return new Status(stat.get(ValueLayout.JAVA_INT, STAT_MODE), stat.get(ValueLayout.JAVA_INT, STAT_UID),
                stat.get(ValueLayout.JAVA_LONG, STAT_SIZE));
        }
        catch (final NativeException ex)
        {
            throw ex;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("fstat call failed", ex);
        }
    }

    /** Sets the permission bits exactly, whatever the umask, on this descriptor (never by path). */
    public void changeMode(final int mode) throws NativeException
    {
        try
        {
            check("fchmod", (int)FCHMOD.invokeExact(callState, fd, mode));
        }
        catch (final NativeException ex)
        {
            throw ex;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("fchmod call failed", ex);
        }
    }

    public void truncate(final long lengthBytes) throws NativeException
    {
        try
        {
            check("ftruncate", (int)FTRUNCATE.invokeExact(callState, fd, lengthBytes));
        }
        catch (final NativeException ex)
        {
            throw ex;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("ftruncate call failed", ex);
        }
    }

    /** Reads a little-endian int at a file offset without mapping; 0 when the file ends before it. */
    public int readInt(final long offset) throws NativeException
    {
        try (Arena call = Arena.ofConfined())
        {
            final MemorySegment buffer = call.allocate(4, 4);
            final long read = (long)PREAD.invokeExact(callState, fd, buffer, 4L, offset);
            if (read < 0)
            {
                throw new NativeException("pread", errno());
            }
            return read == 4 ? buffer.get(ValueLayout.JAVA_INT_UNALIGNED, 0) : 0;
        }
        catch (final NativeException ex)
        {
            throw ex;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("pread call failed", ex);
        }
    }

    /**
     * Maps the first {@code lengthBytes} of the file shared, read-write or read-only.
     *
     * @return the address of the mapping; release it with {@link #unmap(long, long)}.
     */
    public long map(final long lengthBytes, final boolean writable) throws NativeException
    {
        try
        {
            final long address = (long)MMAP.invokeExact(callState, 0L, lengthBytes,
                writable ? PROT_READ | PROT_WRITE : PROT_READ, MAP_SHARED, fd, 0L);
            if (address == -1L)
            {
                throw new NativeException("mmap", errno());
            }
            return address;
        }
        catch (final NativeException ex)
        {
            throw ex;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("mmap call failed", ex);
        }
    }

    public static void unmap(final long address, final long lengthBytes)
    {
        try
        {
            int _ = (int)MUNMAP.invokeExact(address, lengthBytes);
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("munmap call failed", ex);
        }
    }

    /**
     * Tries to take an exclusive open file description lock on one byte at {@code offset}, without waiting.
     *
     * @return true if this descriptor now holds it (or already did), false if another open file description holds
     * a conflicting lock.
     */
    public boolean tryLock(final long offset) throws NativeException
    {
        prepare(F_WRLCK, offset, 1);
        final int result = fcntl(F_OFD_SETLK);
        if (result == 0)
        {
            return true;
        }
        final int errno = errno();
        if (errno == EAGAIN || errno == EACCES)
        {
            return false;
        }
        throw new NativeException("fcntl(F_OFD_SETLK)", errno);
    }

    /** Releases a lock this descriptor holds on the byte at {@code offset} (nothing if it holds none). */
    public void unlock(final long offset) throws NativeException
    {
        prepare(F_UNLCK, offset, 1);
        if (fcntl(F_OFD_SETLK) != 0)
        {
            throw new NativeException("fcntl(F_OFD_SETLK, F_UNLCK)", errno());
        }
    }

    /**
     * Whether another open file description (of any process, in any pid namespace) holds a write lock on the byte
     * at {@code offset}: one {@code F_OFD_GETLK} system call, no allocation. A read-lock probe, so it works on a
     * descriptor opened read-only too. Locks held through this descriptor do not count.
     */
    public boolean isLockedByOther(final long offset)
    {
        return isLockedByOther(offset, 1);
    }

    /** As {@link #isLockedByOther(long)}, for any byte of {@code lengthBytes} from {@code offset}. */
    public boolean isLockedByOther(final long offset, final long lengthBytes)
    {
        prepare(F_RDLCK, offset, lengthBytes);
        final int result;
        try
        {
            result = (int)FCNTL_PROBE.invokeExact(fd, F_OFD_GETLK, flockAddress);
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("fcntl call failed", ex);
        }
        if (result != 0)
        {
            throw new IllegalStateException("fcntl(F_OFD_GETLK) failed on descriptor " + fd);
        }
        return flockFields.getShort(FLOCK_TYPE) != F_UNLCK;
    }

    /**
     * Makes a few hundred probes, once per JVM: a method handle spins its customised code after about a hundred
     * invocations, allocating as it does, and that must not happen later on a path that promises no allocation.
     */
    void warmUpProbe()
    {
        if (!probeWarmedUp)
        {
            for (int i = 0; i < PROBE_WARM_UP_CALLS; i++)
            {
                isLockedByOther(0);
            }
            probeWarmedUp = true;
        }
    }

    private void prepare(final short type, final long offset, final long lengthBytes)
    {
        flockFields.putShort(FLOCK_TYPE, type);
        flockFields.putShort(FLOCK_WHENCE, SEEK_SET);
        flockFields.putLong(FLOCK_START, offset);
        flockFields.putLong(FLOCK_LEN, lengthBytes);
        flockFields.putInt(FLOCK_PID, 0); // must be 0 for open file description locks
    }

    private int fcntl(final int command)
    {
        try
        {
            return (int)FCNTL.invokeExact(callState, fd, command, flock);
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("fcntl call failed", ex);
        }
    }

    private void check(final String call, final int result) throws NativeException
    {
        if (result != 0)
        {
            throw new NativeException(call, errno());
        }
    }

    private int errno()
    {
        return (int)ERRNO.get(callState, 0L);
    }

    public boolean isClosed()
    {
        return closed;
    }

    /** Closes the descriptor, which releases every lock taken through it. */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            try
            {
                int _ = (int)CLOSE.invokeExact(callState, fd);
            }
            catch (final Throwable ex)
            {
                throw new IllegalStateException("close call failed", ex);
            }
            finally
            {
                arena.close();
            }
        }
    }

    static String describe(final int errno)
    {
        return switch (errno)
        {
            case ENOENT -> "no such file or directory";
            case EACCES -> "permission denied";
            case EEXIST -> "file exists";
            case ENOTDIR -> "not a directory";
            case ELOOP -> "a symbolic link (not followed)";
            default -> "error";
        };
    }

    private static MemorySegment find(final SymbolLookup libc, final String name)
    {
        return libc.find(name).orElseThrow(() -> new UnsupportedOperationException("libc " + name +
            " not found: ring files need Linux"));
    }

    private static boolean isAarch64()
    {
        final String arch = System.getProperty("os.arch");
        return "aarch64".equals(arch) || "arm64".equals(arch);
    }
}
