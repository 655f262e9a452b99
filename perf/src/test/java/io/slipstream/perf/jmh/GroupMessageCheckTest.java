package io.slipstream.perf.jmh;

import io.slipstream.perf.core.HarnessException;
import io.slipstream.perf.core.Message;
import io.slipstream.perf.core.Verification;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupMessageCheckTest
{
    private static final int LENGTH = 32;
    private static final int MESSAGES = 3 * Verification.SAMPLE_INTERVAL;

    private final UnsafeBuffer message = new UnsafeBuffer(new byte[OfferPollGroupBenchmark.MAX_SIZE_BYTES]);

    @Test
    void shouldPassEveryMessageInOrderAndCountThemAtBothEnds()
    {
        final GroupMessageCheck sending = new GroupMessageCheck(Verification.SAMPLED);
        final GroupMessageCheck receiving = new GroupMessageCheck(Verification.SAMPLED);

        for (int i = 0; i < MESSAGES; i++)
        {
            sending.prepare(message, LENGTH);
            sending.sent();
            receiving.receive(message, 0, LENGTH, LENGTH);
        }

        assertEquals(MESSAGES, sending.next());
        assertEquals(MESSAGES, receiving.next());
    }

    @Test
    void shouldOfferARefusedMessageAgainUnchanged()
    {
        final GroupMessageCheck sending = new GroupMessageCheck(Verification.FULL);
        sending.prepare(message, LENGTH);
        message.putByte(LENGTH - 1, (byte)(message.getByte(LENGTH - 1) + 1));

        sending.prepare(message, LENGTH);

        assertThrows(HarnessException.class, () -> Message.verify(message, 0, LENGTH, LENGTH, 0, Verification.FULL),
            "a refused offer is not written again, so the corruption made after it stays");
        assertEquals(0, sending.next());
    }

    @Test
    void shouldFailOnASequenceGap()
    {
        final GroupMessageCheck sending = new GroupMessageCheck(Verification.SAMPLED);
        final GroupMessageCheck receiving = new GroupMessageCheck(Verification.SAMPLED);
        for (int i = 0; i < 10; i++)
        {
            sending.prepare(message, LENGTH);
            sending.sent();
            if (i != 5)
            {
                receiving.receive(message, 0, LENGTH, LENGTH);
            }
            else
            {
                sending.prepare(message, LENGTH);
                sending.sent();
                final HarnessException ex = assertThrows(HarnessException.class,
                    () -> receiving.receive(message, 0, LENGTH, LENGTH));
                assertTrue(ex.getMessage().contains("expected message 5 but received 6 (1 lost)"), ex.getMessage());
                return;
            }
        }
    }

    @Test
    void shouldFailOnACorruptedSampledMessageAndPassAnUnsampledOneUnlessFull()
    {
        assertTrue(corruptionCaught(Verification.SAMPLED, Verification.SAMPLE_INTERVAL));
        assertTrue(!corruptionCaught(Verification.SAMPLED, Verification.SAMPLE_INTERVAL + 1), "sampling's price");
        assertTrue(corruptionCaught(Verification.FULL, Verification.SAMPLE_INTERVAL + 1));
    }

    private boolean corruptionCaught(final Verification verification, final long corruptSeq)
    {
        final GroupMessageCheck sending = new GroupMessageCheck(verification);
        final GroupMessageCheck receiving = new GroupMessageCheck(verification);
        for (long seq = 0; seq <= corruptSeq; seq++)
        {
            sending.prepare(message, LENGTH);
            sending.sent();
            if (seq == corruptSeq)
            {
                message.putByte(LENGTH - 1, (byte)(message.getByte(LENGTH - 1) + 1));
                try
                {
                    receiving.receive(message, 0, LENGTH, LENGTH);
                }
                catch (final HarnessException ex)
                {
                    assertTrue(ex.getMessage().contains("message " + corruptSeq + " corrupted"), ex.getMessage());
                    return true;
                }
                return false;
            }
            receiving.receive(message, 0, LENGTH, LENGTH);
        }
        throw new AssertionError("not reached");
    }

    @Test
    void shouldMoveAndCheckEveryMessageThroughAGroupBenchmarksOfferAndPoll()
    {
        final AgronaRingGroupBenchmark benchmark = new AgronaRingGroupBenchmark();
        benchmark.size = LENGTH;
        benchmark.verify = "sampled";
        benchmark.setUpChecks();
        benchmark.setUp();
        final GroupCounters producer = new GroupCounters();
        final GroupCounters consumer = new GroupCounters();

        for (int i = 0; i < MESSAGES; i++)
        {
            assertTrue(benchmark.offer(producer));
            // At the ring's end a poll may read the padding record alone, then the message.
            assertEquals(1, benchmark.poll(consumer) + (consumer.received == i ? benchmark.poll(consumer) : 0));
        }
        assertEquals(0, benchmark.poll(consumer), "nothing more");

        assertEquals(MESSAGES, producer.sent);
        assertEquals(MESSAGES, consumer.received);
    }

    @Test
    void shouldRejectAnUnknownVerification()
    {
        final AgronaRingGroupBenchmark benchmark = new AgronaRingGroupBenchmark();
        benchmark.verify = "none";

        assertThrows(IllegalArgumentException.class, benchmark::setUpChecks);
    }
}
