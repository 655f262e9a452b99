package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;

import java.lang.invoke.VarHandle;

import static io.slipstream.engine.RingDescriptor.SPACE_FUTEX_SEQ_OFFSET;
import static io.slipstream.engine.RingDescriptor.SPACE_WAITING_OFFSET;

/**
 * The futex hand-off in the space direction: consumers wake a producer asleep waiting for them to free space. Both
 * sides of it live here, and {@link Subscription} and {@link FutexIdleStrategy} only call it.
 * <pre>
 *   producer (waits)                                  consumer (wakes)
 *   1. seq = sequence word (volatile load)            1. slot position stored (release)
 *   2. waiting flag = 1 (full fence)                  2. waiting flag == 0: done, no system call
 *   3. membarrier(GLOBAL_EXPEDITED)                   3. sequence word += 1
 *   4. re-check: space freed since the last limit?    4. FUTEX_WAKE(sequence word, all)
 *      skip 5
 *   5. FUTEX_WAIT(sequence word, seq, timeout)
 *   6. waiting flag = 0
 * </pre>
 * The argument is the one {@link DataWakeProtocol} gives, with the roles turned: the barrier (3) stands in for the
 * fence the consumer's hot path does not make, so the producer's re-check sees the freed space or the consumer's
 * load sees the flag, and a bump before the sleep makes it return at once. A consumer whose process is not
 * registered for the barrier stores its position with a full fence instead. As in the data direction the barrier is
 * not trusted alone: the producer's first sleep lasts at most {@link DataWakeProtocol#BOUNDED_FIRST_SLEEP_NS}, then it
 * re-checks. There is one producer, so the flag is a word, not a mask.
 * <p>
 * Wakes that find nobody are counted: after {@link DataWakeProtocol#EMPTY_WAKES_BEFORE_WAITER_CHECK} in a row,
 * {@link #wake} tells the consumer to check whether the flag was left by a producer that died in its sleep (and
 * then {@link #clearStaleWaitingFlag}), so a dead producer does not cost a system call on every poll for ever.
 * <p>
 * One instance per party and thread, on the ring's header and the futex that party owns; nothing here allocates.
 */
final class SpaceWakeProtocol
{
    /** What {@link #await} returns when it did not sleep: space was freed already. */
    static final int READY = DataWakeProtocol.READY;

    private final UnsafeBuffer header;
    private final Futex futex;
    private final long seqAddress;
    private int emptyWakes;
    private long wakeCalls;
    private long sleeps;

    SpaceWakeProtocol(final UnsafeBuffer header, final Futex futex)
    {
        this.header = header;
        this.futex = futex;
        this.seqAddress = RingDescriptor.spaceSeqAddress(header);
    }

    // Consumer side.

    /**
     * Gives consumed space back: stores the slot's position (release where the producer's barrier reaches this
     * process, else with a full fence), then wakes the producer if it is flagged as waiting.
     *
     * @return whether {@link DataWakeProtocol#EMPTY_WAKES_BEFORE_WAITER_CHECK} wakes in a row found nobody: the
     * caller should check whether the producer is alive.
     */
    boolean release(final int slotPositionOffset, final long position)
    {
        if (Membarrier.AVAILABLE)
        {
            HotWords.putLongRelease(header, slotPositionOffset, position);
        }
        else
        {
            HotWords.putLongVolatile(header, slotPositionOffset, position);
        }
        VarHandle.acquireFence(); // a compiler barrier only, as in DataWakeProtocol#publish
        return HotWords.getIntVolatile(header, SPACE_WAITING_OFFSET) != 0 && wake();
    }

    /**
     * Bumps the sequence word and wakes the producer, counting wakes that found nobody.
     *
     * @return whether {@link DataWakeProtocol#EMPTY_WAKES_BEFORE_WAITER_CHECK} wakes in a row found nobody.
     */
    boolean wake()
    {
        header.getAndAddInt(SPACE_FUTEX_SEQ_OFFSET, 1);
        wakeCalls++;
        if (futex.wake(seqAddress, Integer.MAX_VALUE) > 0)
        {
            emptyWakes = 0;
            return false;
        }
        if (++emptyWakes >= DataWakeProtocol.EMPTY_WAKES_BEFORE_WAITER_CHECK)
        {
            emptyWakes = 0;
            return true;
        }
        return false;
    }

    /** Wakes the producer if it is flagged as waiting, not counted: a consumer leaving frees all it held. */
    void wakeIfWaiting()
    {
        if (header.getIntVolatile(SPACE_WAITING_OFFSET) != 0)
        {
            header.getAndAddInt(SPACE_FUTEX_SEQ_OFFSET, 1);
            futex.wake(seqAddress, Integer.MAX_VALUE);
        }
    }

    /** Clears a waiting flag once the caller has found that no producer holds the ring. */
    void clearStaleWaitingFlag()
    {
        header.compareAndSetInt(SPACE_WAITING_OFFSET, 1, 0);
    }

    /**
     * Clears the flag of a previous producer: called by a producer that has just taken the role, else consumers
     * would make a wake call on every poll for nobody.
     */
    static void clearWaitingFlag(final UnsafeBuffer header)
    {
        header.putIntVolatile(SPACE_WAITING_OFFSET, 0);
    }

    // Producer side.

    /**
     * One wait of the producer: steps 1 to 5 of the protocol.
     *
     * @return {@link #READY} if it did not sleep, else the futex outcome ({@link Futex#WOKEN} ...).
     */
    int await(final Publication publication, final long timeoutNs)
    {
        final int seq = header.getIntVolatile(SPACE_FUTEX_SEQ_OFFSET);
        header.putIntVolatile(SPACE_WAITING_OFFSET, 1);
        Membarrier.barrier();
        int result = READY;
        if (!publication.hasSpaceProgress())
        {
            final boolean bounded = timeoutNs <= 0 || timeoutNs > DataWakeProtocol.BOUNDED_FIRST_SLEEP_NS;
            result = sleep(seq, bounded ? DataWakeProtocol.BOUNDED_FIRST_SLEEP_NS : timeoutNs);
            if (bounded && result == Futex.TIMED_OUT)
            {
                final int seqAgain = header.getIntVolatile(SPACE_FUTEX_SEQ_OFFSET);
                result = publication.hasSpaceProgress() ? READY :
                    sleep(seqAgain, timeoutNs <= 0 ? 0 : timeoutNs - DataWakeProtocol.BOUNDED_FIRST_SLEEP_NS);
            }
        }
        header.putIntRelease(SPACE_WAITING_OFFSET, 0);
        return result;
    }

    private int sleep(final int seq, final long timeoutNs)
    {
        sleeps++; // before the call, so that another thread can see that this one sleeps
        return futex.await(seqAddress, seq, timeoutNs);
    }

    /** How many times {@link #wake} made a wake system call (the consumer found the producer's flag set). */
    long wakeCalls()
    {
        return wakeCalls;
    }

    /** How many times {@link #await} went to sleep in the kernel. */
    long sleeps()
    {
        return sleeps;
    }
}
