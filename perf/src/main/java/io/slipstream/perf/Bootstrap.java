package io.slipstream.perf;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A percentile bootstrap over rounds for the ratio of two transports' medians: rounds are drawn with replacement
 * (the same rounds for both, so a round's host state stays paired), the ratio of the two medians over the drawn
 * rounds is computed, and the 2.5th and 97.5th percentiles of those ratios bound the 95 % interval. The generator
 * is seeded, so a report's intervals are reproducible from its figures.
 */
public final class Bootstrap
{
    /** Resamples per interval. */
    public static final int RESAMPLES = 10_000;
    /** Seed of the generator. */
    public static final long SEED = 0x5EED_1234_ABCDL;
    private static final double LOW_QUANTILE = 0.025;
    private static final double HIGH_QUANTILE = 0.975;

    /**
     * A 95 % interval.
     *
     * @param low    2.5th percentile of the resampled ratios.
     * @param high   97.5th percentile.
     * @param rounds rounds it was drawn from.
     */
    public record Interval(double low, double high, int rounds)
    {
        /**
         * @return "95 % bootstrap interval over 5 rounds: 0.91-1.07 x".
         */
        public String describe()
        {
            return String.format(Locale.ROOT, "95 %% bootstrap interval over %d round%s: %.2f-%.2f x", rounds,
                rounds == 1 ? "" : "s", low, high);
        }
    }

    private Bootstrap()
    {
    }

    /**
     * @param values    one figure per round of the transport judged.
     * @param baselines the baseline's figure in the same rounds, index for index.
     * @return the 95 % interval of median(values) / median(baselines), or null if there are no rounds.
     */
    public static Interval ratioInterval(final double[] values, final double[] baselines)
    {
        return ratioInterval(values, baselines, SEED, RESAMPLES);
    }

    static Interval ratioInterval(
        final double[] values, final double[] baselines, final long seed, final int resamples)
    {
        if (values.length != baselines.length)
        {
            throw new IllegalArgumentException("values and baselines must be paired by round");
        }
        final int n = values.length;
        if (n == 0)
        {
            return null;
        }
        final SplittableRandom random = new SplittableRandom(seed);
        final double[] ratios = new double[resamples];
        final double[] drawnValues = new double[n];
        final double[] drawnBaselines = new double[n];
        for (int r = 0; r < resamples; r++)
        {
            for (int i = 0; i < n; i++)
            {
                final int round = random.nextInt(n);
                drawnValues[i] = values[round];
                drawnBaselines[i] = baselines[round];
            }
            ratios[r] = median(drawnValues) / median(drawnBaselines);
        }
        Arrays.sort(ratios);
        return new Interval(quantile(ratios, LOW_QUANTILE), quantile(ratios, HIGH_QUANTILE), n);
    }

    /**
     * @return the element at rank floor(q x (n - 1)) of the sorted {@code sorted}.
     */
    static double quantile(final double[] sorted, final double q)
    {
        return sorted[(int)Math.floor(q * (sorted.length - 1))];
    }

    /**
     * @return the median of {@code values} (the mean of the middle two when even); sorts it in place.
     */
    static double median(final double[] values)
    {
        Arrays.sort(values);
        final int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
    }
}
