package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;

import java.lang.invoke.VarHandle;

import static io.slipstream.engine.RingDescriptor.DATA_FUTEX_SEQ_OFFSET;
import static io.slipstream.engine.RingDescriptor.DATA_WAITER_MASK_OFFSET;
import static io.slipstream.engine.RingDescriptor.PRODUCER_POSITION_OFFSET;

/**
 * The futex hand-off in the data direction: a producer wakes consumers asleep waiting for records. Both sides of it
 * live here, and {@link Publication}, {@link FutexIdleStrategy}, {@link FutexSelectorIdleStrategy} and
 * {@link DeadPartyCheck} only call it.
 * <pre>
 *   consumer (waits)                                  producer (wakes)
 *   1. seq = sequence word (volatile load)            1. commit word stored (release)
 *   2. set own bit in the waiter mask (locked CAS)    2. waiter mask == 0: done, no system call
 *   3. membarrier(GLOBAL_EXPEDITED)                   3. sequence word += 1
 *   4. re-check: data or end of stream? skip 5        4. FUTEX_WAKE(sequence word, all)
 *   5. FUTEX_WAIT(sequence word, seq, timeout)
 *   6. clear own bit
 * </pre>
 * The producer's store (1) and load (2) are not fenced: only a compiler barrier keeps the load after the store in the
 * generated code (without it the compiler may hoist the load, which jcstress's scheduling stress shows), and the
 * hardware may still satisfy the load before the store leaves the producer's core. The barrier (3) stands in for that
 * fence. It runs a full fence on the producer's core at some point while the call lasts, which falls before the
 * producer's store, between store and load, or after its load. Before the store: the load comes after the fence, and
 * the bit, set by a locked instruction before the call, is seen. Between: the load is after the fence and sees the
 * bit. After the load: the store has left the core by then, so the re-check (4), made after the call returns, sees the
 * record. Either the producer wakes or the consumer does not sleep. A bump (3) between the consumer's read of the
 * sequence (1) and its sleep (5) makes the sleep return at once, since the kernel compares the word with {@code seq}
 * atomically with going to sleep.
 * <p>
 * The barrier reaches only processes registered for it ({@link Membarrier}). A producer whose process is not
 * registered commits with a full fence instead (a volatile store), which is the symmetric form of the same
 * argument. The kernel does not always deliver it, though: jcstress ({@code DataWakeBarrierTest}) sees both sides
 * miss about once in 10^5 raced trials on the machines this was measured on, although never in a C test of the same
 * protocol, so it is not trusted alone. Every consumer's first sleep lasts at most {@link #BOUNDED_FIRST_SLEEP_NS},
 * then it re-checks before sleeping on: a record committed in that race is delivered late by at most the bound,
 * never lost, since the consumer's bit stays set and every later commit sees it. The barrier makes such late
 * deliveries rare; the bound makes them bounded.
 * <p>
 * Wakes that find nobody asleep are counted: after {@link #EMPTY_WAKES_BEFORE_WAITER_CHECK} in a row, {@link #wake}
 * tells its caller to look for a bit left set by a consumer that died in its sleep (the producer then probes the
 * slots' locks), so a dead waiter does not cost a system call on every commit for ever.
 * <p>
 * One instance per party and thread, on the ring's header and the futex that party owns; nothing here allocates.
 * The class is package-private and not final so that the lost-wake-up test can substitute variants broken on
 * purpose (its negative controls), through the package-private factories of {@link Publication} and
 * {@link FutexIdleStrategy}.
 */
class DataWakeProtocol
{
    /** How many wakes in a row may find nobody before the waker looks for a dead waiter. */
    static final int EMPTY_WAKES_BEFORE_WAITER_CHECK = 64;
    /** What {@link #await} returns when it did not sleep: data or the end of stream was already there. */
    static final int READY = -1;
    /** The longest first sleep of a consumer: the latest a commit that raced its registration is seen. */
    static final long BOUNDED_FIRST_SLEEP_NS = 50_000;

