package io.slipstream.engine;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Where a ring lives and how it is made: fluent setters with defaults, {@link #conclude()} once to validate and fill
 * in defaults. A value left at 0 means "what the existing file says, or the default when creating"; a value that is
 * set must match an existing file, or opening it fails with a {@link RingFileException}.
 */
public final class RingContext implements Cloneable
{
    /** Default ring directory: {@code /dev/shm/slipstream-<user>}. */
    public static final Path DEFAULT_DIRECTORY = Path.of("/dev/shm", "slipstream-" + sanitise(
        System.getProperty("user.name", "user")));
    private static final Pattern STREAM_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

    private Path directory = DEFAULT_DIRECTORY;
    private String streamName;
    private int capacityBytes;
    private int maxMessageLengthBytes;
    private int consumerSlots;
    private boolean groupAccess;
    private boolean allowForeignOwner;
    private long readyTimeoutNs = TimeUnit.SECONDS.toNanos(5);
    private StartPosition startPosition = StartPosition.EARLIEST;
    private boolean futexWakeups = true;
    private long consumerEvictionTimeoutNs;
    private Boolean lineAlignedRecords;
    private String durableConsumer;
    private boolean concluded;

    /** Validates the settings; called by the components that take the context, safe to call again. */
    public RingContext conclude()
    {
        if (concluded)
        {
            return this;
        }
        if (directory == null)
        {
            throw new IllegalArgumentException("directory must be set");
        }
        if (streamName == null || !STREAM_NAME.matcher(streamName).matches())
        {
            throw new IllegalArgumentException("stream name must match " + STREAM_NAME.pattern() + ": " + streamName);
        }
        if (capacityBytes != 0 || maxMessageLengthBytes != 0 || consumerSlots != 0)
        {
            final int capacity = creationCapacityBytes();
            RingDescriptor.checkParameters(capacity, creationMaxMessageLengthBytes(capacity), creationConsumerSlots());
        }
        if (readyTimeoutNs < 0)
        {
            throw new IllegalArgumentException("ready timeout must be >= 0: " + readyTimeoutNs);
        }
        if (consumerEvictionTimeoutNs < 0)
        {
            throw new IllegalArgumentException("consumer eviction timeout must be >= 0 (0 = off): " +
                consumerEvictionTimeoutNs);
        }
        if (durableConsumer != null && !ConsumerSlots.DURABLE_NAME.matcher(durableConsumer).matches())
        {
            throw new IllegalArgumentException("durable consumer name must match " +
                ConsumerSlots.DURABLE_NAME.pattern() + ": " + durableConsumer);
        }
        concluded = true;
        return this;
    }

    /** A copy of this context, unconcluded, for opening another end of the same ring. */
    public RingContext copy()
    {
        try
        {
            final RingContext copy = (RingContext)super.clone();
            copy.concluded = false;
            return copy;
        }
        catch (final CloneNotSupportedException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    public Path ringFile()
    {
        return directory.resolve(streamName + ".ring");
    }

    int creationCapacityBytes()
    {
        return capacityBytes != 0 ? capacityBytes : RingDescriptor.DEFAULT_CAPACITY;
    }

    int creationMaxMessageLengthBytes(final int capacity)
    {
        return maxMessageLengthBytes != 0 ? maxMessageLengthBytes : RingDescriptor.defaultMaxMessageLength(capacity);
    }

    int creationConsumerSlots()
    {
        return consumerSlots != 0 ? consumerSlots : RingDescriptor.DEFAULT_CONSUMER_SLOTS;
    }

    public RingContext directory(final Path directory)
    {
        this.directory = directory;
        return this;
    }

    public Path directory()
    {
        return directory;
    }

    public RingContext streamName(final String streamName)
    {
        this.streamName = streamName;
        return this;
    }

    public String streamName()
    {
        return streamName;
    }

    /** Data region size for a new ring, a power of two; default 1 MiB. */
    public RingContext capacityBytes(final int capacityBytes)
    {
        this.capacityBytes = capacityBytes;
        return this;
    }

    public int capacityBytes()
    {
        return capacityBytes;
    }

    /** Largest payload for a new ring; default capacity / 8 - 8, at most capacity / 4 - 8. */
    public RingContext maxMessageLengthBytes(final int maxMessageLengthBytes)
    {
        this.maxMessageLengthBytes = maxMessageLengthBytes;
        return this;
    }

    public int maxMessageLengthBytes()
    {
        return maxMessageLengthBytes;
    }

    /** Number of consumer slots for a new ring, 1 to 64; default 8. */
    public RingContext consumerSlots(final int consumerSlots)
    {
        this.consumerSlots = consumerSlots;
        return this;
    }

    public int consumerSlots()
    {
        return consumerSlots;
    }

    /** Create the directory 0770 and files 0660 instead of 0700 and 0600. */
    public RingContext groupAccess(final boolean groupAccess)
    {
        this.groupAccess = groupAccess;
        return this;
    }

    public boolean groupAccess()
    {
        return groupAccess;
    }

    /** Accept a ring file or directory owned by another user (refused by default). */
    public RingContext allowForeignOwner(final boolean allowForeignOwner)
    {
        this.allowForeignOwner = allowForeignOwner;
        return this;
    }

    public boolean allowForeignOwner()
    {
        return allowForeignOwner;
    }

    /** How long to wait for a file another process is creating to become ready; default 5 s. */
    public RingContext readyTimeoutNs(final long readyTimeoutNs)
    {
        this.readyTimeoutNs = readyTimeoutNs;
        return this;
    }

    public long readyTimeoutNs()
    {
        return readyTimeoutNs;
    }

    /** Where a new subscription starts; default {@link StartPosition#EARLIEST}. */
    public RingContext startPosition(final StartPosition startPosition)
    {
        this.startPosition = startPosition;
        return this;
    }

    public StartPosition startPosition()
    {
        return startPosition;
    }

    /**
     * Whether this end wakes the other end's futex sleepers: a producer after each commit, a consumer after each
     * poll that frees space. On (the default) it costs one load per commit or position update (a full fence too in a
     * process where {@code membarrier} is unavailable, see {@link DataWakeProtocol}), and a system call only when
     * somebody sleeps. Off saves the load, and a {@link WaitStrategy#FUTEX} sleeper on the other end then wakes only
     * at its timeout.
     */
    public RingContext futexWakeups(final boolean futexWakeups)
    {
        this.futexWakeups = futexWakeups;
        return this;
    }

    public boolean futexWakeups()
    {
        return futexWakeups;
    }

    /**
     * For a producer: evict a consumer that is alive but holds the producer back without moving its position for
     * this long (measured while back-pressured, checked every {@link Publication#CONSUMER_CHECK_INTERVAL_NS}). Its
     * slot stops counting, and its next poll throws {@link ConsumerEvictedException}. 0 (the default) never evicts:
     * a live consumer that stops polling (stopped by SIGSTOP, hung in its handler) holds the producer for ever.
     */
    public RingContext consumerEvictionTimeoutNs(final long consumerEvictionTimeoutNs)
    {
        this.consumerEvictionTimeoutNs = consumerEvictionTimeoutNs;
        return this;
    }

    public long consumerEvictionTimeoutNs()
    {
        return consumerEvictionTimeoutNs;
    }

    /**
     * The record format of a ring this context creates ({@link RecordFormat}). True (the default): <em>tagged
     * lines</em>. Every record is committed by a 64-bit tag naming its position, so the producer never clears anything
     * ahead of its tail. A record of up to a line (a message of up to 48 bytes) is followed by the rest of its line,
     * so small records take a line each, never straddle two, and a consumer waiting for the next one spins on a line
     * nobody writes until it is committed; a longer record runs to 16 bytes (a 256-byte message takes 272 bytes).
     * False: <em>packed</em> records every 8 bytes behind an 8-byte header (a 32-byte message takes 40 bytes),
     * committed by their length word, the next one cleared before each commit.
     * <p>
     * The format belongs to the file, chosen by whichever party creates it; every party reads either. A party that
     * sets this and opens an existing ring of the other format is refused, as for the capacity; one that leaves it
     * unset takes the file's.
     */
    public RingContext lineAlignedRecords(final boolean lineAlignedRecords)
    {
        this.lineAlignedRecords = lineAlignedRecords;
        return this;
    }

    /** Whether a ring this context creates has records in tagged lines: unless told otherwise, yes. */
    public boolean lineAlignedRecords()
    {
        return lineAlignedRecords == null || lineAlignedRecords;
    }

    /** Whether {@link #lineAlignedRecords(boolean)} was called: only then is an existing ring's format checked. */
    boolean recordFormatRequested()
    {
        return lineAlignedRecords != null;
    }

    /**
     * For a subscription: hold a durable consumer slot called {@code name} (null, the default: a plain slot). The
     * producer never frees or evicts a durable slot, even while its process is down; the next subscription opened
     * with the same name takes the same slot and resumes at its position (the start position applies only the first
     * time). Only {@link Subscription#removeDurableConsumer} (or, for a bridge, {@code scripts/driver remove-bridge})
     * frees it.
     * Names match {@code [A-Za-z0-9_][A-Za-z0-9._:@=+-]{0,63}}.
     */
    public RingContext durableConsumer(final String name)
    {
        this.durableConsumer = name;
        return this;
    }

    public String durableConsumer()
    {
        return durableConsumer;
    }

    private static String sanitise(final String name)
    {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
