package io.slipstream.perf;

import io.slipstream.perf.core.Mode;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SummaryTest
{
    private static RunResult run(final String transport, final int round, final long valueNs, final double cpu)
    {
        final Histogram histogram = new Histogram(1_000_000_000L, 3);
        histogram.recordValueWithCount(valueNs, 1_000);
        return new RunResult(transport, round, 32, histogram, 150, 160, cpu);
    }

    @Test
    void shouldTabulateThroughputInMillionsOfMessagesPerSecond()
    {
        final List<RunResult> runs = List.of(
            new RunResult("agrona", Mode.THROUGHPUT, 1, 32, new Histogram(3), null, 20e6, 150, 160, 0),
            new RunResult("agrona", Mode.THROUGHPUT, 2, 32, new Histogram(3), null, 30e6, 150, 160, 0),
            new RunResult("agrona", Mode.THROUGHPUT, 3, 32, new Histogram(3), null, 25e6, 150, 160, 50));

        final String table = Summary.throughputTable(runs);

        assertTrue(table.contains("| agrona | 3 (1) | 25.00 (20.00-30.00) | 800 (640-960) | - | - | 1.00 |"), table);
    }

    @Test
    void shouldGiveEachTransportsThroughputRatioToTheFloorAeronAndAgrona()
    {
        final List<RunResult> runs = List.of(
            new RunResult("raw", Mode.THROUGHPUT, 1, 256, new Histogram(3), null, 40e6, 150, 160, 0),
            new RunResult("agrona", Mode.THROUGHPUT, 1, 256, new Histogram(3), null, 20e6, 150, 160, 0),
            new RunResult("aeron-ipc", Mode.THROUGHPUT, 1, 256, new Histogram(3), null, 10e6, 150, 160, 0),
            new RunResult("slipstream", Mode.THROUGHPUT, 1, 256, new Histogram(3), null, 30e6, 150, 160, 0));

        final String table = Summary.throughputTable(runs);

        assertTrue(table.contains("| slipstream | 1 (0) | 30.00 | 7,680 | 0.75 | 3.00 | 1.50 |"), table);
        assertTrue(table.contains("| raw | 1 (0) | 40.00 | 10,240 | 1.00 | 4.00 | 2.00 |"), table);
    }

    @Test
    void shouldTakeTheMedianAndRangeOverRounds()
    {
        final Summary summary = new Summary(List.of(
            run("raw", 1, 100, 0), run("raw", 2, 300, 0), run("raw", 3, 200, 0)));

        final Summary.Spread p50 = summary.rows().getFirst().p50();
        assertEquals(200, p50.median(), 1);
        assertEquals(100, p50.min(), 1);
        assertEquals(300, p50.max(), 1);
    }

    @Test
    void shouldAverageTheMiddleTwoForAnEvenNumberOfRounds()
    {
        assertEquals(new Summary.Spread(25, 10, 40), Summary.Spread.of(new double[] {40, 10, 30, 20}));
    }

    @Test
    void shouldGiveEachTransportsP50RatioToTheRawFloorAndAeronIpc()
    {
        final Summary summary = new Summary(List.of(
            run("raw", 1, 160, 0), run("agrona", 1, 240, 0), run("aeron-ipc", 1, 200, 0)));

        assertEquals(1.5, summary.p50Ratio("agrona", "raw"), 0.01);
        assertEquals(1.2, summary.p50Ratio("agrona", "aeron-ipc"), 0.01);
        assertEquals(1.25, summary.p50Ratio("aeron-ipc", "raw"), 0.01);
        assertEquals(1.0, summary.p50Ratio("raw", "raw"), 0.0);
    }

    @Test
    void shouldShowADashWhenABaselineWasNotRun()
    {
        final Summary summary = new Summary(List.of(run("agrona", 1, 240, 0)));

        assertTrue(Double.isNaN(summary.p50Ratio("agrona", "raw")));
        final String table = summary.markdownTable();
        assertTrue(table.trim().endsWith("| - | - |"), table);
    }

    @Test
    void shouldWriteOneTableRowPerTransportInRunOrderWithContendedRoundsCounted()
    {
        final Summary summary = new Summary(List.of(
            run("agrona", 1, 240, 50), run("raw", 1, 160, 0), run("agrona", 2, 250, 0), run("raw", 2, 170, 0)));

        final List<String> lines = summary.markdownTable().lines().toList();
        assertEquals(4, lines.size());
        assertTrue(lines.get(0).contains("| p50 ns | p90 ns | p99 ns | p99.9 ns | p99.99 ns | max ns | mean ns |"));
        assertTrue(lines.get(2).startsWith("| agrona | 2 (1) |"), lines.get(2));
        assertTrue(lines.get(3).startsWith("| raw | 2 (0) |"), lines.get(3));
        assertEquals(2_000, summary.rows().getFirst().merged().getTotalCount());
    }
}
