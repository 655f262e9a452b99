package io.slipstream.engine;

import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static io.slipstream.engine.RingDescriptor.*;

/**
 * Spins, then yields, then sleeps in the kernel on a futex word in the ring file until the other end wakes it or the
 * timeout passes: blocking wake-up across processes with no daemon and no busy core while idle.
 * <p>
 * A consumer sleeps on the ring's data word: it reads the word's sequence, sets its slot's bit in the waiter mask,
 * re-checks for data, and only then sleeps, expecting the sequence it read. The producer stores each commit word with
 * a full fence and then reads the mask; if any bit is set it bumps the sequence and wakes. Either the consumer's
 * re-check sees the record or the producer's load sees the bit, and a bump between the consumer's read and its
 * sleep makes the sleep return at once, so no wake-up is lost. A producer waiting for space does the same on the
 * space word, woken by consumers as they free space. Closing the producer (end of stream) wakes every sleeper.
 * <p>
 * One instance per waiting thread; {@link #idle(int)} never allocates.
 */
public final class FutexIdleStrategy implements IdleStrategy
{
    public static final int DEFAULT_SPINS = 1_000;
    public static final int DEFAULT_YIELDS = 10;
    public static final long DEFAULT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(1);

    private final Subscription subscription;
    private final Publication publication;
    private final UnsafeBuffer header;
    private final long seqAddress;
    private final long waiterBit;
    private final SpinYieldPhases phases;
    private final long timeoutNs;
    private final Futex futex = new Futex();
    private long sleeps;
    private long timeoutsWithData;

    private FutexIdleStrategy(final Subscription subscription, final Publication publication, final int maxSpins,
        final int maxYields, final long timeoutNs)
    {
        this.subscription = subscription;
        this.publication = publication;
        this.header = subscription != null ? subscription.header() : publication.header();
        this.seqAddress = header.addressOffset() + (subscription != null ? DATA_FUTEX_SEQ_OFFSET : SPACE_FUTEX_SEQ_OFFSET);
        this.waiterBit = subscription != null ? 1L << subscription.slotIndex() : 0;
        this.phases = new SpinYieldPhases(maxSpins, maxYields, timeoutNs);
        this.timeoutNs = timeoutNs;
    }

    /** A consumer's strategy: waits for data on the subscription's ring. */
    public static FutexIdleStrategy forSubscription(final Subscription subscription, final int maxSpins,
        final int maxYields, final long timeoutNs)
    {
        return new FutexIdleStrategy(subscription, null, maxSpins, maxYields, timeoutNs);
    }

    /** A producer's strategy: waits for space on the publication's ring. */
    public static FutexIdleStrategy forPublication(final Publication publication, final int maxSpins,
        final int maxYields, final long timeoutNs)
    {
        return new FutexIdleStrategy(null, publication, maxSpins, maxYields, timeoutNs);
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            reset();
        }
        else
        {
            idle();
        }
    }

    @Override
    public void idle()
    {
        if (phases.idle())
        {
            return;
        }
        if (subscription != null)
        {
            sleepForData();
        }
        else
        {
            sleepForSpace();
        }
    }

    @Override
    public void reset()
    {
        phases.reset();
    }

    private void sleepForData()
    {
        if (subscription.isClosed())
        {
            LockSupport.parkNanos(timeoutNs);
            return;
        }
        final WakeProtocol protocol = WakeProtocol.CURRENT;
        int seq = protocol == WakeProtocol.SEQ_AFTER_RECHECK ? 0 : header.getIntVolatile(DATA_FUTEX_SEQ_OFFSET);
        WaiterMask.set(header, waiterBit);
        if (protocol == WakeProtocol.NO_RECHECK || (!subscription.hasData() && !subscription.isEndOfStream()))
        {
            if (protocol == WakeProtocol.SEQ_AFTER_RECHECK)
            {
                WakeProtocol.widenRaceWindow();
                seq = header.getIntVolatile(DATA_FUTEX_SEQ_OFFSET);
            }
            sleeps++;
            if (futex.await(seqAddress, seq, timeoutNs) == Futex.TIMED_OUT && subscription.hasData())
            {
                timeoutsWithData++;
            }
        }
        WaiterMask.clear(header, waiterBit);
    }

    private void sleepForSpace()
    {
        if (publication.isClosed())
        {
            LockSupport.parkNanos(timeoutNs);
            return;
        }
        final int seq = header.getIntVolatile(SPACE_FUTEX_SEQ_OFFSET);
        header.putIntVolatile(SPACE_WAITING_OFFSET, 1);
        if (!publication.hasSpaceProgress())
        {
            sleeps++;
            if (futex.await(seqAddress, seq, timeoutNs) == Futex.TIMED_OUT && publication.hasSpaceProgress())
            {
                timeoutsWithData++;
            }
        }
        header.putIntRelease(SPACE_WAITING_OFFSET, 0);
    }

    /** How many times this strategy went to sleep in the kernel. */
    public long sleeps()
    {
        return sleeps;
    }

    /**
     * How many sleeps ran to their timeout although what they waited for was there: lost wake-ups, or a commit that
     * raced the timeout. Zero in a correct run with a timeout well above the producer's pauses.
     */
    public long timeoutsWithData()
    {
        return timeoutsWithData;
    }

    @Override
    public String alias()
    {
        return "futex";
    }
}
