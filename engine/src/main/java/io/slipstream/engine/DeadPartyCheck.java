package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;

import static io.slipstream.engine.RingDescriptor.*;

/**
 * A producer's recovery from consumers that died, and optionally from consumers that stopped polling.
 * <p>
 * Liveness is the kernel's: a consumer is alive while the open file description lock on its slot's byte is held,
 * which the kernel releases when the consumer's process dies, whatever its pid namespace or the clock. Each probe is
 * one {@code F_OFD_GETLK} system call, so the checks run only on slow paths (repeated empty wakes, back-pressure)
 * and at most once per interval.
 * <p>
 * Freeing a slot clears its waiter bit first, then its owner word by compare-and-set against the word seen before the
 * probe. A consumer that claims the slot between the probe and the compare-and-set bumps the slot's claim count
 * before it stores its owner word, so a freeing that raced it is detected and undone, and the futex is woken in case
 * its waiter bit was cleared.
 * <p>
 * A durable slot (one with a name) is neither freed nor evicted: its owner word is written before any claim of it
 * counts, and a durable consumer that dies keeps holding the producer until it comes back or is removed.
 */
final class DeadPartyCheck
{
    static final long WAITER_CHECK_INTERVAL_NS = 100_000_000L;
    static final long CONSUMER_CHECK_INTERVAL_NS = 100_000_000L;

    private final RingFile ringFile;
    private final UnsafeBuffer header;
    private final int consumerSlots;
    private final int capacity;
    private final long evictionTimeoutNs;
    private final DataWakeProtocol dataWake;
    private final long[] watchedPositions;
    private final long[] watchedOwners;
    private final long[] stillSinceNs;
    private long watchedTail = -1;
    private long lastWaiterCheckNs;
    private long lastConsumerCheckNs;
    private long releasedConsumers;
    private long evictedConsumers;

    DeadPartyCheck(final RingFile ringFile, final long evictionTimeoutNs, final DataWakeProtocol dataWake)
    {
        this.ringFile = ringFile;
        this.header = ringFile.header();
        this.consumerSlots = ringFile.consumerSlots();
        this.capacity = ringFile.capacity();
        this.evictionTimeoutNs = evictionTimeoutNs;
        this.dataWake = dataWake;
        this.watchedPositions = new long[consumerSlots];
        this.watchedOwners = new long[consumerSlots];
        this.stillSinceNs = new long[consumerSlots];
    }

    /**
     * Called after repeated wakes that found nobody: clears the waiter bits of slots whose consumer is gone. A live
     * consumer between registering and sleeping keeps its bit.
     */
    void clearDeadWaiters()
    {
        final long nowNs = System.nanoTime();
        if (nowNs - lastWaiterCheckNs < WAITER_CHECK_INTERVAL_NS)
        {
            return;
        }
        lastWaiterCheckNs = nowNs;
        final long mask = header.getLongVolatile(DATA_WAITER_MASK_OFFSET);
        long cleared = 0;
        for (int i = 0; i < consumerSlots; i++)
        {
            final long bit = 1L << i;
            if ((mask & bit) != 0 && !ringFile.isLockHeldElsewhere(slotLockOffset(i)))
            {
                DataWakeProtocol.clearWaiter(header, bit);
                cleared |= bit;
            }
        }
        for (int i = 0; i < consumerSlots && cleared != 0; i++)
        {
            if ((cleared & (1L << i)) != 0 && ringFile.isLockHeldElsewhere(slotLockOffset(i)))
            {
                wakeAll(); // claimed meanwhile: its new consumer may have registered before the bit was cleared
                break;
            }
        }
    }

    /**
     * Called while back-pressured: frees the slots of consumers that died, and, when eviction is on, evicts a live
     * consumer that holds the producer back and has not moved for the eviction timeout.
     *
     * @param neededEnd the position the producer needs its limit to reach.
     * @param tail      the producer's position, to tell a new episode of back-pressure from a continuing one.
     * @return whether any slot was freed.
     */
    boolean releaseDeadConsumers(final long neededEnd, final long tail)
    {
        final long nowNs = System.nanoTime();
        if (nowNs - lastConsumerCheckNs < CONSUMER_CHECK_INTERVAL_NS)
        {
            return false;
        }
        lastConsumerCheckNs = nowNs;
        final boolean newEpisode = tail != watchedTail;
        watchedTail = tail;
        boolean released = false;
        for (int i = 0; i < consumerSlots; i++)
        {
            final long owner = header.getLongVolatile(slotOwnerOffset(i));
            if (owner == 0 || header.getIntVolatile(slotNameLengthOffset(i)) != 0)
            {
                continue; // free, or durable: a durable slot holds the producer even while its consumer is down
            }
            final int claims = header.getIntVolatile(slotClaimCountOffset(i));
            if (!ringFile.isLockHeldElsewhere(slotLockOffset(i)))
            {
                if (free(i, owner, claims))
                {
                    releasedConsumers++;
                    released = true;
                }
            }
            else if (evictionTimeoutNs > 0 && isStill(i, owner, neededEnd, nowNs, newEpisode) && evict(i, owner))
            {
                evictedConsumers++;
                released = true;
            }
        }
        return released;
    }

    /** Whether a live consumer holds the producer back and its position has not moved for the eviction timeout. */
    private boolean isStill(final int i, final long owner, final long neededEnd, final long nowNs,
        final boolean newEpisode)
    {
        final long position = header.getLongVolatile(slotPositionOffset(i));
        if (newEpisode || position != watchedPositions[i] || owner != watchedOwners[i])
        {
            watchedPositions[i] = position;
            watchedOwners[i] = owner;
            stillSinceNs[i] = nowNs;
            return false;
        }
        return position + capacity < neededEnd && nowNs - stillSinceNs[i] >= evictionTimeoutNs;
    }

    boolean free(final int i, final long owner, final int claims)
    {
        DataWakeProtocol.clearWaiter(header, 1L << i);
        if (!header.compareAndSetLong(slotOwnerOffset(i), owner, 0))
        {
            wakeAll(); // claimed meanwhile by a consumer whose waiter bit may have been cleared above
            return false;
        }
        if (header.getIntVolatile(slotClaimCountOffset(i)) != claims)
        {
            // A consumer claimed the slot with the same owner word before the compare-and-set: give it back.
            header.compareAndSetLong(slotOwnerOffset(i), 0, owner);
            wakeAll();
        }
        return true;
    }

    /**
     * Marks the slot evicted (the consumer's next poll reports it), then frees it. The consumer keeps its lock, so
     * nobody else claims the slot until it closes.
     */
    private boolean evict(final int i, final long owner)
    {
        header.putIntVolatile(slotFlagsOffset(i), SLOT_FLAG_EVICTED);
        DataWakeProtocol.clearWaiter(header, 1L << i);
        final boolean evicted = header.compareAndSetLong(slotOwnerOffset(i), owner, 0);
        wakeAll(); // an evicted consumer asleep on the futex learns of it at once
        return evicted;
    }

    private void wakeAll()
    {
        dataWake.wakeAll();
    }

    long releasedConsumers()
    {
        return releasedConsumers;
    }

    long evictedConsumers()
    {
        return evictedConsumers;
    }
}
