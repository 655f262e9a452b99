package io.slipstream.perf.curves;

import java.util.ArrayList;
import java.util.List;

/**
 * Where each curve is measured and how many messages a point carries.
 */
public final class CurvePoints
{
    /** Smallest message of the size curve. */
    public static final int MIN_SIZE_BYTES = 32;
    /** Largest message of the size curve: 64 KiB. */
    public static final int MAX_SIZE_BYTES = 64 * 1024;
    /** Lowest offered rate of the rate curve, messages per second. */
    public static final long MIN_RATE_PER_SECOND = 10_000;
    /** Highest offered rate of the rate curve, messages per second; a transport usually saturates before. */
    public static final long MAX_RATE_PER_SECOND = 20_000_000;
    /** Consumers per ring of the consumers curve: 1 to this. */
    public static final int MAX_CONSUMERS = 4;
    /** Rings per selector of the selector curve: 1 to this, doubling. */
    public static final int MAX_RINGS = 256;
    /** Fewest measured messages of any point, so a large message or a low rate still gives a distribution. */
    public static final long MIN_POINT_MESSAGES = 1_000;
    /** Bytes a ping-pong point of the size curve moves each way at most: large messages get fewer round trips. */
    static final long PINGPONG_BYTES_BUDGET = 256L << 20;
    /** Bytes a one-way point of the size curve moves at most. */
    static final long ONE_WAY_BYTES_BUDGET = 2L << 30;
    /** A rate-curve point lasts about this long at its rate (fewer messages at low rates). */
    static final long RATE_POINT_SECONDS = 1;

    private CurvePoints()
    {
    }

    /**
     * @param full the longer preset: every power of 2 from 32 B to 64 KiB; otherwise powers of 4 from 32 B and
     *             64 KiB as the last point.
     * @return message lengths in bytes, ascending.
     */
    public static List<Integer> sizes(final boolean full)
    {
        final List<Integer> sizes = new ArrayList<>();
        final int factor = full ? 2 : 4;
        for (long size = MIN_SIZE_BYTES; size < MAX_SIZE_BYTES; size *= factor)
        {
            sizes.add((int)size);
        }
        sizes.add(MAX_SIZE_BYTES);
        return List.copyOf(sizes);
    }

    /**
     * @param full the longer preset: 1-2-5 steps per decade; otherwise 1-3 steps (10 k, 30 k, 100 k, ...).
     * @return offered rates in messages per second from {@link #MIN_RATE_PER_SECOND} to
     * {@link #MAX_RATE_PER_SECOND}, ascending.
     */
    public static List<Long> rates(final boolean full)
    {
        final long[] steps = full ? new long[]{1, 2, 5} : new long[]{1, 3};
        final List<Long> rates = new ArrayList<>();
        for (long decade = MIN_RATE_PER_SECOND; decade <= MAX_RATE_PER_SECOND; decade *= 10)
        {
            for (final long step : steps)
            {
                final long rate = decade * step;
                if (rate <= MAX_RATE_PER_SECOND)
                {
                    rates.add(rate);
                }
            }
        }
        return List.copyOf(rates);
    }

    /**
     * @return 1, 2, ... {@link #MAX_CONSUMERS}.
     */
    public static List<Integer> consumerCounts()
    {
        final List<Integer> counts = new ArrayList<>();
        for (int n = 1; n <= MAX_CONSUMERS; n++)
        {
            counts.add(n);
        }
        return List.copyOf(counts);
    }

    /**
     * @return 1, 2, 4, ... {@link #MAX_RINGS}.
     */
    public static List<Integer> ringCounts()
    {
        final List<Integer> counts = new ArrayList<>();
        for (int n = 1; n <= MAX_RINGS; n *= 2)
        {
            counts.add(n);
        }
        return List.copyOf(counts);
    }

    /**
     * @return measured round trips of a ping-pong point at {@code sizeBytes}: {@code measured}, fewer for large
     * messages, at least {@link #MIN_POINT_MESSAGES}.
     */
    public static long pingPongMessages(final long measured, final int sizeBytes)
    {
        return bounded(measured, PINGPONG_BYTES_BUDGET / sizeBytes);
    }

    /**
     * @return measured messages of a one-way point at {@code sizeBytes}.
     */
    public static long oneWayMessages(final long measured, final int sizeBytes)
    {
        return bounded(measured, ONE_WAY_BYTES_BUDGET / sizeBytes);
    }

    /**
     * @return measured messages of an open-loop point at {@code ratePerSecond}: about
     * {@link #RATE_POINT_SECONDS} of sending, at most {@code measured}.
     */
    public static long rateMessages(final long measured, final long ratePerSecond)
    {
        return bounded(measured, ratePerSecond * RATE_POINT_SECONDS);
    }

    /**
     * @return warm-up messages for a point of {@code pointMessages}: {@code warmup}, at most a fifth of the point.
     */
    public static long warmupFor(final long warmup, final long pointMessages)
    {
        return Math.min(warmup, Math.max(1, pointMessages / 5));
    }

    private static long bounded(final long measured, final long budget)
    {
        return Math.min(measured, Math.max(Math.min(measured, MIN_POINT_MESSAGES), budget));
    }
}
