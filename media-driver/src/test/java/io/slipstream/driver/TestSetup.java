package io.slipstream.driver;

import io.slipstream.engine.RingContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.nio.file.Path;

/** Free UDP ports, ring contexts and driver settings for tests (directories: test-support's extension). */
final class TestSetup
{
    private TestSetup()
    {
    }

    /** A UDP port nobody used a moment ago. */
    static int freeUdpPort()
    {
        try (DatagramSocket socket = new DatagramSocket(0))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static RingContext ring(final Path dir, final String name, final int capacityBytes)
    {
        return new RingContext().directory(dir).streamName(name).capacityBytes(capacityBytes);
    }

    /** Driver settings for tests: backoff everywhere (two cores shared with the test's own threads). */
    static DriverContext driver(final Path aeronDir, final Path ringDir, final String... bridges)
    {
        final DriverContext context = new DriverContext().aeronDir(aeronDir).ringDir(ringDir).drainTimeoutMs(2000);
        for (final String bridge : bridges)
        {
            context.bridge(BridgeSpec.parse(bridge));
        }
        return context;
    }
}
