package io.slipstream.perf;

import io.slipstream.perf.transport.RawFloorTransport;

import java.util.Map;

/**
 * The floor a transport is compared with: the best of the raw variants that ran (the lowest median p50 in a
 * latency mode, the highest median throughput in a one-way run), since no single design is the floor on every
 * host.
 */
public final class Floor
{
    /** How the floor is named in tables. */
    public static final String LABEL = "floor";

    private Floor()
    {
    }

    /**
     * @return the raw variant with the lowest median p50 in {@code summary}, or null if none ran.
     */
    public static String bestLatency(final Summary summary)
    {
        String best = null;
        double bestP50 = Double.MAX_VALUE;
        for (final Summary.Row row : summary.rows())
        {
            if (RawFloorTransport.isFloor(row.transport()) && row.p50().median() < bestP50)
            {
                best = row.transport();
                bestP50 = row.p50().median();
            }
        }
        return best;
    }

    /**
     * @return the raw variant with the highest median throughput in {@code spreads} (M msg/s by transport), or
     * null if none ran.
     */
    public static String bestThroughput(final Map<String, Summary.Spread> spreads)
    {
        String best = null;
        double bestRate = -1;
        for (final Map.Entry<String, Summary.Spread> entry : spreads.entrySet())
        {
            if (RawFloorTransport.isFloor(entry.getKey()) && entry.getValue().median() > bestRate)
            {
                best = entry.getKey();
                bestRate = entry.getValue().median();
            }
        }
        return best;
    }

    /**
     * @return "floor (raw-shared)" for the table headings and notes, or "floor (none ran)".
     */
    public static String describe(final String best)
    {
        return LABEL + " (" + (best == null ? "no raw variant ran" : best) + ")";
    }
}
