package io.slipstream.perf;

import io.slipstream.perf.core.Mode;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The floor as the best raw variant that ran, in the tables and the targets.
 */
class FloorTest
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
}
