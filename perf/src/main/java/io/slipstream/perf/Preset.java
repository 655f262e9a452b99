package io.slipstream.perf;

import io.slipstream.perf.core.Mode;

import java.util.ArrayList;
import java.util.List;

/**
 * Run sizes. {@code quick} takes a few minutes on two cores; {@code full} gives steadier medians and tails, and when
 * no {@code --mode} is named it adds the four curves to the default modes.
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

    /**
     * @return the modes a run of this preset measures when no {@code --mode} is given: ping-pong and throughput, and
     * with {@code full} the four curves after them.
     */
    public List<Mode> defaultModes()
    {
        final List<Mode> modes = new ArrayList<>(List.of(Mode.PINGPONG, Mode.THROUGHPUT));
        if (this == FULL)
        {
            modes.addAll(Mode.curves());
        }
        return List.copyOf(modes);
    }

    /**
     * @return whether this is the longer preset (the curves then use more points).
     */
    public boolean full()
    {
        return this == FULL;
    }
}