    /** Makes the protocol for one party: the ring's header and the futex the party owns. */
    @FunctionalInterface
    interface Factory
    {
        DataWakeProtocol newProtocol(UnsafeBuffer header, Futex futex);
    }

    /** The protocol as the engine runs it. */
    static final Factory CORRECT = DataWakeProtocol::new;

    final UnsafeBuffer header;
    private final Futex futex;
    private final long seqAddress;
    private int emptyWakes;
    private long wakeCalls;
    private long sleeps;
    private long lateWakeups;

    DataWakeProtocol(final UnsafeBuffer header, final Futex futex)
    {
        this.header = header;
        this.futex = futex;
        this.seqAddress = RingDescriptor.dataSeqAddress(header);
    }

    // Producer side.

    /**
     * Makes a record visible and records the producer's position, then wakes registered sleepers, if any.
     *
     * @param format      the ring's record format.
     * @param data        the ring's data region.
     * @param index       the record's index in the region.
     * @param commitWord  the record's commit word ({@link RecordFormat#commitWord}).
     * @param endPosition the producer position after the record.
     * @return whether {@link #EMPTY_WAKES_BEFORE_WAITER_CHECK} wakes in a row found nobody: the caller should clear
     * the bits of dead waiters.
     */
    final boolean publish(final RecordFormat format, final UnsafeBuffer data, final int index, final long commitWord,
        final long endPosition)
    {
        // With release order where sleepers' barriers reach this process, else with a full fence so that the load of
        // the waiter mask that follows cannot pass it.
        format.storeCommitWord(data, index, commitWord, !Membarrier.AVAILABLE);
        HotWords.putLongRelease(header, PRODUCER_POSITION_OFFSET, endPosition);
        // A compiler barrier (no instruction on x86): the load of the mask stays after the commit in the code, which
        // the barrier argument needs; that the hardware may still satisfy the load first is what the sleeper covers.
        VarHandle.acquireFence();
        return HotWords.getLongVolatile(header, DATA_WAITER_MASK_OFFSET) != 0 && wake();
    }

    /**
     * Bumps the sequence word and wakes every sleeper, counting wakes that found nobody.
     *
     * @return whether {@link #EMPTY_WAKES_BEFORE_WAITER_CHECK} wakes in a row found nobody (the count restarts).
     */
    final boolean wake()
    {
        header.getAndAddInt(DATA_FUTEX_SEQ_OFFSET, 1);
        wakeCalls++;
        if (futex.wake(seqAddress, Integer.MAX_VALUE) > 0)
        {
            emptyWakes = 0;
            return false;
        }
        if (++emptyWakes >= EMPTY_WAKES_BEFORE_WAITER_CHECK)
        {
            emptyWakes = 0;
            return true;
        }
        return false;
    }

    /**
     * Bumps the sequence word and wakes every sleeper, registered or not: at the end of stream, or when a waiter bit
     * was cleared that a live consumer may have set meanwhile. Not counted.
     */
    final void wakeAll()
    {
        header.getAndAddInt(DATA_FUTEX_SEQ_OFFSET, 1);
        futex.wake(seqAddress, Integer.MAX_VALUE);
    }

    /** How many times {@link #wake} made a wake system call. */
    final long wakeCalls()
    {
        return wakeCalls;
    }

    // Consumer side.

    /**
     * One wait of one consumer: steps 1 to 6 of the protocol.
     *
     * @param subscription the consumer, for the re-check.
     * @param waiterBit    the bit of its slot in the waiter mask.
     * @param timeoutNs    the longest sleep; {@code <= 0} for none.
     * @return {@link #READY} if it did not sleep or found data after a bounded first sleep, else the futex outcome
     * ({@link Futex#WOKEN} ...).
     */
    int await(final Subscription subscription, final long waiterBit, final long timeoutNs)
    {
        final int seq = register(waiterBit);
        fence();
        int result = READY;
        if (!isReady(subscription))
        {
            result = boundedSleep(subscription, seq, timeoutNs);
        }
        clearWaiter(header, waiterBit);
        return result;
    }

