package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

class FutexSelectorIdleStrategyTest extends RingDirectoryTest
{
    @ParameterizedTest(name = "waitv={0}")
    @ValueSource(booleans = {true, false})
    void shouldWakeOneThreadBlockedOnSeveralRingsFromAnyProducer(final boolean useWaitv)
    {
        if (useWaitv && !Futex.isWaitvSupported())
        {
            return; // kernel before 5.16: the fallback case covers it
        }
        assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
        {
            final List<Publication> publications = new ArrayList<>();
            final SubscriptionSelector selector = new SubscriptionSelector();
            final AtomicLong received = new AtomicLong();
            final long[] perRing = new long[3];
            try
            {
                for (int i = 0; i < 3; i++)
                {
                    final RingContext context = TestRings.context(directory, "ring" + i, 64 * 1024);
                    final int ring = i;
                    selector.add(Subscription.open(context.copy()), (t, b, o, l) ->
                    {
                        perRing[ring]++;
                        received.incrementAndGet();
                    });
                    publications.add(Publication.open(context.copy()));
                }
                // One hour timeout: only a wake from a producer can end a sleep within the test's time.
                final FutexSelectorIdleStrategy idle = new FutexSelectorIdleStrategy(selector, 0, 0,
                    TimeUnit.HOURS.toNanos(1), useWaitv);
                final int messages = 300;
                final Thread consumer = new Thread(() ->
                {
                    while (received.get() < messages)
                    {
                        idle.idle(selector.poll(10));
                    }
                });
                consumer.start();
                final UnsafeBuffer message = new UnsafeBuffer(new byte[8]);
                for (int i = 0; i < messages; i++)
                {
                    Thread.sleep(0, 100_000);
                    assertTrue(publications.get(i % 3).offer(message, 0, 8) > 0);
                }
                consumer.join();
                assertArrayEquals(new long[]{100, 100, 100}, perRing);
                assertEquals(useWaitv, idle.usesWaitv());
                if (useWaitv)
                {
                    assertTrue(idle.sleeps() > 0, "slept in futex_waitv");
                }
            }
            finally
            {
                publications.forEach(Publication::close);
                for (int i = 0; i < selector.size(); i++)
                {
                    selector.subscription(i).close();
                }
            }
        });
    }
}
