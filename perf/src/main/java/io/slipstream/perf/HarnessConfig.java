package io.slipstream.perf;

import io.slipstream.perf.core.Message;
import io.slipstream.perf.core.Mode;
import io.slipstream.perf.curves.CurveSettings;

import java.util.ArrayList;
import java.util.List;

/**
 * What to run: transports (in the first round's order; each later round rotates it by one), modes, messages per
 * run, rounds, message lengths, the open-loop rate and how the runs are set up.
 *
 * @param sizesBytes message lengths every mode runs at; empty for each mode's default ({@link #sizesFor}).
 * @param options    per-message check, Aeron threading, placement.
 */
public record HarnessConfig(
    List<String> transports,
    List<Mode> modes,
    long warmupMessages,
    long measuredMessages,
    int rounds,
    List<Integer> sizesBytes,
    long ratePerSecond,
    RunOptions options)
{
    /** Default open-loop rate, messages per second. */
    public static final long DEFAULT_RATE_PER_SECOND = 100_000;
    /** Default message length of the latency modes (ping-pong, open loop). */
    public static final List<Integer> DEFAULT_LATENCY_SIZES_BYTES = List.of(32);
    /** Default message lengths of one-way throughput: the two the targets are set at. */
    public static final List<Integer> DEFAULT_THROUGHPUT_SIZES_BYTES = List.of(32, 256);
    /** One-way throughput runs carry this many times the messages of a latency run ({@link Mode}'s reasons). */
    public static final int THROUGHPUT_MESSAGE_FACTOR = Mode.THROUGHPUT_MESSAGE_FACTOR;
    /** One-way throughput runs warm up with this many times the warm-up of a latency run ({@link Mode}'s reasons). */
    public static final int THROUGHPUT_WARMUP_FACTOR = Mode.THROUGHPUT_WARMUP_FACTOR;

    /**
     * @return warm-up messages of a run in this mode.
     */
    public long warmupMessages(final Mode mode)
    {
        return mode == Mode.THROUGHPUT ? warmupMessages * THROUGHPUT_WARMUP_FACTOR : warmupMessages;
    }

    /**
     * @return measured messages of a run in this mode.
     */
    public long measuredMessages(final Mode mode)
    {
        return mode == Mode.THROUGHPUT ? measuredMessages * THROUGHPUT_MESSAGE_FACTOR : measuredMessages;
    }

    /**
     * @return what the curves among this run's modes measure: its transports, sizes and message counts, at the
     * preset's points.
     */
    public CurveSettings curveSettings(final Preset preset)
    {
        return CurveSettings.forRun(modes, transports, sizesBytes, preset.full(), warmupMessages, measuredMessages,
            options.verification());
    }

    public HarnessConfig
    {
        transports = List.copyOf(transports);
        modes = List.copyOf(modes);
        sizesBytes = List.copyOf(sizesBytes);
        if (transports.isEmpty() || modes.isEmpty())
        {
            throw new IllegalArgumentException("need at least one transport and one mode");
        }
        if (warmupMessages < 0 || measuredMessages < 1 || rounds < 1)
        {
            throw new IllegalArgumentException("need warmup >= 0, messages >= 1, rounds >= 1");
        }
        for (final int size : sizesBytes)
        {
            if (size < Message.MIN_LENGTH)
            {
                throw new IllegalArgumentException("--size must be at least " + Message.MIN_LENGTH + " B: " + size);
            }
        }
        if (sizesBytes.size() != sizesBytes.stream().distinct().count())
        {
            throw new IllegalArgumentException("--size lists a length twice: " + sizesBytes);
        }
        if (ratePerSecond < 1 || ratePerSecond > 1_000_000_000L)
        {
            throw new IllegalArgumentException("--rate must be 1..1,000,000,000 messages/s");
        }
        if (options == null)
        {
            throw new IllegalArgumentException("run options needed");
        }
    }

    /**
     * With the default options ({@link RunOptions#DEFAULTS}).
     */
    public HarnessConfig(
        final List<String> transports,
        final List<Mode> modes,
        final long warmupMessages,
        final long measuredMessages,
        final int rounds,
        final List<Integer> sizesBytes,
        final long ratePerSecond)
    {
        this(transports, modes, warmupMessages, measuredMessages, rounds, sizesBytes, ratePerSecond,
            RunOptions.DEFAULTS);
    }

    /**
     * One message length for every mode.
     */
    public HarnessConfig(
        final List<String> transports,
        final List<Mode> modes,
        final long warmupMessages,
        final long measuredMessages,
        final int rounds,
        final int messageLengthBytes,
        final long ratePerSecond)
    {
        this(transports, modes, warmupMessages, measuredMessages, rounds, List.of(messageLengthBytes), ratePerSecond);
    }

    /**
     * Ping-pong only.
     */
    public HarnessConfig(
        final List<String> transports,
        final long warmupMessages,
        final long measuredMessages,
        final int rounds,
        final int messageLengthBytes)
    {
        this(transports, List.of(Mode.PINGPONG), warmupMessages, measuredMessages, rounds, messageLengthBytes,
            DEFAULT_RATE_PER_SECOND);
    }

    /**
     * @return the transports in the order round {@code round} (1-based) runs them: the configured order rotated
     * left by {@code round - 1}, so each transport takes each place in turn (A B C, B C A, C A B, A B C, ...).
     */
    public List<String> transportsInRound(final int round)
    {
        return rotate(transports, round);
    }

    /**
     * @return {@code items} rotated left by {@code round - 1} (round is 1-based).
     */
    static <T> List<T> rotate(final List<T> items, final int round)
    {
        if (round < 1)
        {
            throw new IllegalArgumentException("rounds are numbered from 1: " + round);
        }
        final int n = items.size();
        final int shift = (round - 1) % n;
        final List<T> rotated = new ArrayList<>(n);
        for (int i = 0; i < n; i++)
        {
            rotated.add(items.get((i + shift) % n));
        }
        return List.copyOf(rotated);
    }

    /**
     * @return the message lengths {@code mode} runs at: the ones asked for, else the mode's default.
     */
    public List<Integer> sizesFor(final Mode mode)
    {
        if (!sizesBytes.isEmpty())
        {
            return sizesBytes;
        }
        return mode == Mode.THROUGHPUT ? DEFAULT_THROUGHPUT_SIZES_BYTES : DEFAULT_LATENCY_SIZES_BYTES;
    }

    /**
     * @return the message lengths of every mode that runs over a transport, in first-use order.
     */
    public List<Integer> allSizes()
    {
        return modes.stream().filter(Mode::perTransport).flatMap(m -> sizesFor(m).stream()).distinct().toList();
    }
}
