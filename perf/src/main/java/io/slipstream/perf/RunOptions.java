package io.slipstream.perf;

import io.slipstream.perf.core.Verification;
import io.slipstream.perf.transport.AeronThreading;

/**
 * How the runs are set up, beside what they measure: the per-message check, Aeron's driver threading and where
 * the two sides run.
 *
 * @param verification   what each end checks per message.
 * @param aeronThreading the threading of Aeron's media driver (Aeron transports).
 * @param placement      the CPUs the two sides are pinned to, or unpinned.
 */
public record RunOptions(Verification verification, AeronThreading aeronThreading, Placement placement)
{
    /** Sampled checksums, Aeron's threading chosen for the host, unpinned. */
    public static final RunOptions DEFAULTS =
        new RunOptions(Verification.SAMPLED, AeronThreading.AUTO, Placement.UNPINNED);

    public RunOptions
    {
        if (verification == null || aeronThreading == null || placement == null)
        {
            throw new IllegalArgumentException("verification, Aeron threading and placement are all needed");
        }
    }

    /**
     * @return these options with {@code verification}.
     */
    public RunOptions withVerification(final Verification verification)
    {
        return new RunOptions(verification, aeronThreading, placement);
    }

    /**
     * @return these options with {@code placement}.
     */
    public RunOptions withPlacement(final Placement placement)
    {
        return new RunOptions(verification, aeronThreading, placement);
    }
}
