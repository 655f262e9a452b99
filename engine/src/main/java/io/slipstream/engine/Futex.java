package io.slipstream.engine;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Linux futexes on 32-bit words in shared mappings, called through the Foreign Function &amp; Memory API.
 * <p>
 * Only shared futexes are used (no {@code FUTEX_PRIVATE_FLAG}): the words live in files that other processes map at
 * other addresses, and a private futex is keyed by this process's address space, so a wake from another mapping
 * would miss. The calls may block, so they are linked without {@code Linker.Option.critical}: a critical call would
 * hold off garbage collection for as long as a thread sleeps.
 * <p>
 * One instance per calling thread at a time: it owns the small native buffers (timespec, errno, waitv array) each
 * call uses, so no call allocates. It may be made on one thread and used on another.
 */
public final class Futex implements AutoCloseable
{
    /** Outcome of a wait: woken (or spurious), the word already differed, timed out, or interrupted by a signal. */
    public static final int WOKEN = 0;
    public static final int VALUE_CHANGED = 1;
    public static final int TIMED_OUT = 2;
    public static final int INTERRUPTED = 3;

    /** Most words one {@link #waitAny} call takes (the kernel's limit). */
    public static final int MAX_WAITV = 128;

    private static final long SYS_FUTEX = futexSyscallNumber(System.getProperty("os.arch"));
    /** Generic syscall table entry, the same on x86_64 and aarch64. */
    private static final long SYS_FUTEX_WAITV = 449;
    private static final long FUTEX_WAIT = 0;
    private static final long FUTEX_WAKE = 1;
    private static final int FUTEX2_SIZE_U32 = 0x02;
    private static final long CLOCK_MONOTONIC = 1;
    private static final int EAGAIN = 11;
    private static final int EINTR = 4;
    private static final int ETIMEDOUT = 110;
    private static final int ENOSYS = 38;
    private static final int WAITV_ENTRY_LENGTH = 24;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private static final MethodHandle SYSCALL6;
    private static final MethodHandle SYSCALL5;
    private static final VarHandle ERRNO;
    private static final long CAPTURE_STATE_SIZE;
    private static final boolean WAITV_SUPPORTED;

