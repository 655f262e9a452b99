package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;

import static io.slipstream.engine.RingDescriptor.DATA_WAITER_MASK_OFFSET;

/** The ring's data waiter mask: bit i set while consumer slot i may be asleep on the data futex word. */
final class WaiterMask
{
    private WaiterMask()
    {
    }

    /** Sets the bit with a full fence: the caller re-checks for data only after the producer can see it. */
    static void set(final UnsafeBuffer header, final long bit)
    {
        long mask;
        do
        {
            mask = header.getLongVolatile(DATA_WAITER_MASK_OFFSET);
        }
        while (!header.compareAndSetLong(DATA_WAITER_MASK_OFFSET, mask, mask | bit));
    }

    static void clear(final UnsafeBuffer header, final long bit)
    {
        long mask;
        do
        {
            mask = header.getLongVolatile(DATA_WAITER_MASK_OFFSET);
        }
        while ((mask & bit) != 0 && !header.compareAndSetLong(DATA_WAITER_MASK_OFFSET, mask, mask & ~bit));
    }
}
