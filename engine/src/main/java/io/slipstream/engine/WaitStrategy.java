package io.slipstream.engine;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.Locale;

/**
 * How a thread waits for data ({@link Subscription#poll(RecordHandler, int, IdleStrategy)}) or for space
 * ({@link Publication#offer(org.agrona.DirectBuffer, int, int, int, IdleStrategy)}). Each makes an Agrona
 * {@link IdleStrategy}, one per waiting thread.
 */
public enum WaitStrategy
{
    /** Spin on the CPU: lowest latency, one core busy at 100 % even when idle. */
    BUSY_SPIN
    {
        public IdleStrategy newIdleStrategy()
        {
            return new BusySpinIdleStrategy();
        }
    },
    /** Spin, yielding the core to other runnable threads each time: low latency, still 100 % of a core. */
    YIELDING
    {
        public IdleStrategy newIdleStrategy()
        {
            return new YieldingIdleStrategy();
        }
    },
    /** Spin, then yield, then park for growing periods up to 1 ms: little CPU when idle, slower to wake. */
    BACKOFF
    {
        public IdleStrategy newIdleStrategy()
        {
            return new BackoffIdleStrategy(BACKOFF_SPINS, BACKOFF_YIELDS, BACKOFF_MIN_PARK_NS, BACKOFF_MAX_PARK_NS);
        }
    },
    /**
     * Spin, yield, then sleep in the kernel on a futex word in the ring file, woken by the other end: microseconds to
     * wake, no CPU while idle, across processes. Needs a ring: use {@link #forSubscription} or
     * {@link #forPublication}.
     */
    FUTEX
    {
        public IdleStrategy newIdleStrategy()
        {
            throw new UnsupportedOperationException("the futex strategy sleeps on a ring's word: use " +
                "forSubscription(subscription) or forPublication(publication)");
        }

        public IdleStrategy forSubscription(final Subscription subscription)
        {
            return FutexIdleStrategy.forSubscription(subscription, FutexIdleStrategy.DEFAULT_SPINS,
                FutexIdleStrategy.DEFAULT_YIELDS, FutexIdleStrategy.DEFAULT_TIMEOUT_NS);
        }

        public IdleStrategy forPublication(final Publication publication)
        {
            return FutexIdleStrategy.forPublication(publication, FutexIdleStrategy.DEFAULT_SPINS,
                FutexIdleStrategy.DEFAULT_YIELDS, FutexIdleStrategy.DEFAULT_TIMEOUT_NS);
        }

        public IdleStrategy forSelector(final SubscriptionSelector selector)
        {
            return FutexSelectorIdleStrategy.forSelector(selector, FutexIdleStrategy.DEFAULT_SPINS,
                FutexIdleStrategy.DEFAULT_YIELDS, FutexIdleStrategy.DEFAULT_TIMEOUT_NS);
        }
    };

    static final long BACKOFF_SPINS = 100;
    static final long BACKOFF_YIELDS = 50;
    static final long BACKOFF_MIN_PARK_NS = 1_000;
    static final long BACKOFF_MAX_PARK_NS = 1_000_000;

    /** A new idle strategy of this kind, for one thread. */
    public abstract IdleStrategy newIdleStrategy();

    /** A new idle strategy for one thread waiting for data on this subscription. */
    public IdleStrategy forSubscription(final Subscription subscription)
    {
        return newIdleStrategy();
    }

    /** A new idle strategy for one thread polling this selector (add its subscriptions first). */
    public IdleStrategy forSelector(final SubscriptionSelector selector)
    {
        return newIdleStrategy();
    }

    /** A new idle strategy for one thread waiting for space on this publication. */
    public IdleStrategy forPublication(final Publication publication)
    {
        return newIdleStrategy();
    }

    /** Parses a name such as {@code busy-spin}, {@code yielding} or {@code backoff}, case-insensitive. */
    public static WaitStrategy parse(final String name)
    {
        final String key = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (final WaitStrategy strategy : values())
        {
            if (strategy.name().equals(key) || (strategy == BUSY_SPIN && key.equals("SPIN")) ||
                (strategy == YIELDING && key.equals("YIELD")))
            {
                return strategy;
            }
        }
        throw new IllegalArgumentException("unknown wait strategy '" + name + "', expected busy-spin, yielding, " +
            "backoff or futex");
    }
}
