package io.slipstream.perf.curves;

/**
 * How the curve and JMH modes read in {@code --help}.
 */
public final class CurveModes
{
    /** The curves and {@code jmh}, for the {@code --mode} option's description. */
    public static final String DESCRIPTION = "These run once after the rounds, each adding a table to summary.md: " +
        "size-curve (32 B to 64 KiB, or the --size lengths: one-way MB/s and ping-pong p50/p99 per transport, a " +
        "memcpy ceiling), " +
        "rate-curve (open-loop p50/p99/p99.9 per transport at rising rates up to saturation), consumers-curve " +
        "(1 to 4 consumers of a ring: producer throughput and wake latency), selector-curve (1 to 256 rings per " +
        "selector: ns per poll sweep, wake latency blocked on all), each with a CSV and PNG plots; jmh (the JMH " +
        "two-thread group benchmarks of Slipstream, Agrona and Aeron IPC with the gc profiler, about 2 minutes). " +
        "--preset full without --mode runs pingpong,throughput and all four curves.";

    private CurveModes()
    {
    }
}
