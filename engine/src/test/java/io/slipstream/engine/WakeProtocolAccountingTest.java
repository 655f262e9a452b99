package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static io.slipstream.engine.RingDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The bookkeeping of both wake protocols, driven step by step on a real ring header: no wake call while nobody is
 * registered, the sequence bumped on each wake, and the caller told to look for a dead waiter after exactly
 * {@link DataWakeProtocol#EMPTY_WAKES_BEFORE_WAITER_CHECK} wakes in a row that found nobody.
 */
class WakeProtocolAccountingTest
{
    private Path directory;
    private Publication publication;
    private UnsafeBuffer header;
    private UnsafeBuffer data;
    private Futex futex;

    @BeforeEach
    void setUp()
    {
        directory = TestRings.newDirectory();
        publication = Publication.open(TestRings.context(directory, "accounting", 4096));
        header = publication.ringFile().header();
        data = new UnsafeBuffer(new byte[64]);
        futex = new Futex();
    }

    @AfterEach
    void tearDown()
    {
        futex.close();
        publication.close();
        TestRings.delete(directory);
    }

    @Test
    void shouldMakeNoWakeCallWhileNobodyIsRegistered()
    {
        final DataWakeProtocol protocol = new DataWakeProtocol(header, futex);
        final int seq = header.getIntVolatile(DATA_FUTEX_SEQ_OFFSET);
        for (int i = 0; i < 1_000; i++)
        {
            assertFalse(publish(protocol, data));
        }
        assertEquals(0, protocol.wakeCalls());
        assertEquals(seq, header.getIntVolatile(DATA_FUTEX_SEQ_OFFSET));
        assertEquals(16, data.getInt(RecordDescriptor.LENGTH_OFFSET), "the commit word was stored");
        assertEquals(16, header.getLongVolatile(PRODUCER_POSITION_OFFSET), "the position was recorded");
    }

    @Test
    void shouldAskForAWaiterCheckAfterExactlySoManyEmptyDataWakes()
    {
        final DataWakeProtocol protocol = new DataWakeProtocol(header, futex);
        final int seq = protocol.register(1L << 5); // registered, never asleep: like a consumer killed in its sleep
        for (int round = 1; round <= 2; round++)
        {
            for (int i = 1; i < DataWakeProtocol.EMPTY_WAKES_BEFORE_WAITER_CHECK; i++)
            {
                assertFalse(publish(protocol, data), "wake " + i + " of round " + round);
            }
            assertTrue(publish(protocol, data), "the last wake of round " + round + " asks for a check");
        }
        assertEquals(2L * DataWakeProtocol.EMPTY_WAKES_BEFORE_WAITER_CHECK, protocol.wakeCalls());
        assertEquals(seq + 2 * DataWakeProtocol.EMPTY_WAKES_BEFORE_WAITER_CHECK,
            header.getIntVolatile(DATA_FUTEX_SEQ_OFFSET), "each wake bumped the sequence");
        protocol.deregister(1L << 5);
        assertEquals(0, header.getLongVolatile(DATA_WAITER_MASK_OFFSET));
        assertFalse(publish(protocol, data));
        assertEquals(2L * DataWakeProtocol.EMPTY_WAKES_BEFORE_WAITER_CHECK, protocol.wakeCalls(), "none after");
    }

    @Test
    void shouldAskForAProducerCheckAfterExactlySoManyEmptySpaceWakes()
    {
        final SpaceWakeProtocol protocol = new SpaceWakeProtocol(header, futex);
        final int slotPosition = slotPositionOffset(0);
        assertFalse(protocol.release(slotPosition, 8), "no flag: no wake");
        assertEquals(8, header.getLongVolatile(slotPosition));
        final int seq = header.getIntVolatile(SPACE_FUTEX_SEQ_OFFSET);
        header.putIntVolatile(SPACE_WAITING_OFFSET, 1); // flag left by a producer killed in its sleep
        for (int i = 1; i < DataWakeProtocol.EMPTY_WAKES_BEFORE_WAITER_CHECK; i++)
        {
            assertFalse(protocol.release(slotPosition, 8L * (i + 1)));
        }
        assertTrue(protocol.release(slotPosition, 1024));
        assertEquals(seq + DataWakeProtocol.EMPTY_WAKES_BEFORE_WAITER_CHECK,
            header.getIntVolatile(SPACE_FUTEX_SEQ_OFFSET));
        protocol.clearStaleWaitingFlag();
        assertEquals(0, header.getIntVolatile(SPACE_WAITING_OFFSET));
        assertFalse(protocol.release(slotPosition, 2048));
        assertEquals(seq + DataWakeProtocol.EMPTY_WAKES_BEFORE_WAITER_CHECK,
            header.getIntVolatile(SPACE_FUTEX_SEQ_OFFSET), "no wake once the flag is gone");
    }

    @Test
    void shouldNotSleepWhenDataIsAlreadyThere()
    {
        final RingContext context = TestRings.context(directory, "accounting", 4096);
        try (Subscription subscription = Subscription.open(context))
        {
            assertTrue(publication.offer(data, 0, 8) > 0);
            final DataWakeProtocol protocol = new DataWakeProtocol(subscription.header(), futex);
            final long bit = 1L << subscription.slotIndex();
            assertEquals(DataWakeProtocol.READY, protocol.await(subscription, bit, 1_000_000_000L));
            assertEquals(0, protocol.sleeps());
            assertEquals(0, header.getLongVolatile(DATA_WAITER_MASK_OFFSET), "registration withdrawn");
        }
    }

    private static boolean publish(final DataWakeProtocol protocol, final UnsafeBuffer data)
    {
        return protocol.publish(RecordFormat.PACKED, data, 0, 16, 16);
    }
}
