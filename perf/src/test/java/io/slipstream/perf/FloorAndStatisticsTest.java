package io.slipstream.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The floor as the best raw variant, the bootstrap interval of a target's ratio, and the rotation of the
 * transport order over rounds.
 */
class FloorAndStatisticsTest
{
    private static RunResult pingPong(final String transport, final int round, final long p50Ns)
    {
        final Histogram histogram = new Histogram(3_600_000_000L, 3);
        histogram.recordValueWithCount(p50Ns, 100);
        return new RunResult(transport, round, 32, histogram, 150, 160, 0);
    }

    private static RunResult throughput(final String transport, final int round, final double messagesPerSecond)
    {
        return new RunResult(transport, Mode.THROUGHPUT, round, 32, new Histogram(3), null, messagesPerSecond, 150,
            160, 0);
    }

    @Test
    void shouldTakeTheLowestMedianP50OfTheRawVariantsAsTheLatencyFloor()
    {
        final Summary summary = new Summary(List.of(
            pingPong("raw", 1, 300), pingPong("raw-shared", 1, 250), pingPong("raw-fresh-spinwait", 1, 280),
            pingPong("agrona", 1, 200), pingPong("raw", 2, 300), pingPong("raw-shared", 2, 260),
            pingPong("raw-fresh-spinwait", 2, 270)));

        // agrona is lower still, but it is not a floor design.
        assertEquals("raw-shared", Floor.bestLatency(summary));
        assertTrue(summary.markdownTable().contains("p50 / floor (raw-shared)"), summary.markdownTable());
        assertTrue(summary.markdownTable().contains("| agrona | 1 (0) |"), summary.markdownTable());
    }

    @Test
    void shouldTakeTheHighestMedianThroughputOfTheRawVariantsAsTheThroughputFloor()
    {
        final List<RunResult> runs = List.of(throughput("raw", 1, 10e6), throughput("raw-fresh", 1, 14e6),
            throughput("raw-spinwait", 1, 12e6), throughput("slipstream", 1, 20e6));

        final Map<String, Summary.Spread> spreads = Summary.throughputByTransport(runs);

        assertEquals("raw-fresh", Floor.bestThroughput(spreads));
        final String table = Summary.throughputTable(runs);
        assertTrue(table.contains("/ floor (raw-fresh)"), table);
        // slipstream 20 over the floor's 14.
        assertTrue(table.contains("| slipstream | 1 (0) | 20.00 | 640 | 1.43 |"), table);
    }

    @Test
    void shouldHaveNoFloorWhenNoRawVariantRan()
    {
        assertNull(Floor.bestLatency(new Summary(List.of(pingPong("agrona", 1, 200)))));
        assertNull(Floor.bestThroughput(Summary.throughputByTransport(List.of(throughput("agrona", 1, 1e6)))));
    }

    @Test
    void shouldJudgeTheFloorTargetAgainstTheBestRawVariant()
    {
        final List<Targets.Target> targets = Targets.evaluate(List.of(
            pingPong("raw", 1, 2_000), pingPong("raw-shared", 1, 1_000), pingPong("slipstream", 1, 1_050)));

        assertEquals(Targets.Status.MET, targets.getFirst().status());
        assertTrue(targets.getFirst().measured().contains("vs raw-shared 1,000 ns: 1.05 x"),
            targets.getFirst().measured());
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

    @Test
    void shouldRotateTheTransportOrderByOneEachRound()
    {
        final HarnessConfig config = new HarnessConfig(List.of("a", "b", "c"), 1, 1, 4, 32);

        assertEquals(List.of("a", "b", "c"), config.transportsInRound(1));
        assertEquals(List.of("b", "c", "a"), config.transportsInRound(2));
        assertEquals(List.of("c", "a", "b"), config.transportsInRound(3));
        assertEquals(List.of("a", "b", "c"), config.transportsInRound(4));
        assertEquals(List.of("x"), HarnessConfig.rotate(List.of("x"), 7));
        assertThrows(IllegalArgumentException.class, () -> config.transportsInRound(0));
    }
}