    /**
     * Step 3: the barrier that orders the producer's release commit with this consumer's registration.
     *
     * @return whether it was made.
     */
    boolean fence()
    {
        return Membarrier.barrier();
    }

    /**
     * Step 5: a first sleep of at most {@link #BOUNDED_FIRST_SLEEP_NS}, a re-check, then the rest of the timeout. The
     * bit stays set throughout, so only a commit racing the registration can go unwoken, and the re-check finds it
     * (counted in {@link #lateWakeups()}).
     */
    final int boundedSleep(final Subscription subscription, final int seq, final long timeoutNs)
    {
        final boolean longer = timeoutNs <= 0 || timeoutNs > BOUNDED_FIRST_SLEEP_NS;
        final int first = sleep(seq, longer ? BOUNDED_FIRST_SLEEP_NS : timeoutNs);
        if (first != Futex.TIMED_OUT || !longer)
        {
            return first;
        }
        final int seqAgain = header.getIntVolatile(DATA_FUTEX_SEQ_OFFSET);
        if (isReady(subscription))
        {
            lateWakeups++;
            return READY;
        }
        return sleep(seqAgain, timeoutNs <= 0 ? 0 : timeoutNs - BOUNDED_FIRST_SLEEP_NS);
    }

    /** Step 4, counted before the call so that another thread can see that this one sleeps. */
    final int sleep(final int seq, final long timeoutNs)
    {
        sleeps++;
        return futex.await(seqAddress, seq, timeoutNs);
    }

    /**
     * How many first sleeps ran to their bound with data waiting that no wake announced: commits that raced a
     * registration and were delivered late by at most {@link #BOUNDED_FIRST_SLEEP_NS} (a commit just after the
     * bound passed counts too).
     */
    final long lateWakeups()
    {
        return lateWakeups;
    }

    /** How many times {@link #await} went to sleep in the kernel. */
    final long sleeps()
    {
        return sleeps;
    }

    /** Steps 1 and 2: reads the sequence word, then registers. Returns the sequence to sleep on. */
    final int register(final long waiterBit)
    {
        final int seq = header.getIntVolatile(DATA_FUTEX_SEQ_OFFSET);
        setWaiter(header, waiterBit);
        return seq;
    }

    /** Step 5. */
    final void deregister(final long waiterBit)
    {
        clearWaiter(header, waiterBit);
    }

    /** Step 3: whether the consumer has something to do instead of sleeping. */
    static boolean isReady(final Subscription subscription)
    {
        return subscription.hasData() || subscription.isEndOfStream();
    }

    /** The address of the sequence word this protocol sleeps on and wakes. */
    final long seqAddress()
    {
        return seqAddress;
    }

    /** Sets a bit of the waiter mask with a locked instruction, visible to all before the barrier that follows. */
    static void setWaiter(final UnsafeBuffer header, final long waiterBit)
    {
        long mask;
        do
        {
            mask = header.getLongVolatile(DATA_WAITER_MASK_OFFSET);
        }
        while (!header.compareAndSetLong(DATA_WAITER_MASK_OFFSET, mask, mask | waiterBit));
    }

    /** Clears a bit of the waiter mask: the consumer's own, or a dead or freed slot's. */
    static void clearWaiter(final UnsafeBuffer header, final long waiterBit)
    {
        long mask;
        do
        {
            mask = header.getLongVolatile(DATA_WAITER_MASK_OFFSET);
        }
        while ((mask & waiterBit) != 0 &&
            !header.compareAndSetLong(DATA_WAITER_MASK_OFFSET, mask, mask & ~waiterBit));
    }
}
