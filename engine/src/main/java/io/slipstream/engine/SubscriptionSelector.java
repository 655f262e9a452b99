package io.slipstream.engine;

import java.util.Arrays;

/**
 * Polls several subscriptions from one thread, fairly: each call starts one subscription further along, so a busy
 * ring cannot starve the others. Add subscriptions before polling; polling does not allocate.
 */
public final class SubscriptionSelector
{
    private Subscription[] subscriptions = new Subscription[0];
    private RecordHandler[] handlers = new RecordHandler[0];
    private int next;

    /** Adds a subscription and the handler for its messages. */
    public SubscriptionSelector add(final Subscription subscription, final RecordHandler handler)
    {
        subscriptions = Arrays.copyOf(subscriptions, subscriptions.length + 1);
        handlers = Arrays.copyOf(handlers, handlers.length + 1);
        subscriptions[subscriptions.length - 1] = subscription;
        handlers[handlers.length - 1] = handler;
        return this;
    }

    /**
     * Polls every subscription once, up to {@code messageLimitPerSubscription} messages each, starting with the
     * one after the previous call's first.
     *
     * @return the number of messages delivered.
     */
    public int poll(final int messageLimitPerSubscription)
    {
        final Subscription[] subscriptions = this.subscriptions;
        final int count = subscriptions.length;
        if (count == 0)
        {
            return 0;
        }
        final int first = next;
        next = first + 1 == count ? 0 : first + 1;
        int delivered = 0;
        for (int i = 0, j = first; i < count; i++, j = j + 1 == count ? 0 : j + 1)
        {
            delivered += subscriptions[j].poll(handlers[j], messageLimitPerSubscription);
        }
        return delivered;
    }

    public int size()
    {
        return subscriptions.length;
    }

    /** The subscriptions in the order they were added. */
    public Subscription subscription(final int index)
    {
        return subscriptions[index];
    }
}
