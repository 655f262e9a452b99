package io.slipstream.engine;

import java.time.Instant;
import java.util.Optional;

/**
 * Names a process in one 64-bit word, {@code pid << 32 | start time in centiseconds (low 32 bits)}, so that a
 * recycled pid is not mistaken for the process that owned a slot. The word is never 0 for a real process.
 */
public final class ProcessIdentity
{
    private static final long CURRENT = identityOf(ProcessHandle.current());

    private ProcessIdentity()
    {
    }

    /** The identity word of this process. */
    public static long current()
    {
        return CURRENT;
    }

    public static long pid(final long identity)
    {
        return identity >>> 32;
    }

    public static long identityOf(final ProcessHandle handle)
    {
        return (handle.pid() << 32) | startStamp(handle);
    }

    /**
     * Whether the process named by the word is alive: its pid exists and, where the start time is known, started
     * when the word says. Makes system calls: never on the hot path.
     */
    public static boolean isAlive(final long identity)
    {
        if (identity == 0)
        {
            return false;
        }
        if (identity == CURRENT)
        {
            return true;
        }
        final Optional<ProcessHandle> handle = ProcessHandle.of(pid(identity));
        if (handle.isEmpty() || !handle.get().isAlive())
        {
            return false;
        }
        final long stamp = identity & 0xFFFF_FFFFL;
        final long actual = startStamp(handle.get());
        return stamp == 0 || actual == 0 || stamp == actual;
    }

    private static long startStamp(final ProcessHandle handle)
    {
        final Optional<Instant> start = handle.info().startInstant();
        return start.map(instant -> (instant.toEpochMilli() / 10) & 0xFFFF_FFFFL).orElse(0L);
    }
}
