package io.slipstream.driver;

import io.aeron.driver.ThreadingMode;
import io.slipstream.engine.RingContext;
import io.slipstream.engine.WaitStrategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Settings of one driver process: fluent setters with defaults, {@link #conclude()} once to validate. A config file
 * ({@link #load(Path)}) holds the same settings as the command line, one {@code key = value} per line:
 * <pre>
 * # comments start with '#'
 * aeron-dir = /dev/shm/aeron-slipstream
 * ring-dir = /dev/shm/slipstream-me
 * idle = backoff                  # bridges: busy-spin, yielding or backoff
 * bridge = ring:orders -> aeron:udp?endpoint=10.0.0.2:40123|stream=10
 * bridge = aeron:udp?endpoint=0.0.0.0:40124|stream=11 -> ring:fills
 * </pre>
 */
public final class DriverContext
{
    /** Default Aeron directory: {@code /dev/shm/aeron-<user>-slipstream}. */
    public static final Path DEFAULT_AERON_DIR = Path.of("/dev/shm",
        "aeron-" + System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_") + "-slipstream");
    /** Default {@link #publicationWindowBytes(int)}: 256 KiB. */
    public static final int DEFAULT_PUBLICATION_WINDOW_BYTES = 256 << 10;
    private static final int MAX_POLL_LIMIT = 1 << 16;

    private Path aeronDir = DEFAULT_AERON_DIR;
    private Path ringDir = RingContext.DEFAULT_DIRECTORY;
    private String idle = "backoff";
    private String driverIdle = "backoff";
    private ThreadingMode threadingMode = ThreadingMode.SHARED;
    private int termLengthBytes;
    private int mtuBytes;
    private int ringCapacityBytes;
    private long drainTimeoutMs = 5000;
    private int pollLimit = 64;
    private long peerTimeoutMs;
    private int publicationWindowBytes = DEFAULT_PUBLICATION_WINDOW_BYTES;
    private final List<BridgeSpec> bridges = new ArrayList<>();

    /** Validates the settings. */
    public DriverContext conclude()
    {
        if (bridges.isEmpty())
        {
            throw new IllegalArgumentException("no bridge given: use --bridge 'ring:<name> -> aeron:udp?...' or a " +
                "config file with 'bridge = ...' lines");
        }
        WaitStrategy.parse(idle);
        WaitStrategy.parse(driverIdle);
        if (WaitStrategy.parse(idle) == WaitStrategy.FUTEX || WaitStrategy.parse(driverIdle) == WaitStrategy.FUTEX)
        {
            throw new IllegalArgumentException("idle strategies for the driver are busy-spin, yielding or backoff");
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
        return this;
    }

    /**
     * Applies a config file: {@code key = value} lines with the command line's long option names (without
     * {@code --}); {@code bridge} may repeat; a line holding only a bridge spec is a bridge too.
     *
     * @throws IllegalArgumentException naming the file and line of a bad entry.
     */
    public DriverContext load(final Path file)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read config file " + file, ex);
        }
        for (int i = 0; i < lines.size(); i++)
        {
            final String line = stripComment(lines.get(i)).trim();
            if (line.isEmpty())
            {
                continue;
            }
            try
            {
                apply(line);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + ex.getMessage(), ex);
            }
        }
        return this;
    }

    private static String stripComment(final String line)
    {
        final int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    private void apply(final String line)
    {
        if (line.startsWith("ring:") || line.startsWith("aeron:"))
        {
            bridge(BridgeSpec.parse(line));
            return;
        }
        final int eq = line.indexOf('=');
        if (eq < 0)
        {
            throw new IllegalArgumentException("expected 'key = value' or a bridge spec: " + line);
        }
        final String key = line.substring(0, eq).trim().toLowerCase(Locale.ROOT);
        final String value = line.substring(eq + 1).trim();
        switch (key)
        {
            case "bridge" -> bridge(BridgeSpec.parse(value));
            case "aeron-dir" -> aeronDir(Path.of(value));
            case "ring-dir" -> ringDir(Path.of(value));
            case "idle" -> idle(value);
            case "driver-idle" -> driverIdle(value);
            case "threading" -> threadingMode(parseThreading(value));
            case "term-length" -> termLengthBytes(parseSize(value));
            case "mtu" -> mtuBytes(parseSize(value));
            case "ring-capacity" -> ringCapacityBytes(parseSize(value));
            case "drain-timeout-ms" -> drainTimeoutMs(Long.parseLong(value));
            case "poll-limit" -> pollLimit(Integer.parseInt(value));
            case "peer-timeout-ms" -> peerTimeoutMs(Long.parseLong(value));
            case "publication-window" -> publicationWindowBytes(parseSize(value));
            default -> throw new IllegalArgumentException("unknown key '" + key + "' (known: bridge, aeron-dir, " +
                "ring-dir, idle, driver-idle, threading, term-length, mtu, ring-capacity, drain-timeout-ms, " +
                "poll-limit, peer-timeout-ms, publication-window)");
        }
    }

    /** Parses {@code shared}, {@code shared-network} or {@code dedicated}. */
    public static ThreadingMode parseThreading(final String value)
    {
        try
        {
            return ThreadingMode.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("threading must be shared, shared-network or dedicated: " + value);
        }
    }

    /** Parses a byte size with an optional k, m or g suffix (powers of 1024). */
    public static int parseSize(final String value)
    {
        final String text = value.trim().toLowerCase(Locale.ROOT);
        long multiplier = 1;
        String digits = text;
        if (text.endsWith("k") || text.endsWith("m") || text.endsWith("g"))
        {
            multiplier = switch (text.charAt(text.length() - 1))
            {
                case 'k' -> 1L << 10;
                case 'm' -> 1L << 20;
                default -> 1L << 30;
            };
            digits = text.substring(0, text.length() - 1);
        }
        try
        {
            final long bytes = Long.parseLong(digits.trim()) * multiplier;
            if (bytes < 0 || bytes > Integer.MAX_VALUE)
            {
                throw new IllegalArgumentException("size out of range: " + value);
            }
            return (int)bytes;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("bad size '" + value + "' (examples: 65536, 64k, 16m)");
        }
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

    /** Idle strategy of the bridge threads: busy-spin, yielding or backoff. */
    public DriverContext idle(final String idle)
    {
        this.idle = idle;
        return this;
    }

    public String idle()
    {
        return idle;
    }

    /** Idle strategy of Aeron's driver threads: busy-spin, yielding or backoff. */
    public DriverContext driverIdle(final String driverIdle)
    {
        this.driverIdle = driverIdle;
        return this;
    }

    public String driverIdle()
    {
        return driverIdle;
    }

    /** Aeron's threading mode; SHARED (one driver thread) suits small machines. */
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
     * default (half a term). A sending driver killed with kill -9 loses at most this much that it had not yet sent,
     * so the default is small: 256 KiB.
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
}
