package io.slipstream.perf;

import java.nio.file.Path;

/**
 * What both processes of one run agree on: the run's private directory (under /dev/shm) and the message length.
 */
public record RunSpec(Path runDir, int messageLengthBytes)
{
    public RunSpec
    {
        if (messageLengthBytes < Message.MIN_LENGTH)
        {
            throw new IllegalArgumentException(
                "message length " + messageLengthBytes + " B < minimum " + Message.MIN_LENGTH + " B");
        }
    }
}
