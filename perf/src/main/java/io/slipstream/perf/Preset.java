package io.slipstream.perf;

/**
 * Run sizes. {@code quick} takes a few minutes on two cores; {@code full} gives steadier medians and tails.
 */
public enum Preset
{
    QUICK(100_000, 1_000_000, 5),
    FULL(1_000_000, 10_000_000, 11);

    final long warmupMessages;
    final long measuredMessages;
    final int rounds;

    Preset(final long warmupMessages, final long measuredMessages, final int rounds)
    {
        this.warmupMessages = warmupMessages;
        this.measuredMessages = measuredMessages;
        this.rounds = rounds;
    }
}
