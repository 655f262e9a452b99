package io.slipstream.perf.transport;

import io.aeron.Aeron;
import io.slipstream.driver.DriverCounters;
import io.slipstream.driver.DriverMain;
import io.slipstream.driver.DriverReadiness;
import io.slipstream.engine.Publication;
import io.slipstream.engine.RingContext;
import io.slipstream.engine.Subscription;
import io.slipstream.perf.core.ChildProcess;
import io.slipstream.perf.core.Endpoint;
import io.slipstream.perf.core.HarnessException;
import io.slipstream.perf.core.RunDirectories;
import io.slipstream.perf.core.RunSpec;
import io.slipstream.perf.core.Side;
import io.slipstream.perf.core.Transport;
import org.agrona.concurrent.status.CountersReader;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Slipstream across two hosts, simulated over loopback: ping and pong touch only rings, each in its own "host"
 * directory, and two Slipstream media drivers ({@link DriverMain} in child JVMs, one per host, each with its own
 * ring and Aeron directories) carry ring {@code ping} to the other host over UDP and ring {@code pong} back:
 * <pre>
 *   ping -> ring ping -> driver A -> UDP -> driver B -> ring ping -> pong
 *   ping <- ring pong <- driver A <- UDP <- driver B <- ring pong <- pong
 * </pre>
 * The drivers' embedded Aeron is set up like the {@code aeron-udp} baseline's drivers ({@link UdpSettings}):
 * SHARED threading and, by default, the {@code yielding} idle strategy for Aeron's thread and the bridge threads (not
 * busy-spin: a 2-core machine cannot host six spinning driver threads beside the two clients), chosen with the
 * environment variable {@value UdpSettings#IDLE_ENV}. The clients yield the core when a poll finds nothing, unless
 * that variable says {@code busy-spin}. Measuring starts once both drivers are ready ({@link DriverReadiness}) and
 * all four bridges report a connected Aeron stream ({@link DriverCounters}).
 * Back-pressure runs end to end (a full ring stops its bridge, Aeron's flow control stops the sender), so the
 * streaming modes run too.
 * <p>
 * Not in the default transport list (each round trip crosses two drivers twice; slow on small machines): run it
 * by name, {@code --transports slipstream-udp}. The variant {@value #ONE_THREAD_NAME} runs each driver on one
 * thread ({@code --bridge-threads driver}: Aeron's media driver in INVOKER mode, its client and both bridges in one
 * duty cycle, with the same idle strategy) instead of Aeron's thread, Aeron's client and executor threads and a
 * thread per bridge.
 */
public final class SlipstreamUdpTransport implements Transport
{
    public static final String NAME = "slipstream-udp";
    /** The variant whose drivers each run on one thread. */
    public static final String ONE_THREAD_NAME = "slipstream-udp-driver";
    private static final int RING_CAPACITY_BYTES = 1 << 20;
    /** A graceful stop should not wait long for a peer that is stopping too. */
    private static final long DRAIN_TIMEOUT_MS = 500;
    private static final int BRIDGES_PER_DRIVER = 2;

    private final boolean oneThread;

    /** Drivers with a thread per bridge beside Aeron's threads (the driver's default). */
    public SlipstreamUdpTransport()
    {
        this(false);
    }

    /**
     * @param oneThread whether each driver runs Aeron and its bridges on one thread ({@code --bridge-threads driver}).
     */
    public SlipstreamUdpTransport(final boolean oneThread)
    {
        this.oneThread = oneThread;
    }

    @Override
    public String name()
    {
        return oneThread ? ONE_THREAD_NAME : NAME;
    }

    @Override
    public List<String> settings(final RunSpec spec)
    {
        return List.of(
            "two Slipstream media drivers (child JVMs), each bridging one ring out and one ring in over loopback UDP",
            "driver threads: " + (oneThread ? "one per driver (bridge-threads driver: Aeron's media driver in " +
                "INVOKER mode, its client conductor and both bridges in one duty cycle)" : "Aeron " +
                UdpSettings.THREADING + " threading (one driver thread), Aeron's client and executor threads, and " +
                "a thread per bridge (bridge-threads dedicated)"),
            "idle strategy of every driver thread: " + UdpSettings.idle() + " (" + UdpSettings.IDLE_ENV + ")",
            "acknowledgements on the channel each driver receives the other stream on (ack-channel): one socket " +
                "to send from and one to receive on per driver, as for aeron-udp",
            "clients: " + (UdpSettings.clientsSpin() ? "busy-spin" : "yield the core when a poll finds nothing") +
                "; poll limit 1 in ping-pong, " + RingEndpoint.BATCH_POLL_LIMIT + " by a one-way receiver",
            "term length " + UdpSettings.TERM_LENGTH_BYTES / 1024 + " KiB, MTU " + UdpSettings.MTU_BYTES +
                " B, publication window " + UdpSettings.PUBLICATION_WINDOW_BYTES / 1024 + " KiB, rings of " +
                RING_CAPACITY_BYTES / 1024 + " KiB");
    }

    @Override
    public Infrastructure prepare(final RunSpec spec)
    {
        final String idle = UdpSettings.idle();
        final List<Integer> ports = UdpSettings.freeLoopbackPorts(2);
        final String pingChannel =
            UdpSettings.loopbackChannel(ports.get(0)) + "|stream=" + UdpSettings.PING_STREAM_ID;
        final String pongChannel =
            UdpSettings.loopbackChannel(ports.get(1)) + "|stream=" + UdpSettings.PONG_STREAM_ID;
        final List<ChildProcess> drivers = new ArrayList<>(2);
        final Infrastructure infrastructure = new Infrastructure()
        {
            public List<Long> pids()
            {
                return drivers.stream().map(ChildProcess::pid).toList();
            }

            public void close()
            {
                // SIGTERM first so that each driver stops gracefully and deletes its Aeron directory.
                drivers.forEach(d -> ProcessHandle.of(d.pid()).ifPresent(ProcessHandle::destroy));
                drivers.forEach(ChildProcess::close);
                RunDirectories.deleteRecursively(hostDir(spec, Side.PING));
                RunDirectories.deleteRecursively(hostDir(spec, Side.PONG));
            }
        };
        try
        {
            // Each driver hears its acknowledgements on the channel it receives the other stream on.
            drivers.add(startDriver(spec, Side.PING, idle, oneThread, UdpSettings.loopbackChannel(ports.get(1)),
                "ring:" + ringName(Side.PING) + " -> " + pingChannel,
                pongChannel + " -> ring:" + ringName(Side.PONG)));
            drivers.add(startDriver(spec, Side.PONG, idle, oneThread, UdpSettings.loopbackChannel(ports.get(0)),
                pingChannel + " -> ring:" + ringName(Side.PING),
                "ring:" + ringName(Side.PONG) + " -> " + pongChannel));
            awaitReady(spec, drivers);
            awaitBridgesConnected(spec, drivers);
            return infrastructure;
        }
        catch (final RuntimeException ex)
        {
            infrastructure.close();
            throw ex;
        }
    }

    private static ChildProcess startDriver(final RunSpec spec, final Side host, final String idle,
        final boolean oneThread, final String ackChannel, final String bridge1, final String bridge2)
    {
        final String name = "slipstream-driver-" + host.name().toLowerCase(Locale.ROOT) + "-host";
        return ChildProcess.start(name, DriverMain.class, spec.runDir(), List.of(
            "--ring-dir", ringDir(spec, host).toString(),
            "--aeron-dir", aeronDir(spec, host).toString(),
            "--idle", idle,
            "--driver-idle", idle,
            "--threading", UdpSettings.THREADING,
            "--term-length", Integer.toString(UdpSettings.TERM_LENGTH_BYTES),
            "--mtu", Integer.toString(UdpSettings.MTU_BYTES),
            "--publication-window", Integer.toString(UdpSettings.PUBLICATION_WINDOW_BYTES),
            "--ring-capacity", Integer.toString(RING_CAPACITY_BYTES),
            "--drain-timeout-ms", Long.toString(DRAIN_TIMEOUT_MS),
            "--bridge-threads", oneThread ? "driver" : "dedicated",
            "--ack-channel", ackChannel,
            "--bridge", bridge1,
            "--bridge", bridge2));
    }

    /** Wait until both drivers are ready, as they say through {@link DriverReadiness}. */
    private static void awaitReady(final RunSpec spec, final List<ChildProcess> drivers)
    {
        final Side[] hosts = {Side.PING, Side.PONG};
        for (int i = 0; i < hosts.length; i++)
        {
            final ChildProcess driver = drivers.get(i);
            try
            {
                DriverReadiness.await(aeronDir(spec, hosts[i]),
                    Duration.ofMillis(UdpSettings.START_TIMEOUT_MS), driver::isAlive);
            }
            catch (final IllegalStateException ex)
            {
                throw driver.failure(ex.getMessage());
            }
        }
    }

    /**
     * Wait until every bridge of both drivers has a connected Aeron stream, read from the drivers' counters.
     */
    private static void awaitBridgesConnected(final RunSpec spec, final List<ChildProcess> drivers)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(UdpSettings.CONNECT_TIMEOUT_MS);
        final Side[] hosts = {Side.PING, Side.PONG};
        for (int i = 0; i < hosts.length; i++)
        {
            final ChildProcess driver = drivers.get(i);
            try (Aeron aeron = Aeron.connect(
                new Aeron.Context().aeronDirectoryName(aeronDir(spec, hosts[i]).toString())))
            {
                final CountersReader counters = aeron.countersReader();
                int connected;
                while ((connected = DriverCounters.connectedBridges(counters)) < BRIDGES_PER_DRIVER)
                {
                    if (!driver.isAlive())
                    {
                        throw driver.failure("died before its bridges connected");
                    }
                    if (System.nanoTime() - deadlineNs > 0)
                    {
                        throw driver.failure(connected + " of " + BRIDGES_PER_DRIVER + " bridges connected after " +
                            UdpSettings.CONNECT_TIMEOUT_MS + " ms");
                    }
                    sleepMs(UdpSettings.WAIT_STEP_MS);
                }
            }
        }
    }

    private static void sleepMs(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted waiting for the bridges", ex);
        }
    }

    @Override
    public Endpoint open(final RunSpec spec, final Side side, final BooleanSupplier peerAlive)
    {
        final Side peer = side == Side.PING ? Side.PONG : Side.PING;
        final Path rings = ringDir(spec, side);
        final Publication publication = Publication.open(ringContext(rings, side));
        try
        {
            return new RingEndpoint(name(), publication, Subscription.open(ringContext(rings, peer)),
                UdpSettings.clientsSpin());
        }
        catch (final RuntimeException ex)
        {
            publication.close();
            throw ex;
        }
    }

    /**
     * The ring a side writes to (on either host: the drivers carry it across under the same name).
     */
    private static RingContext ringContext(final Path ringDir, final Side writer)
    {
        return new RingContext()
            .directory(ringDir)
            .streamName(ringName(writer))
            .capacityBytes(RING_CAPACITY_BYTES);
    }

    private static String ringName(final Side writer)
    {
        return writer == Side.PING ? "ping" : "pong";
    }

    private static Path hostDir(final RunSpec spec, final Side host)
    {
        return spec.runDir().resolve(host == Side.PING ? "ping-host" : "pong-host");
    }

    private static Path ringDir(final RunSpec spec, final Side host)
    {
        return hostDir(spec, host).resolve("rings");
    }

    private static Path aeronDir(final RunSpec spec, final Side host)
    {
        return hostDir(spec, host).resolve("aeron");
    }
}
