package io.slipstream.driver;

import io.aeron.ChannelUri;
import io.aeron.CommonContext;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a driver's sending bridges listen for their receivers' acknowledgements ({@link DriverContext#ackChannel}).
 * <p>
 * By default each sending bridge listens on a port of its own ({@value #EPHEMERAL}), so every bridge costs the
 * driver one more socket to receive on, and the peer's driver one more to send from; Aeron polls each socket on every
 * duty cycle, empty or not. Given the channel a receiving bridge of the same driver already listens on, the
 * acknowledgements travel on that socket instead, as another stream of it (the sending bridge's own stream id): the
 * peer's acknowledgements then leave through the socket its own sending bridge uses for that channel. Two drivers
 * bridging both ways then poll no more sockets than two plain Aeron clients talking both ways.
 */
final class AckChannel
{
    /** A port of the bridge's own, on every interface. */
    static final String EPHEMERAL = "aeron:udp?endpoint=0.0.0.0:0";

    private AckChannel()
    {
    }

    /**
     * Checks a driver's acknowledgement channel against its bridges.
     *
     * @param channel an {@code aeron:udp} channel with an endpoint that names its port, without a stream.
     * @param bridges the driver's bridges: sending bridges must have distinct stream ids (the acknowledgements are
     *                told apart by stream), and a receiving bridge on the same endpoint must not use any of them.
     * @throws IllegalArgumentException saying what is wrong.
     */
    static void check(final String channel, final List<BridgeSpec> bridges)
    {
        final String endpoint = endpoint(channel);
        final Set<Integer> sendingStreams = new HashSet<>();
        for (final BridgeSpec bridge : bridges)
        {
            if (bridge.direction() == BridgeSpec.Direction.RING_TO_CHANNEL && !sendingStreams.add(bridge.streamId()))
            {
                throw new IllegalArgumentException("ack-channel: two sending bridges use stream " + bridge.streamId() +
                    "; with a shared acknowledgement channel each sending bridge needs a stream id of its own");
            }
        }
        for (final BridgeSpec bridge : bridges)
        {
            if (bridge.direction() == BridgeSpec.Direction.CHANNEL_TO_RING &&
                sendingStreams.contains(bridge.streamId()) && endpoint.equals(endpointOrNull(bridge.channel())))
            {
                throw new IllegalArgumentException("ack-channel: the receiving bridge '" + bridge.text() +
                    "' listens on that endpoint with stream " + bridge.streamId() + ", which a sending bridge's " +
                    "acknowledgements use too: give one of them another stream id");
            }
        }
    }

    /**
     * @return the channel's {@code endpoint} value, checked: an {@code aeron:udp} channel, an endpoint with a port
     * above 0, no stream.
     */
    static String endpoint(final String channel)
    {
        final ChannelUri uri;
        try
        {
            uri = ChannelUri.parse(channel.trim());
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalArgumentException("ack-channel: not an Aeron channel: " + channel, ex);
        }
        if (!CommonContext.UDP_MEDIA.equals(uri.media()))
        {
            throw new IllegalArgumentException("ack-channel: expected an aeron:udp channel: " + channel);
        }
        if (uri.containsKey(CommonContext.STREAM_ID_PARAM_NAME) || uri.containsKey("stream"))
        {
            throw new IllegalArgumentException("ack-channel: give the channel without a stream (each sending " +
                "bridge's acknowledgements use its own stream id): " + channel);
        }
        final String endpoint = uri.get(CommonContext.ENDPOINT_PARAM_NAME);
        final int colon = endpoint == null ? -1 : endpoint.lastIndexOf(':');
        final int port;
        try
        {
            port = colon < 0 ? 0 : Integer.parseInt(endpoint.substring(colon + 1));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("ack-channel: bad endpoint port: " + channel, ex);
        }
        if (port <= 0 || port > 65535)
        {
            throw new IllegalArgumentException("ack-channel: expected an endpoint with its port, e.g. " +
                "aeron:udp?endpoint=10.0.0.1:40124 (the channel a receiving bridge listens on): " + channel);
        }
        return endpoint;
    }

    private static String endpointOrNull(final String channel)
    {
        try
        {
            return ChannelUri.parse(channel).get(CommonContext.ENDPOINT_PARAM_NAME);
        }
        catch (final RuntimeException ex)
        {
            return null;
        }
    }
}
