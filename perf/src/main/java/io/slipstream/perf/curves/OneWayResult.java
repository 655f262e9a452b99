package io.slipstream.perf.curves;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A one-way run's throughput with its distribution over the run.
 *
 * @param messagesPerSecond measured messages over the time from the first measured send to the last one's
 *                          acknowledgement.
 * @param failedOffers      offers the transport refused (back-pressure) during the measured messages.
 * @param intervalMessages  messages per interval (the last interval may hold more).
 * @param intervalRates     messages per second of each interval, in order.
 */
public record OneWayResult(double messagesPerSecond, long failedOffers, long intervalMessages, double[] intervalRates)
{
    /**
     * @return the lowest interval rate (NaN if there are none).
     */
    public double minIntervalRate()
    {
        return Arrays.stream(intervalRates).min().orElse(Double.NaN);
    }

    /**
     * @return the highest interval rate (NaN if there are none).
     */
    public double maxIntervalRate()
    {
        return Arrays.stream(intervalRates).max().orElse(Double.NaN);
    }

    /**
     * @return this result as one line of text for the harness.
     */
    public String encode()
    {
        return String.format(Locale.ROOT, "%s %d %d %s", Double.toString(messagesPerSecond), failedOffers,
            intervalMessages, intervalRates.length == 0 ? "-" :
            Arrays.stream(intervalRates).mapToObj(Double::toString).collect(Collectors.joining(",")));
    }

    /**
     * The inverse of {@link #encode()}.
     */
    public static OneWayResult decode(final String line)
    {
        final String[] parts = line.trim().split(" ");
        if (parts.length != 4)
        {
            throw new IllegalArgumentException("not a one-way result: '" + line + "'");
        }
        final double[] rates = parts[3].equals("-") ? new double[0] :
            Arrays.stream(parts[3].split(",")).mapToDouble(Double::parseDouble).toArray();
        return new OneWayResult(Double.parseDouble(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]),
            rates);
    }
}
