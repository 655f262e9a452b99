package io.slipstream.perf.loop;

import io.slipstream.perf.core.Endpoint;
import io.slipstream.perf.core.HarnessException;
import io.slipstream.perf.core.Message;
import io.slipstream.perf.core.MessageSink;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Open-loop latency is counted from each message's intended send time: a receiver that stalls delays every message
 * scheduled during the stall, and that must show in the figures even though the sender, held back by a full ring,
 * sent those messages late.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // hang guard only
class OpenLoopPingTest
{
    private static final int LENGTH = 32;
    private static final long RATE_PER_SECOND = 10_000;
    private static final long WARMUP = 100;
    private static final long MEASURED = 2_000;
    private static final long STALL_SEQ = WARMUP + 500;
    private static final long STALL_MS = 50;
    /** A small ring: about 25 messages in flight, so the stall soon blocks the sender. */
    private static final int RING_BYTES = 1024;
    private static final long LONG_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);

    @Test
    void shouldShowAStalledReceiverInTheFiguresFromTheIntendedSendTime() throws Exception
    {
        final Histogram corrected = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final Histogram naive = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);

        runAgainstEcho(STALL_SEQ, corrected, naive);

        assertEquals(MEASURED, corrected.getTotalCount());
        assertEquals(MEASURED, naive.getTotalCount());
        // Every message scheduled in the first half of the stall is echoed at least half a stall late: at 10,000
        // msg/s that is 250 messages. The sleep makes this a lower bound on any machine, however slow.
        final long halfStallNs = TimeUnit.MILLISECONDS.toNanos(STALL_MS / 2);
        final long correctedLate = corrected.getCountBetweenValues(halfStallNs, corrected.getHighestTrackableValue());
        assertTrue(correctedLate >= 200, "late messages from the intended send time: " + correctedLate);
        // Counted from the actual send time, the messages the blocked sender sent late look fast: the naive figure
        // hides most of the stall (coordinated omission), which is why it is only shown beside the other.
        final long naiveLate = naive.getCountBetweenValues(halfStallNs, naive.getHighestTrackableValue());
        assertTrue(naiveLate < correctedLate, "naive " + naiveLate + " vs corrected " + correctedLate);
        assertTrue(corrected.getValueAtPercentile(90) > naive.getValueAtPercentile(90));
    }

    @Test
    void shouldNeverRecordLessFromTheIntendedThanFromTheActualSendTime() throws Exception
    {
        final Histogram corrected = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final Histogram naive = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);

        runAgainstEcho(-1, corrected, naive);

        for (final double percentile : new double[] {50, 90, 99, 99.9, 99.99})
        {
            assertTrue(corrected.getValueAtPercentile(percentile) >= naive.getValueAtPercentile(percentile),
                "p" + percentile);
        }
    }

    @Test
    void shouldWarmUpOneRoundTripAtATimeThenKeepTheSchedule() throws Exception
    {
        final Endpoint[] endpoints = InMemoryEndpoints.pair(RING_BYTES);
        final long[] inFlight = new long[3]; // sent, echoed, most in flight during the warm-up
        final Endpoint counting = new Endpoint()
        {
            public boolean offer(final DirectBuffer buffer, final int offset, final int length)
            {
                final boolean offered = endpoints[0].offer(buffer, offset, length);
                if (offered && ++inFlight[0] <= WARMUP)
                {
                    inFlight[2] = Math.max(inFlight[2], inFlight[0] - inFlight[1]);
                }
                return offered;
            }

            public int poll(final MessageSink sink)
            {
                final int count = endpoints[0].poll(sink);
                inFlight[1] += count;
                return count;
            }

            public void close()
            {
                endpoints[0].close();
            }
        };
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicReference<Throwable> pongError = new AtomicReference<>();
        final Thread pong = new Thread(() -> stallingEcho(endpoints[1], -1, stop, pongError), "echo");
        pong.start();
        final Histogram corrected = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final long startNs = System.nanoTime();
        try
        {
            new OpenLoopPing(LoopContext.checked(counting, LENGTH, () -> true, LONG_TIMEOUT_NS), RATE_PER_SECOND)
                .run(WARMUP, MEASURED, corrected, new Histogram(TimeUnit.SECONDS.toNanos(10), 3));
        }
        finally
        {
            stop.set(true);
            pong.join();
        }
        assertNull(pongError.get());
        assertEquals(1, inFlight[2], "the warm-up waits for each echo before the next message");
        assertEquals(WARMUP + MEASURED, inFlight[1]);
        assertEquals(MEASURED, corrected.getTotalCount());
        // The measured messages keep their schedule: MEASURED messages at RATE_PER_SECOND take at least that long.
        assertTrue(System.nanoTime() - startNs >= (MEASURED - 1) * TimeUnit.SECONDS.toNanos(1) / RATE_PER_SECOND);
    }

    @Test
    void shouldFailWhenAnEchoIsLost()
    {
        final Endpoint[] endpoints = InMemoryEndpoints.pair(RING_BYTES);
        final OpenLoopPing ping = new OpenLoopPing(
            LoopContext.checked(endpoints[0], LENGTH, () -> true, TimeUnit.MILLISECONDS.toNanos(300)), RATE_PER_SECOND);
        // Nobody echoes: the first message never comes back.
        final HarnessException ex = assertThrows(HarnessException.class, () -> ping.run(0, 10,
            new Histogram(3), new Histogram(3)));
        assertTrue(ex.getMessage().contains("echo of message 0"), ex.getMessage());
    }

    private static void runAgainstEcho(final long stallSeq, final Histogram corrected, final Histogram naive)
        throws Exception
    {
        final Endpoint[] endpoints = InMemoryEndpoints.pair(RING_BYTES);
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicReference<Throwable> pongError = new AtomicReference<>();
        final Thread pong = new Thread(() -> stallingEcho(endpoints[1], stallSeq, stop, pongError), "stalling-pong");
        pong.start();
        try
        {
            new OpenLoopPing(LoopContext.checked(endpoints[0], LENGTH, () -> true, LONG_TIMEOUT_NS), RATE_PER_SECOND)
                .run(WARMUP, MEASURED, corrected, naive);
        }
        finally
        {
            stop.set(true);
            pong.join();
        }
        assertNull(pongError.get());
    }

    private static void stallingEcho(
        final Endpoint endpoint, final long stallSeq, final AtomicBoolean stop, final AtomicReference<Throwable> error)
    {
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[LENGTH]);
        try
        {
            while (!stop.get())
            {
                endpoint.poll((buffer, offset, length) ->
                {
                    copy.putBytes(0, buffer, offset, length);
                    if (copy.getLong(Message.SEQ_OFFSET) == stallSeq)
                    {
                        sleepMs(STALL_MS);
                    }
                    while (!endpoint.offer(copy, 0, length))
                    {
                        Thread.onSpinWait();
                    }
                });
                Thread.onSpinWait();
            }
        }
        catch (final Throwable t)
        {
            error.set(t);
        }
    }

    private static void sleepMs(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
