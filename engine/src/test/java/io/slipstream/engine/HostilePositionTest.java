package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.slipstream.engine.RingDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Positions in the file that no live party can have: a consumer slot ahead of the producer (or far behind it) and
 * records running laps past the producer's position. The producer is neither stalled nor let run on for ever; a
 * consumer is stopped with {@link RingFileException} instead of reading laps for ever; the inspector names the bad
 * slot.
 */
class HostilePositionTest extends RingDirectoryTest
{
    private static final int CAPACITY_BYTES = 4096;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private RingContext context()
    {
        return TestRings.packedContext(directory, "hostile", CAPACITY_BYTES).consumerSlots(2);
    }

    /**
     * A slot value outside [tail - capacity, tail] is clamped: ahead of the tail counts as the previous lowest
     * position, below as a ring behind. The producer writes at most one ring past the consumer's real position, so the
     * consumer loses nothing, and once it polls (rewriting its slot) the producer goes on.
     */
    @Test
    void shouldClampAConsumerSlotPositionOutsideTheRing()
    {
        int stream = 0;
        for (final long hostile : new long[] {100L * CAPACITY_BYTES, Long.MAX_VALUE - 7, -8, Long.MIN_VALUE})
        {
            final RingContext context = context().streamName("hostile-" + stream++);
            try (Publication publication = Publication.open(context);
                Subscription subscription = Subscription.open(context.copy()))
            {
                final UnsafeBuffer message = new UnsafeBuffer(new byte[56]);
                for (int i = 0; i < 10; i++)
                {
                    assertTrue(publication.offer(message, 0, message.capacity()) > 0);
                }
                final long tailAtCorruption = publication.position();
                publication.ringFile().header().putLongVolatile(slotPositionOffset(subscription.slotIndex()), hostile);
                final RingInspector.RingReport report = RingInspector.inspect(publication.ringFile().path());
                assertNotNull(report.consumers().get(0).problem(), "the inspector must flag position " + hostile);

                long sent = 0;
                while (publication.offer(message, 0, message.capacity()) > 0)
                {
                    sent++;
                }
                assertTrue(publication.position() - subscription.position() <= CAPACITY_BYTES,
                    "slot position " + hostile + " let the producer run more than a ring past the consumer");
                final long[] read = {0};
                String refusal = "none";
                try
                {
                    assertTimeoutPreemptively(TIMEOUT, () ->
                    {
                        while (subscription.poll((t, b, o, l) -> read[0]++, 1000) > 0)
                        {
                            // drain
                        }
                    });
                }
                catch (final RingFileException ex)
                {
                    refusal = ex.getMessage();
                }
                assertEquals("none", refusal);
                assertEquals(10 + sent, read[0], "the consumer lost records to a producer misled by its slot");
                assertTrue(publication.offer(message, 0, message.capacity()) > 0,
                    "the producer is still held after the consumer polled");
                System.out.printf("HostilePositionTest: slot position %d -> producer sent %d more (%d bytes past " +
                    "its tail), consumer read %d, refusal: %s; inspector: %s%n", hostile, sent,
                    publication.position() - tailAtCorruption, read[0], refusal, report.consumers().get(0).problem());
            }
        }
    }

    @Test
    void shouldStopAConsumerReadingLapsPastTheProducer()
    {
        try (Subscription subscription = Subscription.open(context()))
        {
            final UnsafeBuffer data = subscription.ringFile().data();
            for (int index = 0; index < CAPACITY_BYTES; index += 64)
            {
                data.putInt(index + RecordDescriptor.TYPE_OFFSET, RecordDescriptor.PADDING_TYPE_ID);
                data.putInt(index + RecordDescriptor.LENGTH_OFFSET, 64);
            }
            final RingFileException ex = assertTimeoutPreemptively(TIMEOUT, () -> assertThrows(RingFileException.class,
                () ->
                {
                    while (true)
                    {
                        subscription.poll((t, b, o, l) -> { }, Integer.MAX_VALUE);
                    }
                }));
            assertTrue(ex.getMessage().contains("more than a ring past the producer"), ex.getMessage());
            System.out.println("HostilePositionTest: a ring of padding ahead of the producer: " + ex.getMessage());
        }
    }
}
