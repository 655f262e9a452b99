package io.slipstream.perf;

import java.util.List;

/**
 * What to run: transports (in round order), modes, messages per run, rounds, message length and the open-loop
 * rate.
 */
public record HarnessConfig(
    List<String> transports,
    List<Mode> modes,
    long warmupMessages,
    long measuredMessages,
    int rounds,
    int messageLengthBytes,
    long ratePerSecond)
{
    /** Default open-loop rate, messages per second. */
    public static final long DEFAULT_RATE_PER_SECOND = 100_000;

    public HarnessConfig
    {
        transports = List.copyOf(transports);
        modes = List.copyOf(modes);
        if (transports.isEmpty() || modes.isEmpty())
        {
            throw new IllegalArgumentException("need at least one transport and one mode");
        }
        if (warmupMessages < 0 || measuredMessages < 1 || rounds < 1)
        {
            throw new IllegalArgumentException("need warmup >= 0, messages >= 1, rounds >= 1");
        }
        if (messageLengthBytes < Message.MIN_LENGTH)
        {
            throw new IllegalArgumentException("--size must be at least " + Message.MIN_LENGTH + " B");
        }
        if (ratePerSecond < 1 || ratePerSecond > 1_000_000_000L)
        {
            throw new IllegalArgumentException("--rate must be 1..1,000,000,000 messages/s");
        }
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
}
