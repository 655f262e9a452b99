package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A consumer killed with kill -9 must not hold the producer back for ever: once back-pressured, the producer finds
 * the dead owner and frees its slot. While the consumer lives, the producer stays back-pressured (the control).
 */
class DeadConsumerTest extends RingDirectoryTest
{
    @Test
    void shouldReleaseTheSlotOfAConsumerKilledWhileBehind() throws Exception
    {
        final RingContext context = new RingContext().directory(directory).streamName("held").capacityBytes(64 * 1024);
        try (ChildProcess consumer = ChildProcess.start("consumer", directory, IdleConsumerMain.class,
            directory.toString(), "held", Integer.toString(64 * 1024)))
        {
            consumer.awaitLine("READY", Duration.ofSeconds(60));
            try (Publication publication = Publication.open(context))
            {
                holdThenRelease(consumer, publication);
            }
        }
    }

    private static void holdThenRelease(final ChildProcess consumer, final Publication publication) throws Exception
    {
        final UnsafeBuffer message = new UnsafeBuffer(new byte[16]);
        long sent = 0;
        while (publication.offer(message, 0, 16) > 0)
        {
            message.putLong(8, ++sent);
        }
        final long sentBeforeKill = sent;
        final long aliveUntil = System.nanoTime() + 3 * Publication.CONSUMER_CHECK_INTERVAL_NS;
        while (System.nanoTime() < aliveUntil)
        {
            assertEquals(Publication.BACK_PRESSURED, publication.offer(message, 0, 16),
                "a live consumer holds the producer back");
            Thread.sleep(1);
        }
        assertEquals(0, publication.releasedConsumers());

        consumer.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (publication.releasedConsumers() == 0)
        {
            // Offers drive the check; with no consumer left the ring's contents are kept for the next one.
            assertEquals(Publication.BACK_PRESSURED, publication.offer(message, 0, 16));
            TestRings.failIfHung(deadline, "the dead consumer's slot was never released");
            Thread.sleep(1);
        }
        assertEquals(1, publication.releasedConsumers());

        // A consumer joining now gets everything the dead one had not read, and frees the producer.
        final RingContext context = new RingContext().directory(publication.ringFile().path().getParent())
            .streamName("held");
        try (Subscription rejoined = Subscription.open(context))
        {
            assertEquals(0, rejoined.slotIndex(), "the freed slot is reused");
            final long[] next = {0};
            rejoined.poll((t, b, o, l) -> assertEquals(next[0]++, b.getLong(o + 8)), Integer.MAX_VALUE);
            assertEquals(sentBeforeKill, next[0], "nothing the dead consumer left unread is lost");
            assertTrue(publication.offer(message, 0, 16) > 0);
        }
    }
}
