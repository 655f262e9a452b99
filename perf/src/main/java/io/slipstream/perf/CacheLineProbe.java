package io.slipstream.perf;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A short in-process cache-line ping-pong between two threads. Its median round trip tells which state the host
 * was in around a measurement: on these VMs cross-core round trips flip between a fast and a slow state on a
 * timescale of seconds, whatever the transport.
 */
public final class CacheLineProbe
{
    /** Round trips at or below this are the host's fast state. */
    public static final long FAST_STATE_MAX_NS = 350;

    private static final int PING_INDEX = 0;
    private static final int PONG_INDEX = 16; // 128 B apart: no false sharing, no adjacent-line prefetch pairing
    private static final long STOP = -1;
    private static final int WARMUP_ROUND_TRIPS = 2_000;
    private static final int MIN_MEASURED_ROUND_TRIPS = 100;
    private static final int MEASURED_ROUND_TRIPS = 20_000;
    private static final long MAX_DURATION_NS = TimeUnit.MILLISECONDS.toNanos(500);

    private CacheLineProbe()
    {
    }

    /**
     * @return the median round trip in ns, or -1 if too few round trips completed in the time allowed.
     */
    public static long medianRoundTripNs()
    {
        final AtomicLongArray lines = new AtomicLongArray(PONG_INDEX + 16);
        final Thread pong = new Thread(() -> echo(lines), "probe-pong");
        pong.setDaemon(true);
        pong.start();
        final long[] samples = new long[MEASURED_ROUND_TRIPS];
        int measured = 0;
        final long deadlineNs = System.nanoTime() + MAX_DURATION_NS;
        try
        {
            for (long i = 1; i <= WARMUP_ROUND_TRIPS + MEASURED_ROUND_TRIPS; i++)
            {
                final long startNs = System.nanoTime();
                lines.setRelease(PING_INDEX, i);
                while (lines.getAcquire(PONG_INDEX) != i)
                {
                    Thread.onSpinWait();
                }
                final long endNs = System.nanoTime();
                if (i > WARMUP_ROUND_TRIPS)
                {
                    samples[measured++] = endNs - startNs;
                }
                if (endNs - deadlineNs > 0)
                {
                    break;
                }
            }
        }
        finally
        {
            lines.setRelease(PING_INDEX, STOP);
        }
        try
        {
            pong.join(TimeUnit.SECONDS.toMillis(1));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        if (measured < MIN_MEASURED_ROUND_TRIPS)
        {
            return -1;
        }
        Arrays.sort(samples, 0, measured);
        return samples[measured / 2];
    }

    private static void echo(final AtomicLongArray lines)
    {
        long last = 0;
        while (true)
        {
            final long value = lines.getAcquire(PING_INDEX);
            if (value == STOP)
            {
                return;
            }
            if (value != last)
            {
                last = value;
                lines.setRelease(PONG_INDEX, value);
            }
            else
            {
                Thread.onSpinWait();
            }
        }
    }
}
