package io.slipstream.perf.transport;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.slipstream.perf.core.ChildProcess;
import io.slipstream.perf.core.Endpoint;
import io.slipstream.perf.core.HarnessException;
import io.slipstream.perf.core.RunDirectories;
import io.slipstream.perf.core.RunSpec;
import io.slipstream.perf.core.Side;
import io.slipstream.perf.core.Transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Aeron's own UDP ping-pong over loopback, the baseline for {@link SlipstreamUdpTransport}: an exclusive
 * publication per direction on {@code aeron:udp?endpoint=127.0.0.1:<port>}, each side a client of its own
 * stand-alone media driver JVM ({@link AeronUdpDriverMain}), as if on two hosts. The drivers are set up like the
 * Aeron driver inside each Slipstream media driver ({@link UdpSettings}): SHARED threading and, by default, the
 * {@code yielding} idle strategy on every driver thread (not busy-spin: a 2-core machine cannot run two busy
 * drivers beside the two clients), chosen with the environment variable {@value UdpSettings#IDLE_ENV}. The clients
 * yield the core when a poll finds nothing, unless that variable says {@code busy-spin}.
 * <p>
 * Not in the default transport list (each round trip crosses two drivers twice; slow on small machines): run it
 * by name, {@code --transports aeron-udp}.
 */
public final class AeronUdpTransport implements Transport
{
    public static final String NAME = "aeron-udp";
    private static final String PORTS_FILE = "aeron-udp.ports";
    /** A driver whose CnC heartbeat is older than this is not active. */
    private static final long DRIVER_TIMEOUT_MS = 10_000;

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public List<String> jvmFlags()
    {
        return List.of(AgronaRingTransport.BOUNDS_CHECKS_OFF_FLAG);
    }

    @Override
    public List<String> settings(final RunSpec spec)
    {
        return List.of(AgronaRingTransport.BOUNDS_CHECKS_OFF_SETTING + ", in the clients and both drivers",
            "two stand-alone Aeron media drivers (child JVMs), one per side, as if on two hosts; an exclusive " +
                "publication per direction on aeron:udp?endpoint=127.0.0.1:<port>",
            "driver threads: Aeron " + UdpSettings.THREADING + " threading (one driver thread per driver); each " +
                "client's own conductor thread",
            "idle strategy of every driver thread: " + UdpSettings.idle() + " (" + UdpSettings.IDLE_ENV + ")",
            "clients: " + (UdpSettings.clientsSpin() ? "busy-spin" : "yield the core when a poll finds nothing") +
                "; fragment limit 1 in ping-pong, " + AeronEndpoint.BATCH_FRAGMENT_LIMIT + " by a one-way receiver",
            "term length " + UdpSettings.TERM_LENGTH_BYTES / 1024 + " KiB, MTU " + UdpSettings.MTU_BYTES +
                " B, publication window " + UdpSettings.PUBLICATION_WINDOW_BYTES / 1024 + " KiB");
    }

    @Override
    public Infrastructure prepare(final RunSpec spec)
    {
        final String idle = UdpSettings.idle();
        final List<Integer> ports = UdpSettings.freeLoopbackPorts(2);
        try
        {
            Files.writeString(spec.runDir().resolve(PORTS_FILE), ports.get(0) + " " + ports.get(1),
                StandardCharsets.US_ASCII);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final ChildProcess pingDriver = startDriver("aeron-udp-driver-ping", spec, Side.PING, idle);
        final ChildProcess pongDriver;
        try
        {
            pongDriver = startDriver("aeron-udp-driver-pong", spec, Side.PONG, idle);
        }
        catch (final RuntimeException ex)
        {
            pingDriver.close();
            throw ex;
        }
        try
        {
            awaitDriverActive(pingDriver, aeronDir(spec, Side.PING));
            awaitDriverActive(pongDriver, aeronDir(spec, Side.PONG));
        }
        catch (final RuntimeException ex)
        {
            pingDriver.close();
            pongDriver.close();
            throw ex;
        }
        return new Infrastructure()
        {
            public List<Long> pids()
            {
                return List.of(pingDriver.pid(), pongDriver.pid());
            }

            public void close()
            {
                pingDriver.close();
                pongDriver.close();
                RunDirectories.deleteRecursively(aeronDir(spec, Side.PING));
                RunDirectories.deleteRecursively(aeronDir(spec, Side.PONG));
            }
        };
    }

    /**
     * Wait until Aeron says, through its own public check of the CnC file ({@link CommonContext#isDriverActive}), that
     * the child's driver runs: the counterpart for Aeron of {@code DriverReadiness} for Slipstream's driver.
     */
    private static void awaitDriverActive(final ChildProcess driver, final Path aeronDir)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(UdpSettings.START_TIMEOUT_MS);
        while (!CommonContext.isDriverActive(aeronDir.toFile(), DRIVER_TIMEOUT_MS, message -> { }))
        {
            if (!driver.isAlive())
            {
                throw driver.failure("exited before its media driver was active");
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw driver.failure("media driver not active within " + UdpSettings.START_TIMEOUT_MS + " ms");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(UdpSettings.WAIT_STEP_MS));
        }
    }

    private static ChildProcess startDriver(final String name, final RunSpec spec, final Side side, final String idle)
    {
        return ChildProcess.start(name, AeronUdpDriverMain.class, spec.runDir(),
            List.of(AgronaRingTransport.BOUNDS_CHECKS_OFF_FLAG),
            List.of(aeronDir(spec, side).toString(), idle, UdpSettings.THREADING,
                Integer.toString(UdpSettings.TERM_LENGTH_BYTES), Integer.toString(UdpSettings.MTU_BYTES),
                Integer.toString(UdpSettings.PUBLICATION_WINDOW_BYTES)));
    }

    @Override
    public Endpoint open(final RunSpec spec, final Side side, final BooleanSupplier peerAlive)
    {
        final int[] ports = readPorts(spec);
        final String pingChannel = UdpSettings.loopbackChannel(ports[0]);
        final String pongChannel = UdpSettings.loopbackChannel(ports[1]);
        final Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir(spec, side).toString()));
        try
        {
            final ExclusivePublication publication = side == Side.PING ?
                aeron.addExclusivePublication(pingChannel, UdpSettings.PING_STREAM_ID) :
                aeron.addExclusivePublication(pongChannel, UdpSettings.PONG_STREAM_ID);
            final Subscription subscription = side == Side.PING ?
                aeron.addSubscription(pongChannel, UdpSettings.PONG_STREAM_ID) :
                aeron.addSubscription(pingChannel, UdpSettings.PING_STREAM_ID);
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(UdpSettings.CONNECT_TIMEOUT_MS);
            while (!publication.isConnected() || !subscription.isConnected())
            {
                if (!peerAlive.getAsBoolean())
                {
                    throw new HarnessException(NAME + ": peer died before connecting");
                }
                if (System.nanoTime() - deadlineNs > 0)
                {
                    throw new HarnessException(NAME + ": not connected within " + UdpSettings.CONNECT_TIMEOUT_MS +
                        " ms (publication " + publication.isConnected() + ", subscription " +
                        subscription.isConnected() + ")");
                }
                Thread.yield();
            }
            return new AeronEndpoint(NAME, aeron, publication, subscription, UdpSettings.clientsSpin());
        }
        catch (final RuntimeException ex)
        {
            aeron.close();
            throw ex;
        }
    }

    private static int[] readPorts(final RunSpec spec)
    {
        final Path file = spec.runDir().resolve(PORTS_FILE);
        try
        {
            final String[] words = Files.readString(file, StandardCharsets.US_ASCII).trim().split(" ");
            return new int[] {Integer.parseInt(words[0]), Integer.parseInt(words[1])};
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new HarnessException(NAME + ": cannot read the ports from " + file + " (was prepare() run?): " +
                ex, ex);
        }
    }

    private static Path aeronDir(final RunSpec spec, final Side side)
    {
        return spec.runDir().resolve(side == Side.PING ? "aeron-ping-host" : "aeron-pong-host");
    }
}
