package io.slipstream.engine;

import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.locks.LockSupport;

/**
 * Spins, yields, then sleeps until any of a selector's rings has data, with one {@code futex_waitv} call over the
 * data words of every ring: one thread blocked on several rings, woken by whichever producer commits first. The
 * hand-off per ring is the {@link DataWakeProtocol}'s: its steps are taken for every ring before the one sleep.
 * Where the kernel lacks {@code futex_waitv} (before Linux 5.16) it says so once in the log and falls back to polling
 * every {@link #FALLBACK_POLL_NS}.
 * <p>
 * Add every subscription to the selector before making this strategy. One instance per waiting thread.
 */
public final class FutexSelectorIdleStrategy implements IdleStrategy
{
    /** How often the fallback looks for data while idle when {@code futex_waitv} is missing. */
    public static final long FALLBACK_POLL_NS = 100_000;
    private static final System.Logger LOG = System.getLogger(FutexSelectorIdleStrategy.class.getName());
    private static volatile boolean fallbackLogged;

    private final Subscription[] subscriptions;
    private final DataWakeProtocol[] protocols;
    private final long[] waiterBits;
    private final long[] addresses;
    private final int[] sequences;
    private final SpinYieldPhases phases;
    private final long timeoutNs;
    private final boolean useWaitv;
    private final Futex futex = new Futex();
    private long sleeps;

    FutexSelectorIdleStrategy(final SubscriptionSelector selector, final int maxSpins, final int maxYields,
        final long timeoutNs, final boolean useWaitv)
    {
        final int count = selector.size();
        if (count < 1 || count > Futex.MAX_WAITV)
        {
            throw new IllegalArgumentException("a selector needs 1 to " + Futex.MAX_WAITV + " subscriptions: " + count);
        }
        this.subscriptions = new Subscription[count];
        this.protocols = new DataWakeProtocol[count];
        this.waiterBits = new long[count];
        this.addresses = new long[count];
        this.sequences = new int[count];
        for (int i = 0; i < count; i++)
        {
            subscriptions[i] = selector.subscription(i);
            protocols[i] = DataWakeProtocol.CORRECT.newProtocol(subscriptions[i].header(), futex);
            waiterBits[i] = 1L << subscriptions[i].slotIndex();
            addresses[i] = protocols[i].seqAddress();
        }
        this.phases = new SpinYieldPhases(maxSpins, maxYields, timeoutNs);
        this.timeoutNs = timeoutNs;
        this.useWaitv = useWaitv;
        if (!useWaitv && !fallbackLogged)
        {
            fallbackLogged = true;
            LOG.log(System.Logger.Level.WARNING, "futex_waitv is not available (it needs Linux 5.16 or later): a " +
                "selector waiting on several rings polls every " + FALLBACK_POLL_NS / 1000 + " us while idle");
        }
    }

    /** The strategy for a selector's polling thread, with {@code futex_waitv} where the kernel has it. */
    public static FutexSelectorIdleStrategy forSelector(final SubscriptionSelector selector, final int maxSpins,
        final int maxYields, final long timeoutNs)
    {
        return new FutexSelectorIdleStrategy(selector, maxSpins, maxYields, timeoutNs, Futex.isWaitvSupported());
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
        if (useWaitv)
        {
            sleep();
        }
        else
        {
            LockSupport.parkNanos(Math.min(FALLBACK_POLL_NS, timeoutNs));
        }
    }

    private void sleep()
    {
        final int count = subscriptions.length;
        for (int i = 0; i < count; i++)
        {
            if (subscriptions[i].isClosed())
            {
                LockSupport.parkNanos(Math.min(FALLBACK_POLL_NS, timeoutNs));
                return;
            }
        }
        for (int i = 0; i < count; i++)
        {
            sequences[i] = protocols[i].register(waiterBits[i]);
        }
        protocols[0].fence(); // one barrier orders every registration above
        if (!isAnyReady())
        {
            sleeps++;
            if (timeoutNs > 0 && timeoutNs <= DataWakeProtocol.BOUNDED_FIRST_SLEEP_NS)
            {
                futex.awaitAny(addresses, sequences, count, timeoutNs);
            }
            else if (futex.awaitAny(addresses, sequences, count, DataWakeProtocol.BOUNDED_FIRST_SLEEP_NS) ==
                Futex.TIMED_OUT)
            {
                // The first sleep is bounded (see DataWakeProtocol): re-check, then sleep the rest.
                for (int i = 0; i < count; i++)
                {
                    sequences[i] = protocols[i].header.getIntVolatile(RingDescriptor.DATA_FUTEX_SEQ_OFFSET);
                }
                if (!isAnyReady())
                {
                    futex.awaitAny(addresses, sequences, count,
                        timeoutNs <= 0 ? 0 : timeoutNs - DataWakeProtocol.BOUNDED_FIRST_SLEEP_NS);
                }
            }
        }
        for (int i = 0; i < count; i++)
        {
            protocols[i].deregister(waiterBits[i]);
        }
    }

    private boolean isAnyReady()
    {
        for (final Subscription subscription : subscriptions)
        {
            if (DataWakeProtocol.isReady(subscription))
            {
                return true;
            }
        }
        return false;
    }

    @Override
    public void reset()
    {
        phases.reset();
    }

    /** How many times this strategy slept in {@code futex_waitv}. */
    public long sleeps()
    {
        return sleeps;
    }

    /** Whether it sleeps in {@code futex_waitv} (true) or polls on a timer (false). */
    public boolean usesWaitv()
    {
        return useWaitv;
    }

    @Override
    public String alias()
    {
        return "futex-selector";
    }
}
