package io.slipstream.perf;

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
    CODECS(false, false);

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
     * @return whether the mode is a run over each transport (false for {@link #WAKE} and {@link #CODECS}).
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

    public static Mode fromLabel(final String label)
    {
        for (final Mode mode : values())
        {
            if (mode.label().equalsIgnoreCase(label.trim()))
            {
                return mode;
            }
        }
        throw new IllegalArgumentException(
            "unknown mode '" + label + "', known: pingpong, open-loop, throughput, wake, codecs");
    }
}
