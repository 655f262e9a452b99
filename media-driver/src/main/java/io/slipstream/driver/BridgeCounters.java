package io.slipstream.driver;

import io.aeron.Aeron;
import io.aeron.Counter;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One bridge's counters, allocated in the counters section of the embedded Aeron driver's CnC file, so any process
 * can read them ({@link DriverStatCommand}) beside Aeron's own. Each counter's key is the bridge's number in the
 * driver (4 bytes); its label is the bridge spec. Written by the bridge's thread only, with ordered stores.
 */
final class BridgeCounters implements AutoCloseable
{
    /** First counter type id of ours; Aeron's own type ids are far below. */
    static final int TYPE_ID_BASE = 0x534C_0000;
    /** Messages carried. */
    static final int MESSAGES_TYPE_ID = TYPE_ID_BASE + 1;
    /** Payload bytes carried. */
    static final int BYTES_TYPE_ID = TYPE_ID_BASE + 2;
    /** Times the bridge found its destination full (Aeron or ring back-pressure) and left the message in place. */
    static final int BACK_PRESSURE_TYPE_ID = TYPE_ID_BASE + 3;
    /** Ring to channel: source ring's producer position minus the bridge's position, in bytes. */
    static final int LAG_TYPE_ID = TYPE_ID_BASE + 4;
    /** 1 while the Aeron stream has a peer (publication connected, or subscription with an image), else 0. */
    static final int CONNECTED_TYPE_ID = TYPE_ID_BASE + 5;
    /** Times the bridge went from disconnected to connected. */
    static final int CONNECTIONS_TYPE_ID = TYPE_ID_BASE + 6;
    /** Messages that can never be delivered (longer than the destination ring allows) and errors. */
    static final int ERRORS_TYPE_ID = TYPE_ID_BASE + 7;
    static final int LAST_TYPE_ID = ERRORS_TYPE_ID;

    final Counter messages;
    final Counter bytes;
    final Counter backPressure;
    final Counter lag;
    final Counter connected;
    final Counter connections;
    final Counter errors;

    BridgeCounters(final Aeron aeron, final int bridgeNumber, final BridgeSpec spec)
    {
        final UnsafeBuffer key = new UnsafeBuffer(new byte[Integer.BYTES]);
        key.putInt(0, bridgeNumber);
        final UnsafeBuffer label = new UnsafeBuffer(new byte[spec.text().length() * 3 + 64]);
        final int labelLength = label.putStringWithoutLengthUtf8(0, spec.text());
        messages = add(aeron, MESSAGES_TYPE_ID, key, label, labelLength);
        bytes = add(aeron, BYTES_TYPE_ID, key, label, labelLength);
        backPressure = add(aeron, BACK_PRESSURE_TYPE_ID, key, label, labelLength);
        lag = add(aeron, LAG_TYPE_ID, key, label, labelLength);
        connected = add(aeron, CONNECTED_TYPE_ID, key, label, labelLength);
        connections = add(aeron, CONNECTIONS_TYPE_ID, key, label, labelLength);
        errors = add(aeron, ERRORS_TYPE_ID, key, label, labelLength);
    }

    private static Counter add(final Aeron aeron, final int typeId, final UnsafeBuffer key, final UnsafeBuffer label,
        final int labelLength)
    {
        return aeron.addCounter(typeId, key, 0, key.capacity(), label, 0, labelLength);
    }

    /** Records the connection state; counts a new connection on each change to connected. */
    void connected(final boolean isConnected)
    {
        final long value = isConnected ? 1 : 0;
        if (connected.getPlain() != value)
        {
            connected.setRelease(value);
            if (isConnected)
            {
                connections.incrementRelease();
            }
        }
    }

    /** A short name for a counter type of ours, or null for another type. */
    static String name(final int typeId)
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
            default -> null;
        };
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(messages, bytes, backPressure, lag, connected, connections, errors);
    }
}
