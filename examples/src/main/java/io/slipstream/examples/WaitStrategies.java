package io.slipstream.examples;

import io.slipstream.engine.Publication;
import io.slipstream.engine.Subscription;
import io.slipstream.engine.SubscriptionSelector;
import io.slipstream.engine.WaitStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.List;

/** The README's futex wait strategies: one for each way of waiting. */
public final class WaitStrategies
{
    private WaitStrategies()
    {
    }

    /**
     * The futex idle strategies for a consumer, a producer and a thread polling several rings.
     *
     * @return the three strategies, in that order.
     */
    public static List<IdleStrategy> futex(final Publication pub, final Subscription sub,
        final SubscriptionSelector selector)
    {
        final IdleStrategy idle = WaitStrategy.FUTEX.forSubscription(sub);          // consumer waiting for data
        final IdleStrategy full = WaitStrategy.FUTEX.forPublication(pub);           // producer waiting for space
        final IdleStrategy many = WaitStrategy.FUTEX.forSelector(selector);         // several rings (futex_waitv)
        return List.of(idle, full, many);
    }
}
