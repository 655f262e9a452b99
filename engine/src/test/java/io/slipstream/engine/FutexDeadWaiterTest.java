package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A consumer killed with kill -9 while asleep on the futex leaves its waiter bit set. The producer must not pay a
 * wake system call on every commit for ever: after {@link Publication#EMPTY_WAKES_BEFORE_WAITER_CHECK} wakes that
 * found nobody it clears the bits of dead slots.
 */
class FutexDeadWaiterTest extends RingDirectoryTest
{
    @Test
    void shouldStopWakingAConsumerKilledInItsSleep() throws Exception
    {
        final RingContext context = new RingContext().directory(directory).streamName(FutexHandoffMain.STREAM);
        try (ChildProcess consumer = ChildProcess.start("consumer", directory, FutexHandoffMain.class, "consume",
            directory.toString(), "1", "3600000", "false"))
        {
            consumer.awaitLine("READY", Duration.ofSeconds(60));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            try (Publication publication = Publication.open(context))
            {
                final UnsafeBuffer header = publication.header();
                while (header.getLongVolatile(RingDescriptor.DATA_WAITER_MASK_OFFSET) == 0)
                {
                    TestRings.failIfHung(deadline, "consumer never went to sleep");
                    Thread.sleep(1);
                }
                consumer.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                assertNotEquals(0, header.getLongVolatile(RingDescriptor.DATA_WAITER_MASK_OFFSET),
                    "the killed consumer's bit is still set");

                final UnsafeBuffer message = new UnsafeBuffer(new byte[8]);
                for (int i = 0; i < 1_000; i++)
                {
                    assertTrue(publication.offer(message, 0, 8) > 0);
                }
                assertEquals(Publication.EMPTY_WAKES_BEFORE_WAITER_CHECK, publication.wakeCalls(),
                    "wake calls stop once the dead waiter is found");
                assertEquals(0, header.getLongVolatile(RingDescriptor.DATA_WAITER_MASK_OFFSET));
            }
        }
    }
}
