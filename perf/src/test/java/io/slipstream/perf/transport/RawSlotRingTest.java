package io.slipstream.perf.transport;

import io.slipstream.perf.core.HarnessException;
import io.slipstream.perf.core.Message;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RawSlotRingTest
{
    private static final int LENGTH = 32;

    private static UnsafeBuffer region(final int lengthBytes)
    {
        return new UnsafeBuffer(ByteBuffer.allocateDirect((int)RawSlotRing.regionBytes(lengthBytes)));
    }

    private static UnsafeBuffer message(final long seq)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[LENGTH]);
        Message.encode(buffer, 0, LENGTH, seq);
        return buffer;
    }

    @Test
    void shouldPackSlotsEightByteAlignedIntoAtMostOneMebibyte()
    {
        assertEquals(40, RawSlotRing.strideBytes(32));
        assertEquals(264, RawSlotRing.strideBytes(256));
        assertEquals(16_384, RawSlotRing.slotCount(32));
        assertTrue(RawSlotRing.regionBytes(256) <= RawSlotRing.SLOTS_OFFSET + (1 << 20));
    }

    @Test
    void shouldRefuseAnOfferWhenFullUntilTheReaderConsumes()
    {
        final UnsafeBuffer shared = region(LENGTH);
        final RawSlotRing writer = new RawSlotRing(shared, LENGTH);
        final RawSlotRing reader = new RawSlotRing(shared, LENGTH);
        final int slots = RawSlotRing.slotCount(LENGTH);
        for (long seq = 0; seq < slots; seq++)
        {
            assertTrue(writer.offer(message(seq), 0, LENGTH), "slot " + seq);
        }

        assertFalse(writer.offer(message(slots), 0, LENGTH));
        assertEquals(1, reader.poll((b, o, l) -> Message.verify(b, o, l, LENGTH, 0)));
        assertTrue(writer.offer(message(slots), 0, LENGTH));
    }

    @Test
    void shouldDeliverInOrderAcrossManyWraps()
    {
        final UnsafeBuffer shared = region(LENGTH);
        final RawSlotRing writer = new RawSlotRing(shared, LENGTH);
        final RawSlotRing reader = new RawSlotRing(shared, LENGTH);
        final long[] expected = {0};
        for (long seq = 0; seq < 5L * RawSlotRing.slotCount(LENGTH); seq++)
        {
            assertTrue(writer.offer(message(seq), 0, LENGTH));
            assertEquals(1, reader.poll((b, o, l) -> Message.verify(b, o, l, LENGTH, expected[0]++)));
        }
        assertEquals(0, reader.poll((b, o, l) -> { }));
    }

    @Test
    void shouldDetectAMessageSkippedByTheReader()
    {
        // Negative control: the verification the harness relies on does catch a lost slot.
        final UnsafeBuffer shared = region(LENGTH);
        final RawSlotRing writer = new RawSlotRing(shared, LENGTH);
        writer.offer(message(0), 0, LENGTH);
        writer.offer(message(1), 0, LENGTH);
        final RawSlotRing reader = new RawSlotRing(shared, LENGTH);
        reader.poll((b, o, l) -> { });

        assertThrows(HarnessException.class, () -> reader.poll((b, o, l) -> Message.verify(b, o, l, LENGTH, 0)));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // hang guard only
    void shouldCarryEveryMessageIntactBetweenTwoThreads() throws Exception
    {
        final long total = 300_000;
        final UnsafeBuffer shared = region(LENGTH);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread consumer = new Thread(() ->
        {
            final RawSlotRing reader = new RawSlotRing(shared, LENGTH);
            final long[] next = {0};
            try
            {
                while (next[0] < total)
                {
                    reader.poll((b, o, l) -> Message.verify(b, o, l, LENGTH, next[0]++));
                }
            }
            catch (final Throwable ex)
            {
                failure.set(ex);
            }
        });
        consumer.start();
        final RawSlotRing writer = new RawSlotRing(shared, LENGTH);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[LENGTH]);
        for (long seq = 0; seq < total && failure.get() == null; seq++)
        {
            Message.encode(buffer, 0, LENGTH, seq);
            while (!writer.offer(buffer, 0, LENGTH) && failure.get() == null)
            {
                Thread.onSpinWait();
            }
        }
        consumer.join();
        assertEquals(null, failure.get());
    }

    @Test
    void shouldReleaseAFullRingWhenConsumerStoresAreBatched()
    {
        final UnsafeBuffer shared = new UnsafeBuffer(ByteBuffer.allocateDirect((int)RawSlotRing.regionBytes(LENGTH)));
        final RawSlotRing writer = new RawSlotRing(shared, LENGTH, false, true);
        final RawSlotRing reader = new RawSlotRing(shared, LENGTH, false, true);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[LENGTH]);
        final int slots = RawSlotRing.slotCount(LENGTH);
        final long[] next = {0};
        long sent = 0;
        // Three laps of the ring, filling it each time, reading a few messages short of a batch in between.
        for (int lap = 0; lap < 3; lap++)
        {
            for (int i = 0; i < slots; i++)
            {
                Message.encode(buffer, 0, LENGTH, sent);
                if (!writer.offer(buffer, 0, LENGTH))
                {
                    break;
                }
                sent++;
            }
            Message.encode(buffer, 0, LENGTH, sent);
            assertFalse(writer.offer(buffer, 0, LENGTH), "full");
            for (int i = 0; i < RawSlotRing.BATCH_MESSAGES - 3; i++)
            {
                assertEquals(1, reader.poll((b, o, l) -> Message.verify(b, o, l, LENGTH, next[0]++)));
            }
            // Fewer than a batch read: not yet handed back.
            assertFalse(writer.offer(buffer, 0, LENGTH), "count not stored before a batch or an empty ring");
            while (reader.poll((b, o, l) -> Message.verify(b, o, l, LENGTH, next[0]++)) == 1)
            {
                // drain
            }
            assertEquals(sent, next[0]);
        }
    }

    @Test
    void shouldPutEveryMessageOnFreshLinesWhenLineAligned()
    {
        assertEquals(64, RawSlotRing.strideBytes(32, true));
        assertEquals(320, RawSlotRing.strideBytes(256, true));
        assertEquals(RawSlotRing.SLOTS_OFFSET + 16_384L * 64, RawSlotRing.regionBytes(32, true));
    }
}
