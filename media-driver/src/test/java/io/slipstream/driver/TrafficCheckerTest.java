package io.slipstream.driver;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Negative controls for the end-to-end tests: the checker catches a lost, repeated, reordered or damaged message. */
class TrafficCheckerTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[Traffic.MAX_LENGTH]);

    private void deliver(final Traffic.Checker checker, final long seq)
    {
        Traffic.encode(buffer, seq, Traffic.length(seq));
        checker.onMessage(Traffic.typeId(seq), buffer, 0, Traffic.length(seq));
    }

    @Test
    void shouldAcceptMessagesInOrderIncludingLongOnes()
    {
        final Traffic.Checker checker = new Traffic.Checker(false);
        for (long seq = 0; seq < 2 * Traffic.HUGE_EVERY; seq++)
        {
            deliver(checker, seq);
        }
        assertNull(checker.error);
        assertEquals(2 * Traffic.HUGE_EVERY, checker.received);
    }

    @Test
    void shouldCatchALostMessage()
    {
        final Traffic.Checker checker = new Traffic.Checker(false);
        deliver(checker, 0);
        deliver(checker, 2);
        assertTrue(checker.error.contains("1 lost"), checker.error);
    }

    @Test
    void shouldCatchARepeatEvenWhereGapsAreAllowed()
    {
        final Traffic.Checker checker = new Traffic.Checker(true);
        deliver(checker, 0);
        deliver(checker, 5);
        deliver(checker, 3);
        assertTrue(checker.error.contains("duplicated or reordered"), checker.error);
        assertEquals(4, checker.lost());
    }

    @Test
    void shouldCatchADamagedPayloadAndAWrongTypeId()
    {
        final Traffic.Checker damaged = new Traffic.Checker(false);
        Traffic.encode(buffer, 0, Traffic.length(0));
        buffer.putByte(9, (byte)(buffer.getByte(9) + 1));
        damaged.onMessage(Traffic.typeId(0), buffer, 0, Traffic.length(0));
        assertTrue(damaged.error.contains("bad checksum"), damaged.error);

        final Traffic.Checker wrongType = new Traffic.Checker(false);
        Traffic.encode(buffer, 0, Traffic.length(0));
        wrongType.onMessage(Traffic.typeId(0) + 1, buffer, 0, Traffic.length(0));
        assertTrue(wrongType.error.contains("type id"), wrongType.error);
    }
}