    static
    {
        final Linker linker = Linker.nativeLinker();
        final MemorySegment syscall = linker.defaultLookup().find("syscall").orElseThrow(
            () -> new UnsupportedOperationException("libc syscall(2) not found: futexes need Linux"));
        final Linker.Option errno = Linker.Option.captureCallState("errno");
        // syscall(long number, ...): every argument after the number is variadic and passed as a 64-bit word.
        SYSCALL6 = linker.downcallHandle(syscall, FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), Linker.Option.firstVariadicArg(1), errno);
        SYSCALL5 = linker.downcallHandle(syscall, FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_LONG), Linker.Option.firstVariadicArg(1), errno);
        final MemoryLayout stateLayout = Linker.Option.captureStateLayout();
        ERRNO = stateLayout.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        CAPTURE_STATE_SIZE = stateLayout.byteSize();
        WAITV_SUPPORTED = probeWaitv();
    }

    private final Arena arena = Arena.ofShared();
    private final MemorySegment callState = arena.allocate(CAPTURE_STATE_SIZE, 8);
    private final MemorySegment timespec = arena.allocate(16, 8);
    private final MemorySegment waitv = arena.allocate((long)WAITV_ENTRY_LENGTH * MAX_WAITV, 8);

    /** Whether this kernel has {@code futex_waitv} (Linux 5.16 and later). */
    public static boolean isWaitvSupported()
    {
        return WAITV_SUPPORTED;
    }

    /**
     * Sleeps while the 32-bit word at {@code address} holds {@code expected}, until woken or the timeout passes.
     *
     * @param address   absolute address of a 4-byte aligned word in a shared mapping.
     * @param expected  the value read before deciding to sleep.
     * @param timeoutNs relative timeout; {@code <= 0} waits without a timeout.
     * @return {@link #WOKEN}, {@link #VALUE_CHANGED}, {@link #TIMED_OUT} or {@link #INTERRUPTED}.
     */
    public int await(final long address, final int expected, final long timeoutNs)
    {
        long timeoutAddress = 0;
        if (timeoutNs > 0)
        {
            timespec.set(ValueLayout.JAVA_LONG, 0, timeoutNs / NANOS_PER_SECOND);
            timespec.set(ValueLayout.JAVA_LONG, 8, timeoutNs % NANOS_PER_SECOND);
            timeoutAddress = timespec.address();
        }
        final long result = invoke6(SYS_FUTEX, address, FUTEX_WAIT, expected & 0xFFFF_FFFFL, timeoutAddress, 0, 0);
        return result == 0 ? WOKEN : outcome();
    }

    /**
     * Wakes up to {@code count} threads sleeping on the word at {@code address}, in any process.
     *
     * @return how many were woken.
     */
    public int wake(final long address, final int count)
    {
        final long result = invoke6(SYS_FUTEX, address, FUTEX_WAKE, count, 0, 0, 0);
        if (result < 0)
        {
            throw new IllegalStateException("futex wake failed, errno " + errno());
        }
        return (int)result;
    }

    /**
     * Sleeps until any of the words changes from its expected value or is woken ({@code futex_waitv}).
     *
     * @param addresses absolute addresses of 4-byte aligned words in shared mappings.
     * @param expected  the values read before deciding to sleep, index for index.
     * @param count     how many entries of the arrays to use, 1 to {@link #MAX_WAITV}.
     * @param timeoutNs relative timeout; {@code <= 0} waits without a timeout.
     * @return the index of a woken word (&gt;= 0), or -1 - {@link #VALUE_CHANGED}, {@link #TIMED_OUT} or
     * {@link #INTERRUPTED}.
     * @throws UnsupportedOperationException where the kernel lacks {@code futex_waitv}.
     */
    public int awaitAny(final long[] addresses, final int[] expected, final int count, final long timeoutNs)
    {
        if (!WAITV_SUPPORTED)
        {
            throw new UnsupportedOperationException("futex_waitv needs Linux 5.16 or later");
        }
        if (count < 1 || count > MAX_WAITV)
        {
            throw new IllegalArgumentException("count must be in [1, " + MAX_WAITV + "]: " + count);
        }
        for (int i = 0; i < count; i++)
        {
            final long offset = (long)i * WAITV_ENTRY_LENGTH;
            waitv.set(ValueLayout.JAVA_LONG, offset, expected[i] & 0xFFFF_FFFFL);
            waitv.set(ValueLayout.JAVA_LONG, offset + 8, addresses[i]);
            waitv.set(ValueLayout.JAVA_INT, offset + 16, FUTEX2_SIZE_U32);
            waitv.set(ValueLayout.JAVA_INT, offset + 20, 0);
        }
        long timeoutAddress = 0;
        if (timeoutNs > 0)
        {
            // futex_waitv takes an absolute CLOCK_MONOTONIC deadline, the clock System.nanoTime reads.
            final long deadlineNs = System.nanoTime() + timeoutNs;
            timespec.set(ValueLayout.JAVA_LONG, 0, deadlineNs / NANOS_PER_SECOND);
            timespec.set(ValueLayout.JAVA_LONG, 8, deadlineNs % NANOS_PER_SECOND);
            timeoutAddress = timespec.address();
        }
        final long result = invoke5(SYS_FUTEX_WAITV, waitv.address(), count, 0, timeoutAddress, CLOCK_MONOTONIC);
        return result >= 0 ? (int)result : -1 - outcome();
    }

    private int outcome()
    {
        final int errno = errno();
        return switch (errno)
        {
            case EAGAIN -> VALUE_CHANGED;
            case ETIMEDOUT -> TIMED_OUT;
            case EINTR -> INTERRUPTED;
            default -> throw new IllegalStateException("futex wait failed, errno " + errno);
        };
    }

    private int errno()
    {
        return (int)ERRNO.get(callState, 0L);
    }

    /**
     * The number of {@code futex(2)} on the architecture named by {@code os.arch}: x86_64 has its own syscall table,
     * aarch64 uses the generic one. Elsewhere -1, and every futex call fails with a clear error instead of making
     * some other system call.
     */
    static long futexSyscallNumber(final String osArch)
    {
        return switch (osArch)
        {
            case "amd64", "x86_64" -> 202;
            case "aarch64", "arm64" -> 98;
            default -> -1;
        };
    }

    private long invoke6(final long number, final long a, final long b, final long c, final long d, final long e,
        final long f)
    {
        if (number < 0)
        {
            throw new UnsupportedOperationException("futex wake-up supports Linux on x86_64 and aarch64, not os.arch=" +
                System.getProperty("os.arch") + ": use a spinning, yielding or back-off wait strategy");
        }
        try
        {
            return (long)SYSCALL6.invokeExact(callState, number, a, b, c, d, e, f);
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("futex call failed", ex);
        }
    }

    private long invoke5(final long number, final long a, final long b, final long c, final long d, final long e)
    {
        try
        {
            return (long)SYSCALL5.invokeExact(callState, number, a, b, c, d, e);
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("futex_waitv call failed", ex);
        }
    }

    private static boolean probeWaitv()
    {
        try (Arena probe = Arena.ofConfined())
        {
            final MemorySegment state = probe.allocate(CAPTURE_STATE_SIZE, 8);
            // nr_futexes = 0 is invalid: EINVAL where the call exists, ENOSYS where it does not.
            final long result = (long)SYSCALL5.invokeExact(state, SYS_FUTEX_WAITV, 0L, 0L, 0L, 0L, CLOCK_MONOTONIC);
            return !(result < 0 && (int)ERRNO.get(state, 0L) == ENOSYS);
        }
        catch (final Throwable ex)
        {
            return false;
        }
    }

    @Override
    public void close()
    {
        arena.close();
    }
}
