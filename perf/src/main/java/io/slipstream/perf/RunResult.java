package io.slipstream.perf;

import io.slipstream.perf.core.Mode;
import io.slipstream.perf.loop.ProcessStats;
import org.HdrHistogram.Histogram;

import java.util.Map;

/**
 * One measured run of one transport in one mode and round.
 *
 * @param transport          transport name.
 * @param mode               what was measured.
 * @param round              1-based round number.
 * @param messageLengthBytes message length of the run.
 * @param histogram          latency in ns: round trips (ping-pong), from intended send time (open loop); empty for
 *                           throughput.
 * @param naive              open loop only: latency from the actual send time; else null.
 * @param messagesPerSecond  throughput only: one-way messages per second; else NaN.
 * @param probeBeforeNs      host cache-line probe median just before the run (-1 if it did not complete).
 * @param probeAfterNs       host cache-line probe median just after the run.
 * @param otherCpuPercent    CPU used by other processes during the run, percent of one core (-1 unknown).
 * @param processes          page faults and context switches of each child during the measurement, by role
 *                           ("ping", "pong", "driver"), in that order; empty when not read.
 */
public record RunResult(
    String transport,
    Mode mode,
    int round,
    int messageLengthBytes,
    Histogram histogram,
    Histogram naive,
    double messagesPerSecond,
    long probeBeforeNs,
    long probeAfterNs,
    double otherCpuPercent,
    Map<String, ProcessStats> processes)
{
    public RunResult
    {
        processes = processes == null ? Map.of() : java.util.Collections.unmodifiableMap(
            new java.util.LinkedHashMap<>(processes));
    }

    /**
     * Without page-fault and context-switch counts.
     */
    public RunResult(
        final String transport,
        final Mode mode,
        final int round,
        final int messageLengthBytes,
        final Histogram histogram,
        final Histogram naive,
        final double messagesPerSecond,
        final long probeBeforeNs,
        final long probeAfterNs,
        final double otherCpuPercent)
    {
        this(transport, mode, round, messageLengthBytes, histogram, naive, messagesPerSecond, probeBeforeNs,
            probeAfterNs, otherCpuPercent, Map.of());
    }

    /**
     * A ping-pong result.
     */
    public RunResult(
        final String transport,
        final int round,
        final int messageLengthBytes,
        final Histogram histogram,
        final long probeBeforeNs,
        final long probeAfterNs,
        final double otherCpuPercent)
    {
        this(transport, Mode.PINGPONG, round, messageLengthBytes, histogram, null, Double.NaN, probeBeforeNs,
            probeAfterNs, otherCpuPercent);
    }

    public boolean contended()
    {
        return otherCpuPercent > CpuAccounting.CONTENDED_PERCENT_OF_CORE;
    }

    /**
     * @return the same run with the naive histogram in place of the main one (open loop).
     */
    public RunResult naiveView()
    {
        return new RunResult(transport, mode, round, messageLengthBytes, naive, null, messagesPerSecond,
            probeBeforeNs, probeAfterNs, otherCpuPercent, processes);
    }

    /**
     * @return "fast", "slow" or "mixed" from the probes either side of the run.
     */
    public String hostState()
    {
        final boolean fastBefore = probeBeforeNs >= 0 && probeBeforeNs <= CacheLineProbe.FAST_STATE_MAX_NS;
        final boolean fastAfter = probeAfterNs >= 0 && probeAfterNs <= CacheLineProbe.FAST_STATE_MAX_NS;
        if (fastBefore && fastAfter)
        {
            return "fast";
        }
        return fastBefore || fastAfter ? "mixed" : "slow";
    }
}
