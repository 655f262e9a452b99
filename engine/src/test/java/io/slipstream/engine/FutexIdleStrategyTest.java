package io.slipstream.engine;

import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

class FutexIdleStrategyTest
{
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);
    private Path directory;
    private RingContext context;

    @BeforeEach
    void setUp()
    {
        directory = TestRings.newDirectory();
        context = TestRings.context(directory, "f", 64 * 1024);
    }

    @AfterEach
    void tearDown()
    {
        TestRings.delete(directory);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // hang guard
    void shouldSleepAndBeWokenByEachCommit() throws Exception
    {
        final int messages = 2_000;
        try (Subscription subscription = Subscription.open(context.copy());
            Publication publication = Publication.open(context.copy()))
        {
            final FutexIdleStrategy idle = FutexIdleStrategy.forSubscription(subscription, 0, 0, TIMEOUT_NS);
            final AtomicLong received = new AtomicLong();
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final Thread consumer = new Thread(() ->
            {
                try
                {
                    long expected = 0;
                    while (expected < messages)
                    {
                        final long[] next = {expected};
                        final int count = subscription.poll((t, b, o, l) ->
                        {
                            assertEquals(next[0]++, b.getLong(o));
                        }, 10);
                        expected = next[0];
                        received.set(expected);
                        idle.idle(count);
                    }
                }
                catch (final Throwable ex)
                {
                    failure.set(ex);
                }
            });
            consumer.start();
            final UnsafeBuffer message = new UnsafeBuffer(new byte[8]);
            for (long i = 0; i < messages; i++)
            {
                // Let the consumer fall asleep before most messages.
                final long until = System.nanoTime() + 50_000;
                while (System.nanoTime() < until)
                {
                    Thread.onSpinWait();
                }
                message.putLong(0, i);
                assertTrue(publication.offer(message, 0, 8) > 0);
            }
            consumer.join();
            assertNull(failure.get());
            assertEquals(messages, received.get());
            assertTrue(idle.sleeps() > 0, "the consumer slept");
            assertTrue(publication.wakeCalls() > 0, "the producer woke it");
            assertEquals(0, idle.timeoutsWithData(), "no sleep ran to its timeout with data waiting");
        }
    }

    @Test
    void shouldMakeNoWakeCallWhileNobodySleeps()
    {
        try (Subscription subscription = Subscription.open(context.copy());
            Publication publication = Publication.open(context.copy()))
        {
            final UnsafeBuffer message = new UnsafeBuffer(new byte[8]);
            for (int i = 0; i < 10_000; i++)
            {
                assertTrue(publication.offer(message, 0, 8) > 0);
                subscription.poll((t, b, o, l) -> { }, 10);
            }
            assertEquals(0, publication.wakeCalls());
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // hang guard
    void shouldWakeSleeperAtEndOfStream() throws Exception
    {
        try (Subscription subscription = Subscription.open(context.copy()))
        {
            final Publication publication = Publication.open(context.copy());
            final long hourNs = TimeUnit.HOURS.toNanos(1);
            final IdleStrategy idle = FutexIdleStrategy.forSubscription(subscription, 0, 0, hourNs);
            final Thread consumer = new Thread(() ->
            {
                while (!subscription.isEndOfStream())
                {
                    idle.idle(subscription.poll((t, b, o, l) -> { }, 10));
                }
            });
            consumer.start();
            while (((FutexIdleStrategy)idle).sleeps() == 0)
            {
                Thread.sleep(1);
            }
            publication.close();
            consumer.join(); // would hang for an hour if the close did not wake it
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // hang guard
    void shouldWakeProducerWaitingForSpace() throws Exception
    {
        final RingContext small = TestRings.context(directory, "space", 1024);
        try (Subscription subscription = Subscription.open(small.copy());
            Publication publication = Publication.open(small.copy()))
        {
            final FutexIdleStrategy idle = FutexIdleStrategy.forPublication(publication, 0, 0, TIMEOUT_NS);
            final int messages = 2_000;
            final Thread consumer = new Thread(() ->
            {
                int received = 0;
                while (received < messages)
                {
                    final int count = subscription.poll((t, b, o, l) -> { }, 1);
                    received += count;
                    if (count == 0)
                    {
                        Thread.onSpinWait();
                    }
                    else if (received % 16 == 0)
                    {
                        LockSupportSleep.micros(50); // slow consumer: the producer keeps running out of space
                    }
                }
            });
            consumer.start();
            final UnsafeBuffer message = new UnsafeBuffer(new byte[56]);
            for (int i = 0; i < messages; i++)
            {
                assertTrue(publication.offer(message, 0, 56, 0, idle) > 0);
            }
            consumer.join();
            assertTrue(idle.sleeps() > 0, "the producer slept waiting for space");
            assertEquals(0, idle.timeoutsWithData(), "freed space always woke the producer");
        }
    }

    @Test
    void shouldBeSelectableByName()
    {
        try (Subscription subscription = Subscription.open(context.copy());
            Publication publication = Publication.open(context.copy()))
        {
            assertInstanceOf(FutexIdleStrategy.class, WaitStrategy.parse("futex").forSubscription(subscription));
            assertInstanceOf(FutexIdleStrategy.class, WaitStrategy.FUTEX.forPublication(publication));
            assertThrows(UnsupportedOperationException.class, WaitStrategy.FUTEX::newIdleStrategy);
        }
    }

    static final class LockSupportSleep
    {
        static void micros(final long micros)
        {
            java.util.concurrent.locks.LockSupport.parkNanos(micros * 1000);
        }
    }
}
