package io.slipstream.engine;

import java.time.Instant;
import java.util.Optional;

/**
 * Names a process in one 64-bit word, {@code pid << 32 | start time in centiseconds (low 32 bits)}, for people: the
 * owner words of a ring file hold it so that {@code stat} and error messages can name the producer and consumers.
 * It never decides liveness (the engine probes kernel locks for that, see {@link RingFile#isLockHeldElsewhere}): a
 * pid means nothing across pid namespaces, and the start time moves with the wall clock. The word is never 0 for a
 * real process.
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
     * A guess, for display only: whether a process with the word's pid exists in this pid namespace and, where the
     * start time is known, started when the word says. Wrong across pid namespaces, with /proc hidden, or after a
     * wall-clock step; the engine's own liveness decisions use kernel locks instead. Makes system calls.
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
