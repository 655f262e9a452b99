package io.slipstream.driver;

import io.slipstream.engine.RingContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import io.slipstream.test.RingDirectoryExtension;

/** Per-test directories in /dev/shm (deleted by test-support), free UDP ports and driver settings. */
final class TestSetup
{
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestSetup()
    {
    }

    /** A new empty directory {@code /dev/shm/slipstream-driver-test-<pid>-<n>-<name>}. */
    static Path newDirectory(final String name)
    {
        final Path dir = Path.of("/dev/shm", "slipstream-driver-test-" + ProcessHandle.current().pid() + "-" +
            COUNTER.incrementAndGet() + "-" + name);
        try
        {
            deleteRecursively(dir);
            Files.createDirectories(dir);
            return dir;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static void deleteRecursively(final Path dir)
    {
        RingDirectoryExtension.delete(dir);
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
