package io.slipstream.driver;

import io.aeron.Aeron;
import io.aeron.Counter;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One bridge's counters, allocated in the counters section of the embedded Aeron driver's CnC file, so any process
 * can read them ({@link DriverStatCommand}) beside Aeron's own. Each counter's key is the bridge's number in the
 * driver (4 bytes); its label is the bridge spec; the type ids are {@link DriverCounters}'. Written by the bridge's
 * thread only, with ordered stores.
 */
final class BridgeCounters implements AutoCloseable
{
    final Counter messages;
    final Counter bytes;
    final Counter backPressure;
    final Counter lag;
    final Counter connected;
    final Counter connections;
    final Counter errors;
    final Counter unacknowledged;
    final Counter duplicates;
    final Counter unwritten;
    final Counter ringFull;

    BridgeCounters(final Aeron aeron, final int bridgeNumber, final BridgeSpec spec)
    {
        final UnsafeBuffer key = new UnsafeBuffer(new byte[Integer.BYTES]);
        final UnsafeBuffer label = new UnsafeBuffer(new byte[spec.text().length() * 3 + 64]);
        final int labelLength = label.putStringWithoutLengthUtf8(0, spec.text());
        key.putInt(DriverCounters.BRIDGE_NUMBER_KEY_OFFSET, bridgeNumber);
        messages = add(aeron, DriverCounters.MESSAGES_TYPE_ID, key, label, labelLength);
        bytes = add(aeron, DriverCounters.BYTES_TYPE_ID, key, label, labelLength);
        backPressure = add(aeron, DriverCounters.BACK_PRESSURE_TYPE_ID, key, label, labelLength);
        lag = add(aeron, DriverCounters.LAG_TYPE_ID, key, label, labelLength);
        connected = add(aeron, DriverCounters.CONNECTED_TYPE_ID, key, label, labelLength);
        connections = add(aeron, DriverCounters.CONNECTIONS_TYPE_ID, key, label, labelLength);
        errors = add(aeron, DriverCounters.ERRORS_TYPE_ID, key, label, labelLength);
        unacknowledged = add(aeron, DriverCounters.UNACKNOWLEDGED_TYPE_ID, key, label, labelLength);
        duplicates = add(aeron, DriverCounters.DUPLICATES_TYPE_ID, key, label, labelLength);
        unwritten = add(aeron, DriverCounters.UNWRITTEN_TYPE_ID, key, label, labelLength);
        ringFull = add(aeron, DriverCounters.RING_FULL_TYPE_ID, key, label, labelLength);
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

    @Override
    public void close()
    {
        CloseHelper.closeAll(messages, bytes, backPressure, lag, connected, connections, errors, unacknowledged,
            duplicates, unwritten, ringFull);
    }
}
