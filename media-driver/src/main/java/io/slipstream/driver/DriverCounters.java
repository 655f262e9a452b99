package io.slipstream.driver;

import org.agrona.concurrent.status.CountersReader;

/**
 * The ids of a driver's bridge counters: public, so other processes can read them. Each bridge has one counter of
 * each type below in the counters section of the driver's Aeron CnC file ({@link DriverReadiness.Driver#cncFile()}),
 * beside Aeron's own. A counter's key is the bridge's number in the driver ({@link #BRIDGE_NUMBER_KEY_OFFSET}, an
 * {@code int}); its label is the bridge's spec, such as {@code ring:orders -> aeron:udp?endpoint=h:40123|stream=10}.
 * Read them with Agrona's {@link CountersReader}, from an Aeron client of the driver ({@code aeron.countersReader()})
 * or over the mapped CnC file, as {@code scripts/driver stat} does.
 */
public final class DriverCounters
{
    /** The type ids of this class are {@code TYPE_ID_BASE + 1} to {@link #LAST_TYPE_ID}; Aeron's are far below. */
    public static final int TYPE_ID_BASE = 0x534C_0000;
    /** Messages carried. */
    public static final int MESSAGES_TYPE_ID = TYPE_ID_BASE + 1;
    /** Payload bytes carried. */
    public static final int BYTES_TYPE_ID = TYPE_ID_BASE + 2;
    /** Times the bridge found its destination full (Aeron or ring back-pressure) and left the message in place. */
    public static final int BACK_PRESSURE_TYPE_ID = TYPE_ID_BASE + 3;
    /**
     * Ring to channel: the source ring's producer position minus the position the bridge has released it to (what
     * the receiving bridge acknowledged), in bytes.
     */
    public static final int LAG_TYPE_ID = TYPE_ID_BASE + 4;
    /** 1 while the bridge's Aeron stream has a peer (publication connected, or subscription with an image), else 0. */
    public static final int CONNECTED_TYPE_ID = TYPE_ID_BASE + 5;
    /** Times the bridge went from disconnected to connected. */
    public static final int CONNECTIONS_TYPE_ID = TYPE_ID_BASE + 6;
    /** Messages that can never be delivered (longer than the destination ring allows) and bridge errors. */
    public static final int ERRORS_TYPE_ID = TYPE_ID_BASE + 7;
    /** Ring to channel: bytes sent but not yet acknowledged by the receiving bridge (still held in the ring). */
    public static final int UNACKNOWLEDGED_TYPE_ID = TYPE_ID_BASE + 8;
    /** Channel to ring: messages dropped because they were already written (resent after a restart). */
    public static final int DUPLICATES_TYPE_ID = TYPE_ID_BASE + 9;
    /**
     * Channel to ring: bytes Aeron has received for the bridge and the bridge has not yet taken, summed over its
     * stream's images (each image's receiver high-water mark minus the bridge's position in it), in bytes: what the
     * receiving side holds because the destination ring has no space or the bridge is behind.
     */
    public static final int UNWRITTEN_TYPE_ID = TYPE_ID_BASE + 10;
    /** Channel to ring: 1 while the bridge waits for space in its destination ring (the ring is full), else 0. */
    public static final int RING_FULL_TYPE_ID = TYPE_ID_BASE + 11;
    /** The last type id of a bridge counter. */
    public static final int LAST_TYPE_ID = RING_FULL_TYPE_ID;
    /** Where a bridge counter's key holds the bridge's number in its driver (an {@code int}). */
    public static final int BRIDGE_NUMBER_KEY_OFFSET = 0;

    private DriverCounters()
    {
    }

    /** Whether a counter type id is one of a bridge's. */
    public static boolean isBridgeCounter(final int typeId)
    {
        return typeId > TYPE_ID_BASE && typeId <= LAST_TYPE_ID;
    }

    /** A short name for a bridge counter type ({@code messages}, {@code lag} ...), or null for another type. */
    public static String name(final int typeId)
    {
        return switch (typeId)
        {
            case MESSAGES_TYPE_ID -> "messages";
            case BYTES_TYPE_ID -> "bytes";
            case BACK_PRESSURE_TYPE_ID -> "back-pressure";
            case LAG_TYPE_ID -> "lag";
            case CONNECTED_TYPE_ID -> "connected";
            case CONNECTIONS_TYPE_ID -> "connections";
            case ERRORS_TYPE_ID -> "errors";
            case UNACKNOWLEDGED_TYPE_ID -> "unacked";
            case DUPLICATES_TYPE_ID -> "duplicates";
            case UNWRITTEN_TYPE_ID -> "unwritten";
            case RING_FULL_TYPE_ID -> "ring-full";
            default -> null;
        };
    }

    /** How many bridges, among the counters read, have a connected Aeron stream now. */
    public static int connectedBridges(final CountersReader counters)
    {
        final int[] connected = {0};
        counters.forEach((counterId, typeId, keyBuffer, label) ->
        {
            if (typeId == CONNECTED_TYPE_ID && counters.getCounterValue(counterId) == 1)
            {
                connected[0]++;
            }
        });
        return connected[0];
    }
}
