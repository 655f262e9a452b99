package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;

import static io.slipstream.engine.RingDescriptor.SLOT_OWNER_OFFSET;
import static io.slipstream.engine.RingDescriptor.slotOffset;

/**
 * A producer's recovery from consumers killed with kill -9: their waiter bits, which would cost a wake call on every
 * commit, and their slots, which would hold the producer back for ever. Both checks make system calls (they look up
 * the owners' processes), so they run only on slow paths and at most once per interval.
 */
final class DeadPartyCheck
{
    static final long WAITER_CHECK_INTERVAL_NS = 100_000_000L;
    static final long CONSUMER_CHECK_INTERVAL_NS = 100_000_000L;

    private final UnsafeBuffer header;
    private final int consumerSlots;
    private long lastWaiterCheckNs;
    private long lastConsumerCheckNs;
    private long releasedConsumers;

    DeadPartyCheck(final UnsafeBuffer header, final int consumerSlots)
    {
        this.header = header;
        this.consumerSlots = consumerSlots;
    }

    /**
     * Called after repeated wakes that found nobody: clears the waiter bits of slots whose owner is gone. A live
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
        final long mask = header.getLongVolatile(RingDescriptor.DATA_WAITER_MASK_OFFSET);
        for (int i = 0; i < consumerSlots; i++)
        {
            final long bit = 1L << i;
            if ((mask & bit) != 0 && !ProcessIdentity.isAlive(header.getLongVolatile(slotOffset(i) + SLOT_OWNER_OFFSET)))
            {
                WaiterMask.clear(header, bit);
            }
        }
    }

    /**
     * Called while back-pressured: frees the slots of consumers whose process has died (pid gone, or reused by a
     * process that started later), so a killed consumer holds the producer back for at most one interval.
     *
     * @return whether any slot was freed.
     */
    boolean releaseDeadConsumers()
    {
        final long nowNs = System.nanoTime();
        if (nowNs - lastConsumerCheckNs < CONSUMER_CHECK_INTERVAL_NS)
        {
            return false;
        }
        lastConsumerCheckNs = nowNs;
        boolean released = false;
        for (int i = 0; i < consumerSlots; i++)
        {
            final int slot = slotOffset(i);
            final long owner = header.getLongVolatile(slot + SLOT_OWNER_OFFSET);
            if (owner != 0 && !ProcessIdentity.isAlive(owner) &&
                header.compareAndSetLong(slot + SLOT_OWNER_OFFSET, owner, 0))
            {
                WaiterMask.clear(header, 1L << i);
                releasedConsumers++;
                released = true;
            }
        }
        return released;
    }

    long releasedConsumers()
    {
        return releasedConsumers;
    }
}
