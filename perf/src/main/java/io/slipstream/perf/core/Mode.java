package io.slipstream.perf.core;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a run measures.
 */
public enum Mode
{
    /** One message in flight: send, wait for the echo, repeat. Round trip latency. */
    PINGPONG(false, true),
    /**
     * Messages sent at a fixed rate whatever the echoes do; latency counted from each message's intended send time,
     * so a stall delays every message queued behind it (no coordinated omission). The naive figure, from the
     * actual send time, is kept beside it.
     */
    OPEN_LOOP(true, true),
    /** One-way, as fast as the receiver takes them: messages per second. */
    THROUGHPUT(true, true),
    /**
     * Not a run over a transport: the {@code wake} measurement (wait strategies' wake-up latency and idle CPU),
     * run once after the transport runs and added to the same report.
     */
    WAKE(false, false),
    /**
     * Not a run over a transport: the codecs' encode, decode and dispatch cost per message type (JMH), run once
     * after the transport runs and added to the same report.
     */
    CODECS(false, false),
    /**
     * Not a run over the transport rounds: message size 32 B to 64 KiB, one-way MB/s and ping-pong p50/p99 per
     * transport beside an in-process copy of the same bytes (the ceiling); a CSV, plots and a table.
     */
    SIZE_CURVE(false, false),
    /** Not a run over the transport rounds: open-loop p50/p99/p99.9 per transport at rising rates up to saturation. */
    RATE_CURVE(false, false),
    /** Not a run over the transport rounds: producer throughput and wake latency with 1 to 4 consumers of a ring. */
    CONSUMERS_CURVE(false, false),
    /**
     * Not a run over the transport rounds: the cost of one poll sweep over 1 to 256 idle rings of a
     * {@code SubscriptionSelector}, and the wake latency of a thread blocked on all of them.
     */
    SELECTOR_CURVE(false, false),
    /**
     * Not a run over a transport: the JMH two-thread offer/poll group benchmarks of Slipstream, Agrona and Aeron IPC
     * with the gc profiler, their ops/s and B/op added to the same report with ratios to Agrona.
     */
    JMH(false, false);

    /**
     * One-way throughput runs carry this many times the warm-up and measured messages of a latency run: a one-way
     * message costs a small fraction of a round trip, and a run of a few hundred milliseconds measures JIT
     * compilation and the host's state more than the transport.
     */
    public static final int THROUGHPUT_MESSAGE_FACTOR = 5;
    /**
     * One-way throughput runs warm up with this many times the warm-up messages of a latency run, as many as they
     * measure in the quick preset: on two cores both sides spin, so the JIT compiles their loops only as the
     * scheduler lets it, and a warm-up of a few tens of milliseconds left that compilation inside the measured window
     * ({@code -XX:+LogCompilation} showed the receiving loop deoptimised there).
     */
    public static final int THROUGHPUT_WARMUP_FACTOR = 50;

    private final boolean streaming;
    private final boolean perTransport;

    Mode(final boolean streaming, final boolean perTransport)
    {
        this.streaming = streaming;
        this.perTransport = perTransport;
    }

    /**
     * @return whether the mode keeps many messages in flight (needs a transport with back-pressure).
     */
    public boolean streaming()
    {
        return streaming;
    }

    /**
     * @return whether the mode is a run over each transport in the rounds (false for {@link #WAKE}, {@link #CODECS},
     * {@link #JMH} and the curves, which run once after the rounds).
     */
    public boolean perTransport()
    {
        return perTransport;
    }

    /**
     * @return the name used on the command line and in file names.
     */
    public String label()
    {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @return whether the mode is one of the curves (run once after the rounds, a CSV and plots each).
     */
    public boolean curve()
    {
        return this == SIZE_CURVE || this == RATE_CURVE || this == CONSUMERS_CURVE || this == SELECTOR_CURVE;
    }

    /**
     * @return the four curves, in the order they run.
     */
    public static List<Mode> curves()
    {
        return List.of(SIZE_CURVE, RATE_CURVE, CONSUMERS_CURVE, SELECTOR_CURVE);
    }

    public static Mode fromLabel(final String label)
    {
        for (final Mode mode : values())
        {
            if (mode.label().equalsIgnoreCase(label.trim()))
            {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + label + "', known: " +
            String.join(", ", Arrays.stream(values()).map(Mode::label).toList()));
    }
}
