package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SubscriptionSelectorTest extends RingDirectoryTest
{
    @Test
    void shouldPollEveryRingAndRotateWhichGoesFirst()
    {
        final UnsafeBuffer message = new UnsafeBuffer(new byte[8]);
        final List<String> order = new ArrayList<>();
        final SubscriptionSelector selector = new SubscriptionSelector();
        final List<Publication> publications = new ArrayList<>();
        final List<Subscription> subscriptions = new ArrayList<>();
        try
        {
            for (final String name : List.of("a", "b", "c"))
            {
                final RingContext context = TestRings.context(directory, name, 4096);
                final Subscription subscription = Subscription.open(context.copy());
                subscriptions.add(subscription);
                publications.add(Publication.open(context.copy()));
                selector.add(subscription, (t, b, o, l) -> order.add(name));
            }
            assertEquals(0, selector.poll(10));
            for (int round = 0; round < 3; round++)
            {
                for (final Publication publication : publications)
                {
                    publication.offer(message, 0, 8);
                }
            }
            assertEquals(3, selector.poll(1));
            assertEquals(3, selector.poll(1));
            assertEquals(3, selector.poll(1));
            // Each call starts one ring further on (the empty first call started at a): no ring is always last.
            assertEquals(List.of("b", "c", "a", "c", "a", "b", "a", "b", "c"), order);
            assertEquals(3, selector.size());
        }
        finally
        {
            publications.forEach(Publication::close);
            subscriptions.forEach(Subscription::close);
        }
    }
}
