package io.slipstream.perf.core;

import java.nio.file.Path;

/**
 * What both processes of one run agree on: the run's private directory (under /dev/shm), the message length and
 * the mode (a transport may lay out its shared memory differently for one message in flight and for many).
 */
public record RunSpec(Path runDir, int messageLengthBytes, Mode mode)
{
    public RunSpec
    {
        if (messageLengthBytes < Message.MIN_LENGTH)
        {
            throw new IllegalArgumentException(
                "message length " + messageLengthBytes + " B < minimum " + Message.MIN_LENGTH + " B");
        }
        if (!mode.perTransport())
        {
            throw new IllegalArgumentException("mode " + mode.label() + " is not a run over one transport");
        }
    }

    /**
     * A ping-pong run.
     */
    public RunSpec(final Path runDir, final int messageLengthBytes)
    {
        this(runDir, messageLengthBytes, Mode.PINGPONG);
    }
}
