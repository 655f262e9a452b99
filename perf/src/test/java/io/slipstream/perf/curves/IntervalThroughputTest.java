package io.slipstream.perf.curves;

import io.slipstream.perf.core.Endpoint;
import io.slipstream.perf.core.HarnessException;
import io.slipstream.perf.core.Message;
import io.slipstream.perf.core.MessageSink;
import io.slipstream.perf.core.Verification;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntervalThroughputTest
{
    private static final int LENGTH = 32;

    /**
     * A receiver in the same thread: it refuses the first attempt at every message (back-pressure), checks each
     * accepted one as the run's default verification says and acknowledges the ones the harness's receiver would.
     */
    private static final class RefusingEndpoint implements Endpoint
    {
        private final long firstAck;
        private final long lastAck;
        private final List<UnsafeBuffer> acks = new ArrayList<>();
        private long expectedSeq;
        private boolean refusedCurrent;
        private long refusals;

        RefusingEndpoint(final long firstAck, final long lastAck)
        {
            this.firstAck = firstAck;
            this.lastAck = lastAck;
        }

        @Override
        public boolean offer(final DirectBuffer buffer, final int offset, final int length)
        {
            if (!refusedCurrent)
            {
                refusedCurrent = true;
                refusals++;
                return false;
            }
            Message.verify(buffer, offset, length, LENGTH, expectedSeq, Verification.SAMPLED);
            if (expectedSeq == firstAck || expectedSeq == lastAck)
            {
                final UnsafeBuffer copy = new UnsafeBuffer(new byte[length]);
                copy.putBytes(0, buffer, offset, length);
                acks.add(copy);
            }
            expectedSeq++;
            refusedCurrent = false;
            return true;
        }

        @Override
        public int poll(final MessageSink sink)
        {
            if (acks.isEmpty())
            {
                return 0;
            }
            final UnsafeBuffer ack = acks.removeFirst();
            sink.onMessage(ack, 0, ack.capacity());
            return 1;
        }

        @Override
        public void close()
        {
        }
    }

    @Test
    void shouldCountEveryRefusedOfferOfTheMeasuredMessagesAndSliceTheRunIntoIntervals()
    {
        final RefusingEndpoint endpoint = new RefusingEndpoint(9, 109);

        final OneWayResult result = new IntervalThroughput(endpoint, LENGTH, () -> true, TimeUnit.SECONDS.toNanos(5),
            Verification.SAMPLED).run(10, 100);

        assertEquals(110, endpoint.expectedSeq, "every message sent once, in order");
        assertEquals(110, endpoint.refusals);
        assertEquals(100, result.failedOffers(), "refusals during the warm-up are not counted");
        assertEquals(5, result.intervalMessages());
        assertEquals(IntervalThroughput.INTERVALS, result.intervalRates().length);
        assertTrue(Arrays.stream(result.intervalRates()).allMatch(rate -> rate > 0));
        assertTrue(result.messagesPerSecond() > 0);
    }

    @Test
    void shouldPutTheRemainderOfTheMessagesInTheLastInterval()
    {
        final OneWayResult result = new IntervalThroughput(new RefusingEndpoint(-1, 44), LENGTH, () -> true,
            TimeUnit.SECONDS.toNanos(5), Verification.SAMPLED).run(0, 45);

        assertEquals(2, result.intervalMessages());
        assertEquals(IntervalThroughput.INTERVALS, result.intervalRates().length);
        assertEquals(45, result.failedOffers());
    }

    @Test
    void shouldFailWhenThePeerDiesWhileTheSenderWaits()
    {
        final Endpoint neverAccepts = new Endpoint()
        {
            @Override
            public boolean offer(final DirectBuffer buffer, final int offset, final int length)
            {
                return false;
            }

            @Override
            public int poll(final MessageSink sink)
            {
                return 0;
            }

            @Override
            public void close()
            {
            }
        };

        final HarnessException ex = assertThrows(HarnessException.class, () -> new IntervalThroughput(neverAccepts,
            LENGTH, () -> false, TimeUnit.SECONDS.toNanos(5), Verification.SAMPLED).run(0, 10));

        assertTrue(ex.getMessage().contains("peer died"), ex.getMessage());
    }
}
