package io.slipstream.perf;

import io.slipstream.perf.core.Side;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the two measuring sides run: unpinned (the scheduler chooses, the default) or each pinned to one CPU with
 * {@code taskset -c} ({@code --cpus A,B}: the sending side on A, the pong/receiver side on B).
 *
 * @param pingCpu CPU of the sending side, or -1 when unpinned.
 * @param pongCpu CPU of the pong/receiver side, or -1 when unpinned.
 */
public record Placement(int pingCpu, int pongCpu)
{
    /** Both sides wherever the scheduler puts them. */
    public static final Placement UNPINNED = new Placement(-1, -1);
    static final String TASKSET = "taskset";

    public Placement
    {
        if ((pingCpu < 0) != (pongCpu < 0))
        {
            throw new IllegalArgumentException("pin both sides or neither");
        }
        if (pingCpu < -1 || pongCpu < -1)
        {
            throw new IllegalArgumentException("CPU numbers are >= 0");
        }
    }

    /**
     * Parse {@code --cpus}: two CPU numbers, {@code A,B}, sending side first.
     *
     * @throws IllegalArgumentException if it is not two distinct non-negative numbers.
     */
    public static Placement parse(final List<String> cpus)
    {
        if (cpus == null || cpus.isEmpty())
        {
            return UNPINNED;
        }
        if (cpus.size() != 2)
        {
            throw new IllegalArgumentException("--cpus takes two CPU numbers, A,B (sender, pong): " + cpus);
        }
        final int[] parsed = new int[2];
        for (int i = 0; i < 2; i++)
        {
            try
            {
                parsed[i] = Integer.parseInt(cpus.get(i).trim());
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("--cpus: not a CPU number: '" + cpus.get(i) + "'", ex);
            }
            if (parsed[i] < 0)
            {
                throw new IllegalArgumentException("--cpus: CPU numbers are >= 0: " + parsed[i]);
            }
        }
        if (parsed[0] == parsed[1])
        {
            throw new IllegalArgumentException("--cpus: the two sides need two different CPUs: " + cpus);
        }
        return new Placement(parsed[0], parsed[1]);
    }

    public boolean pinned()
    {
        return pingCpu >= 0;
    }

    /**
     * @return the command prefix that pins a process of {@code side} ({@code taskset -c N}), empty when unpinned.
     */
    public List<String> commandPrefix(final Side side)
    {
        if (!pinned())
        {
            return List.of();
        }
        final List<String> prefix = new ArrayList<>();
        prefix.add(TASKSET);
        prefix.add("-c");
        prefix.add(Integer.toString(side == Side.PING ? pingCpu : pongCpu));
        return List.copyOf(prefix);
    }

    /**
     * @return where the two sides run, for the report.
     */
    public String describe()
    {
        if (!pinned())
        {
            return "unpinned: the scheduler placed both sides (and any driver) on any CPU";
        }
        return String.format(Locale.ROOT, "pinned with taskset: the sending side on CPU %d, the pong/receiver side " +
            "on CPU %d (a media driver, if any, and the harness unpinned)", pingCpu, pongCpu);
    }
}
