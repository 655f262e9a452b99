package io.slipstream.perf;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 95 % bootstrap interval of a ratio over rounds, checked against a hand-computed case.
 */
class BootstrapTest
{
    private static RunResult pingPong(final String transport, final int round, final long p50Ns)
    {
        final Histogram histogram = new Histogram(3_600_000_000L, 3);
        histogram.recordValueWithCount(p50Ns, 100);
        return new RunResult(transport, round, 32, histogram, 150, 160, 0);
    }

    @Test
    void shouldBoundTheBootstrapIntervalOfTwoRoundsByTheirOwnRatios()
    {
        // Two rounds: Slipstream 100 and 200, baseline 100 and 100. Drawing two rounds with replacement gives
        // {1,1} (ratio 100/100 = 1.0) a quarter of the time, {1,2} or {2,1} (median 150: 1.5) half, {2,2} (2.0) a
        // quarter, so the 2.5th percentile is 1.0 and the 97.5th is 2.0.
        final Bootstrap.Interval interval =
            Bootstrap.ratioInterval(new double[] {100, 200}, new double[] {100, 100});

        assertEquals(1.0, interval.low(), 0.0);
        assertEquals(2.0, interval.high(), 0.0);
        assertEquals(2, interval.rounds());
        assertEquals("95 % bootstrap interval over 2 rounds: 1.00-2.00 x", interval.describe());
    }

    @Test
    void shouldGiveADegenerateIntervalForEqualRatiosAndNoneWithoutRounds()
    {
        final Bootstrap.Interval same =
            Bootstrap.ratioInterval(new double[] {110, 220, 330}, new double[] {100, 200, 300});

        assertEquals(1.1, same.low(), 1e-12);
        assertEquals(1.1, same.high(), 1e-12);
        assertNull(Bootstrap.ratioInterval(new double[0], new double[0]));
        assertThrows(IllegalArgumentException.class,
            () -> Bootstrap.ratioInterval(new double[] {1}, new double[] {1, 2}));
    }

    @Test
    void shouldDrawTheSameIntervalFromTheSameSeed()
    {
        final double[] values = {100, 130, 90, 170, 120};
        final double[] baselines = {110, 100, 120, 100, 105};

        final Bootstrap.Interval first = Bootstrap.ratioInterval(values, baselines);
        final Bootstrap.Interval second = Bootstrap.ratioInterval(values, baselines);

        assertEquals(first, second);
        assertTrue(first.low() < first.high(), first.toString());
        assertTrue(first.low() >= 90.0 / 120 && first.high() <= 170.0 / 100, first.toString());
    }

    @Test
    void shouldCarryTheIntervalInEachTarget()
    {
        final List<RunResult> runs = new ArrayList<>();
        runs.add(pingPong("raw", 1, 1_000));
        runs.add(pingPong("slipstream", 1, 1_000));
        runs.add(pingPong("raw", 2, 1_000));
        runs.add(pingPong("slipstream", 2, 2_000));

        final String measured = Targets.evaluate(runs).getFirst().measured();

        assertTrue(measured.contains("(95 % bootstrap interval over 2 rounds: 1.00-2.00 x)"), measured);
    }
}
