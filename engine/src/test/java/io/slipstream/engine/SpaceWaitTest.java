package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.slipstream.engine.RingDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

/** A producer waiting for space: its flag does not outlive it, and a consumer that leaves wakes it. */
class SpaceWaitTest extends RingDirectoryTest
{
    private static final int CAPACITY = 4096;
    private static final long HANG_GUARD_NS = TimeUnit.SECONDS.toNanos(30);

    @Test
    void shouldClearADeadProducersWaitingForSpaceFlagOnTakeover()
    {
        final RingContext context = TestRings.context(directory, "space", CAPACITY);
        final Publication dead = Publication.open(context.copy());
        dead.ringFile().header().putIntVolatile(SPACE_WAITING_OFFSET, 1); // asleep waiting for space...
        dead.ringFile().close(); // ...when its process died
        try (Publication next = Publication.open(context.copy()))
        {
            assertEquals(0, next.ringFile().header().getIntVolatile(SPACE_WAITING_OFFSET),
                "consumers would otherwise make a futex wake call on every poll for nobody");
        }
    }

    @Test
    void shouldWakeAProducerAsleepForSpaceWhenTheConsumerHoldingItBackCloses() throws Exception
    {
        final RingContext context = TestRings.context(directory, "space", CAPACITY);
        try (Publication publication = Publication.open(context.copy());
            Subscription keeper = Subscription.open(context.copy()))
        {
            final Subscription laggard = Subscription.open(context.copy());
            final UnsafeBuffer message = new UnsafeBuffer(new byte[56]);
            int sent = 0;
            while (publication.offer(message, 0, 56) > 0)
            {
                sent++;
            }
            while (keeper.poll((t, b, o, l) -> { }, 1000) > 0)
            {
                // the keeper is up to date: only the laggard holds the producer back
            }
            // A sleep far longer than the hang guard: only a wake can end it in time.
            final FutexIdleStrategy idle = FutexIdleStrategy.forPublication(publication, 0, 0,
                TimeUnit.SECONDS.toNanos(600));
            final CompletableFuture<Long> offered = CompletableFuture.supplyAsync(
                () -> publication.offer(message, 0, 56, 0, idle));
            final long deadlineNs = System.nanoTime() + HANG_GUARD_NS;
            while (idle.sleeps() == 0)
            {
                TestRings.failIfHung(deadlineNs, "the producer never went to sleep");
                Thread.sleep(1);
            }
            assertFalse(offered.isDone());
            laggard.close();
            final long position = offered.get(30, TimeUnit.SECONDS);
            assertTrue(position > 0, "offer returned " + position);
            // One wait: a first sleep bounded to 50 us, then (unless woken in it) the rest of the 600 s.
            assertTrue(idle.sleeps() == 1 || idle.sleeps() == 2, "sleeps: " + idle.sleeps());
            assertTrue(sent > 0);
        }
    }
}
