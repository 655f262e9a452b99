package io.slipstream.perf;

import java.util.List;

/**
 * What to run: the transports (in round order), messages per run, rounds and message length.
 */
public record HarnessConfig(
    List<String> transports, long warmupMessages, long measuredMessages, int rounds, int messageLengthBytes)
{
    public HarnessConfig
    {
        transports = List.copyOf(transports);
        if (transports.isEmpty())
        {
            throw new IllegalArgumentException("no transports");
        }
        if (warmupMessages < 0 || measuredMessages < 1 || rounds < 1)
        {
            throw new IllegalArgumentException("need warmup >= 0, messages >= 1, rounds >= 1");
        }
        if (messageLengthBytes < Message.MIN_LENGTH)
        {
            throw new IllegalArgumentException("--size must be at least " + Message.MIN_LENGTH + " B");
        }
    }
}
