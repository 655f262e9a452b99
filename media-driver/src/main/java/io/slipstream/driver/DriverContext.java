package io.slipstream.driver;

import io.aeron.driver.ThreadingMode;
import io.slipstream.engine.RingContext;
import io.slipstream.engine.WaitStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Settings of one driver: fluent setters with defaults, then {@link #conclude()} to validate them (the driver calls
 * it when it launches). Idle strategies are given as factories, since every
 * thread needs an instance of its own: {@code idleStrategy(() -> new YieldingIdleStrategy())}, or
 * {@code idleStrategy(WaitStrategy.YIELDING::newIdleStrategy)}.
 * <p>
 * {@link DriverConfigParser} reads the same settings from a config file or from command-line values.
 */
public final class DriverContext
{
    /** Default Aeron directory: {@code /dev/shm/aeron-<user>-slipstream}. */
    public static final Path DEFAULT_AERON_DIR = Path.of("/dev/shm",
        "aeron-" + System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_") + "-slipstream");
    /** Default {@link #publicationWindowBytes(int)}: 256 KiB. */
    public static final int DEFAULT_PUBLICATION_WINDOW_BYTES = 256 << 10;
    private static final int MAX_POLL_LIMIT = 1 << 16;

    /** The default idle strategy of the bridge threads and of Aeron's threads: {@link WaitStrategy#BACKOFF}. */
    public static final Supplier<IdleStrategy> DEFAULT_IDLE_STRATEGY = WaitStrategy.BACKOFF::newIdleStrategy;

    private Path aeronDir = DEFAULT_AERON_DIR;
    private Path ringDir = RingContext.DEFAULT_DIRECTORY;
    private Supplier<? extends IdleStrategy> idleStrategy = DEFAULT_IDLE_STRATEGY;
    private Supplier<? extends IdleStrategy> driverIdleStrategy = DEFAULT_IDLE_STRATEGY;
    private ThreadingMode threadingMode = ThreadingMode.SHARED;
    private int termLengthBytes;
    private int mtuBytes;
    private int ringCapacityBytes;
    private long drainTimeoutMs = 5000;
    private int pollLimit = 64;
    private BridgeThreads bridgeThreads = BridgeThreads.DEDICATED;
    private long peerTimeoutMs;
    private int publicationWindowBytes = DEFAULT_PUBLICATION_WINDOW_BYTES;
    private String ackChannel;
    private final List<BridgeSpec> bridges = new ArrayList<>();

    /**
     * Validates the settings (again, if called again after a change).
     *
     * @return this context.
     * @throws IllegalArgumentException naming the first bad setting.
     */
    public DriverContext conclude()
    {
        if (bridges.isEmpty())
        {
            throw new IllegalArgumentException("no bridge given: use --bridge 'ring:<name> -> aeron:udp?...' or a " +
                "config file with 'bridge = ...' lines");
        }
        Objects.requireNonNull(aeronDir, "aeronDir");
        Objects.requireNonNull(ringDir, "ringDir");
        Objects.requireNonNull(threadingMode, "threadingMode");
        Objects.requireNonNull(bridgeThreads, "bridgeThreads");
        if (threadingMode == ThreadingMode.INVOKER && bridgeThreads != BridgeThreads.DRIVER)
        {
            throw new IllegalArgumentException("Aeron's INVOKER threading runs only inside the driver's own duty " +
                "cycle: use bridge-threads = driver");
        }
        if (termLengthBytes < 0 || mtuBytes < 0 || ringCapacityBytes < 0 || publicationWindowBytes < 0)
        {
            throw new IllegalArgumentException("sizes must be >= 0 (0 keeps the default): term length " +
                termLengthBytes + ", mtu " + mtuBytes + ", ring capacity " + ringCapacityBytes +
                ", publication window " + publicationWindowBytes);
        }
        if (pollLimit < 1 || pollLimit > MAX_POLL_LIMIT)
        {
            throw new IllegalArgumentException("poll limit must be in [1, " + MAX_POLL_LIMIT + "]: " + pollLimit);
        }
        if (peerTimeoutMs < 0)
        {
            throw new IllegalArgumentException("peer timeout must be >= 0: " + peerTimeoutMs);
        }
        if (drainTimeoutMs < 0)
        {
            throw new IllegalArgumentException("drain timeout must be >= 0: " + drainTimeoutMs);
        }
        if (ackChannel != null)
        {
            AckChannel.check(ackChannel, bridges);
        }
        return this;
    }

    /** As {@link DriverConfigParser#parseThreading(String)}, where parsing lives; kept for existing callers. */
    public static ThreadingMode parseThreading(final String value)
    {
        return DriverConfigParser.parseThreading(value);
    }

    public DriverContext bridge(final BridgeSpec bridge)
    {
        bridges.add(bridge);
        return this;
    }

    public List<BridgeSpec> bridges()
    {
        return List.copyOf(bridges);
    }

    /** Aeron's directory (CnC file, log buffers); created on start, deleted on a graceful stop. */
    public DriverContext aeronDir(final Path aeronDir)
    {
        this.aeronDir = aeronDir;
        return this;
    }

    public Path aeronDir()
    {
        return aeronDir;
    }

    /** Directory of the rings the bridges read and write. */
    public DriverContext ringDir(final Path ringDir)
    {
        this.ringDir = ringDir;
        return this;
    }

    public Path ringDir()
    {
        return ringDir;
    }

    /**
     * How the bridge threads wait when there is nothing to carry: a factory called once per bridge thread.
     * Default {@link #DEFAULT_IDLE_STRATEGY}.
     */
    public DriverContext idleStrategy(final Supplier<? extends IdleStrategy> idleStrategy)
    {
        this.idleStrategy = Objects.requireNonNull(idleStrategy, "idleStrategy");
        return this;
    }

    public Supplier<? extends IdleStrategy> idleStrategy()
    {
        return idleStrategy;
    }

    /**
     * How Aeron's driver threads (conductor, sender, receiver, or the shared ones) wait: a factory called once per
     * thread. Default {@link #DEFAULT_IDLE_STRATEGY}.
     */
    public DriverContext driverIdleStrategy(final Supplier<? extends IdleStrategy> driverIdleStrategy)
    {
        this.driverIdleStrategy = Objects.requireNonNull(driverIdleStrategy, "driverIdleStrategy");
        return this;
    }

    public Supplier<? extends IdleStrategy> driverIdleStrategy()
    {
        return driverIdleStrategy;
    }

    /**
     * Aeron's threading mode; SHARED (one driver thread) suits small machines. With
     * {@link BridgeThreads#DRIVER} the driver runs Aeron in INVOKER mode whatever this says.
     */
    public DriverContext threadingMode(final ThreadingMode threadingMode)
    {
        this.threadingMode = threadingMode;
        return this;
    }

    public ThreadingMode threadingMode()
    {
        return threadingMode;
    }

    /** Aeron term length for the bridges' publications; 0 keeps Aeron's default (16 MiB). */
    public DriverContext termLengthBytes(final int termLengthBytes)
    {
        this.termLengthBytes = termLengthBytes;
        return this;
    }

    public int termLengthBytes()
    {
        return termLengthBytes;
    }

    /** UDP MTU (Aeron frame size); 0 keeps Aeron's default (1408). */
    public DriverContext mtuBytes(final int mtuBytes)
    {
        this.mtuBytes = mtuBytes;
        return this;
    }

    public int mtuBytes()
    {
        return mtuBytes;
    }

    /** Capacity of rings the driver creates; 0 keeps the engine's default. Existing rings keep theirs. */
    public DriverContext ringCapacityBytes(final int ringCapacityBytes)
    {
        this.ringCapacityBytes = ringCapacityBytes;
        return this;
    }

    public int ringCapacityBytes()
    {
        return ringCapacityBytes;
    }

    /** How long a graceful stop waits for the bridges to drain. */
    public DriverContext drainTimeoutMs(final long drainTimeoutMs)
    {
        this.drainTimeoutMs = drainTimeoutMs;
        return this;
    }

    public long drainTimeoutMs()
    {
        return drainTimeoutMs;
    }

    /**
     * How far Aeron may accept messages ahead of what it has sent (its publication term window); 0 gives Aeron's
     * default (half a term). Nothing is lost when a sending driver dies (its ring keeps every message not yet
     * acknowledged); the window bounds how much Aeron holds accepted but unsent, so the default is small: 256 KiB.
     */
    public DriverContext publicationWindowBytes(final int publicationWindowBytes)
    {
        this.publicationWindowBytes = publicationWindowBytes;
        return this;
    }

    public int publicationWindowBytes()
    {
        return publicationWindowBytes;
    }

    /**
     * How long a silent sending peer keeps its image (Aeron's image liveness timeout); 0 keeps Aeron's default
     * (10 s). A restarted sending driver's messages are written once the old image has timed out.
     */
    public DriverContext peerTimeoutMs(final long peerTimeoutMs)
    {
        this.peerTimeoutMs = peerTimeoutMs;
        return this;
    }

    public long peerTimeoutMs()
    {
        return peerTimeoutMs;
    }

    /** At most this many messages (or fragments) per bridge duty cycle. */
    public DriverContext pollLimit(final int pollLimit)
    {
        this.pollLimit = pollLimit;
        return this;
    }

    public int pollLimit()
    {
        return pollLimit;
    }

    /**
     * Which threads run the bridges: {@link BridgeThreads#DEDICATED} (default, a thread per bridge),
     * {@link BridgeThreads#SHARED} (every bridge's duty cycle in turn on one thread, an Agrona {@code CompositeAgent}:
     * fewer threads, at the cost of one bridge's work waiting for another's) or {@link BridgeThreads#DRIVER} (the
     * whole driver, Aeron's conductor, sender and receiver included, on one thread with the
     * {@link #driverIdleStrategy(Supplier) driver idle strategy}; {@link #threadingMode(ThreadingMode)} then does not
     * apply).
     */
    public DriverContext bridgeThreads(final BridgeThreads bridgeThreads)
    {
        this.bridgeThreads = bridgeThreads;
        return this;
    }

    public BridgeThreads bridgeThreads()
    {
        return bridgeThreads;
    }

    /**
     * Where the sending bridges listen for their receivers' acknowledgements: {@code null} (the default) gives each
     * sending bridge a port of its own; the channel a receiving bridge of this driver listens on (an
     * {@code aeron:udp} channel whose endpoint names its port, without a stream) carries them on that bridge's socket
     * instead, one stream per sending bridge (its own stream id), so that the driver and its peer poll no extra
     * socket per bridge. Sending bridges then need distinct stream ids, and the receiving bridge on that channel one
     * that none of them uses; {@link #conclude()} checks both.
     */
    public DriverContext ackChannel(final String ackChannel)
    {
        this.ackChannel = ackChannel == null || ackChannel.isBlank() ? null : ackChannel.trim();
        return this;
    }

    /** @return the acknowledgement channel, or {@code null} for a port per sending bridge. */
    public String ackChannel()
    {
        return ackChannel;
    }
}
