package io.slipstream.engine;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Linux {@code membarrier(2)} with {@code MEMBARRIER_CMD_GLOBAL_EXPEDITED}: an asymmetric full fence across
 * processes. Every process that uses the engine registers once, as this class loads; a thread about to sleep then
 * issues {@link #barrier()}, which makes every running thread of every registered process execute a full memory
 * barrier before the call returns (a thread not running passes one at its next context switch). The hot side of a
 * wake hand-off (a commit, a consumer giving space back) can then use release stores, with no fence of its own.
 * <p>
 * {@link #AVAILABLE} says whether this process both registered and may issue the barrier. A process where it is
 * false (a kernel before 4.16, a seccomp filter that refuses the call, or {@code -Dslipstream.membarrier=false})
 * keeps full fences on its hot side; processes of both kinds may share a ring. Sleepers bound their first sleep
 * either way (see {@link DataWakeProtocol}): the barrier is not trusted alone.
 */
final class Membarrier
{
    /** System property that turns the asymmetric fence off in this process ({@code false}); on by default. */
    static final String PROPERTY = "slipstream.membarrier";

    private static final int CMD_QUERY = 0;
    private static final int CMD_GLOBAL_EXPEDITED = 1 << 1;
    private static final int CMD_REGISTER_GLOBAL_EXPEDITED = 1 << 2;
    private static final long SYS_MEMBARRIER = syscallNumber(System.getProperty("os.arch"));
    private static final MethodHandle SYSCALL3;

    /** Whether this process registered and can issue the barrier: its hot paths may use release stores only. */
    static final boolean AVAILABLE;

    static
    {
        final Linker linker = Linker.nativeLinker();
        final MemorySegment syscall = linker.defaultLookup().find("syscall").orElseThrow(
            () -> new UnsupportedOperationException("libc syscall(2) not found: the engine needs Linux"));
        // syscall(long number, ...): every argument after the number is variadic and passed as a 64-bit word.
        SYSCALL3 = linker.downcallHandle(syscall, FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), Linker.Option.firstVariadicArg(1));
        AVAILABLE = !"false".equals(System.getProperty(PROPERTY)) && register(SYS_MEMBARRIER);
    }

    private Membarrier()
    {
    }

    /**
     * Makes every running thread of every registered process (this one included) execute a full memory barrier.
     *
     * @return whether the barrier was made; false if this process cannot issue it, and the caller must then bound
     * its sleep instead.
     */
    static boolean barrier()
    {
        return AVAILABLE && call(SYS_MEMBARRIER, CMD_GLOBAL_EXPEDITED) == 0;
    }

    /** The membarrier system call's number on this architecture, or -1 where it is not known. */
    static long syscallNumber(final String arch)
    {
        return switch (arch)
        {
            case "amd64", "x86_64" -> 324;
            case "aarch64", "arm64", "riscv64" -> 283;
            default -> -1;
        };
    }

    private static boolean register(final long number)
    {
        if (number < 0)
        {
            return false;
        }
        final long supported = call(number, CMD_QUERY);
        final int needed = CMD_GLOBAL_EXPEDITED | CMD_REGISTER_GLOBAL_EXPEDITED;
        return supported > 0 && (supported & needed) == needed && call(number, CMD_REGISTER_GLOBAL_EXPEDITED) == 0;
    }

    private static long call(final long number, final int command)
    {
        try
        {
            return (long)SYSCALL3.invokeExact(number, (long)command, 0L, 0L);
        }
        catch (final Throwable ex)
        {
            return -1;
        }
    }
}
