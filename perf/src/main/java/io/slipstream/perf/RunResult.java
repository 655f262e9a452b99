package io.slipstream.perf;

import org.HdrHistogram.Histogram;

/**
 * One measured run of one transport in one round.
 *
 * @param transport          transport name.
 * @param round              1-based round number.
 * @param histogram          round trips in ns.
 * @param probeBeforeNs      host cache-line probe median just before the run (-1 if it did not complete).
 * @param probeAfterNs       host cache-line probe median just after the run.
 * @param otherCpuPercent    CPU used by other processes during the run, percent of one core (-1 unknown).
 */
public record RunResult(
    String transport, int round, Histogram histogram, long probeBeforeNs, long probeAfterNs, double otherCpuPercent)
{
    public boolean contended()
    {
        return otherCpuPercent > CpuAccounting.CONTENDED_PERCENT_OF_CORE;
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
