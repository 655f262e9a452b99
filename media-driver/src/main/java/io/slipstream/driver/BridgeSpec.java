package io.slipstream.driver;

import io.aeron.ChannelUri;

import java.util.regex.Pattern;

/**
 * One bridge as written in a config file or on the command line: {@code ring:<name> -> <aeron channel>} sends a
 * ring's messages to an Aeron stream, {@code <aeron channel> -> ring:<name>} writes a stream's messages into a ring.
 * The channel is an Aeron URI with one extra parameter, {@code stream=<id>} (default {@value #DEFAULT_STREAM_ID}),
 * which is taken out of the URI and used as the stream id, e.g. {@code aeron:udp?endpoint=10.0.0.2:40123|stream=10}.
 *
 * @param text      the spec normalised ({@code stream=<id>} always given); it names the bridge.
 * @param direction which way messages go.
 * @param ringName  the ring's stream name (its file is {@code <ring dir>/<name>.ring}).
 * @param channel   the Aeron channel without the {@code stream} parameter.
 * @param streamId  the Aeron stream id.
 */
public record BridgeSpec(String text, Direction direction, String ringName, String channel, int streamId)
{
    /** Stream id used when a channel names none. */
    public static final int DEFAULT_STREAM_ID = 10;
    private static final String RING_PREFIX = "ring:";
    private static final String STREAM_PARAM = "stream";
    private static final Pattern RING_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

    /** Which way a bridge moves messages. */
    public enum Direction
    {
        /** From a ring to an Aeron publication. */
        RING_TO_CHANNEL,
        /** From an Aeron subscription to a ring. */
        CHANNEL_TO_RING
    }

    /**
     * Parses a spec such as {@code ring:orders -> aeron:udp?endpoint=host:40123|stream=10}.
     *
     * @throws IllegalArgumentException saying what is wrong and what is expected.
     */
    public static BridgeSpec parse(final String spec)
    {
        final String[] sides = spec.split("->", -1);
        if (sides.length != 2)
        {
            throw bad(spec, "expected exactly one '->'");
        }
        final String from = sides[0].trim();
        final String to = sides[1].trim();
        final boolean fromRing = from.startsWith(RING_PREFIX);
        final boolean toRing = to.startsWith(RING_PREFIX);
        if (fromRing == toRing)
        {
            throw bad(spec, "one side must be ring:<name> and the other an aeron: channel");
        }
        final String ring = (fromRing ? from : to).substring(RING_PREFIX.length());
        if (!RING_NAME.matcher(ring).matches())
        {
            throw bad(spec, "ring name must match " + RING_NAME.pattern());
        }
        final String channelText = fromRing ? to : from;
        if (!channelText.startsWith("aeron:"))
        {
            throw bad(spec, "the channel must start with 'aeron:' (e.g. aeron:udp?endpoint=host:40123|stream=10)");
        }
        final ChannelUri uri;
        try
        {
            uri = ChannelUri.parse(channelText);
        }
        catch (final RuntimeException ex)
        {
            throw bad(spec, "invalid Aeron channel: " + ex.getMessage());
        }
        int streamId = DEFAULT_STREAM_ID;
        final String stream = uri.remove(STREAM_PARAM);
        if (stream != null)
        {
            try
            {
                streamId = Integer.parseInt(stream.trim());
            }
            catch (final NumberFormatException ex)
            {
                throw bad(spec, "stream must be an integer: " + stream);
            }
        }
        final Direction direction = fromRing ? Direction.RING_TO_CHANNEL : Direction.CHANNEL_TO_RING;
        final String channel = uri.toString();
        final String channelWithStream =
            channel + (channel.indexOf('?') < 0 ? "?" : "|") + STREAM_PARAM + "=" + streamId;
        final String text = fromRing ? RING_PREFIX + ring + " -> " + channelWithStream : channelWithStream + " -> " +
            RING_PREFIX + ring;
        return new BridgeSpec(text, direction, ring, channel, streamId);
    }

    private static IllegalArgumentException bad(final String spec, final String why)
    {
        return new IllegalArgumentException("bad bridge '" + spec + "': " + why +
            "; expected 'ring:<name> -> aeron:udp?endpoint=<host>:<port>|stream=<id>' or the reverse");
    }

    @Override
    public String toString()
    {
        return text;
    }
}
