package io.slipstream.driver;

import io.aeron.driver.ThreadingMode;
import io.slipstream.engine.WaitStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Reads a {@link DriverContext}'s settings from text: a config file, or the values of the command line's options.
 * A config file holds the same settings as the command line, one {@code key = value} per line with the long
 * option's name (without {@code --}):
 * <pre>
 * # comments start with '#'
 * aeron-dir = /dev/shm/aeron-slipstream
 * ring-dir = /dev/shm/slipstream-me
 * idle = backoff                  # bridges: busy-spin, yielding or backoff
 * bridge = ring:orders -> aeron:udp?endpoint=10.0.0.2:40123|stream=10
 * bridge = aeron:udp?endpoint=0.0.0.0:40124|stream=11 -> ring:fills
 * </pre>
 * {@code bridge} may repeat, and a line holding only a bridge spec is a bridge too.
 */
public final class DriverConfigParser
{
    /** The keys a config file may hold. */
    public static final List<String> KEYS = List.of("bridge", "aeron-dir", "ring-dir", "idle", "driver-idle",
        "threading", "term-length", "mtu", "ring-capacity", "drain-timeout-ms", "poll-limit", "peer-timeout-ms",
        "publication-window", "bridge-threads", "ack-channel");

    private DriverConfigParser()
    {
    }

    /**
     * Applies a config file to a context.
     *
     * @return the context.
     * @throws IllegalArgumentException naming the file and line of a bad entry.
     * @throws UncheckedIOException     if the file cannot be read.
     */
    public static DriverContext load(final Path file, final DriverContext context)
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
                applyLine(line, context);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + ex.getMessage(), ex);
            }
        }
        return context;
    }

    /**
     * Applies one setting, as a config file's {@code key = value} line or a command-line option would.
     *
     * @param key   a name of {@link #KEYS}.
     * @param value its value, as text.
     * @return the context.
     * @throws IllegalArgumentException for an unknown key or a bad value.
     */
    public static DriverContext apply(final String key, final String value, final DriverContext context)
    {
        switch (key.trim().toLowerCase(Locale.ROOT))
        {
            case "bridge" -> context.bridge(BridgeSpec.parse(value));
            case "aeron-dir" -> context.aeronDir(Path.of(value));
            case "ring-dir" -> context.ringDir(Path.of(value));
            case "idle" -> context.idleStrategy(parseIdle(value));
            case "driver-idle" -> context.driverIdleStrategy(parseIdle(value));
            case "threading" -> context.threadingMode(parseThreading(value));
            case "term-length" -> context.termLengthBytes(parseSize(value));
            case "mtu" -> context.mtuBytes(parseSize(value));
            case "ring-capacity" -> context.ringCapacityBytes(parseSize(value));
            case "drain-timeout-ms" -> context.drainTimeoutMs(parseLong(key, value));
            case "poll-limit" -> context.pollLimit((int)parseLong(key, value));
            case "peer-timeout-ms" -> context.peerTimeoutMs(parseLong(key, value));
            case "publication-window" -> context.publicationWindowBytes(parseSize(value));
            case "bridge-threads" -> context.bridgeThreads(BridgeThreads.parse(value));
            case "ack-channel" -> context.ackChannel(value);
            default -> throw new IllegalArgumentException("unknown key '" + key.trim() + "' (known: " +
                String.join(", ", KEYS) + ")");
        }
        return context;
    }

    private static void applyLine(final String line, final DriverContext context)
    {
        if (line.startsWith("ring:") || line.startsWith("aeron:"))
        {
            context.bridge(BridgeSpec.parse(line));
            return;
        }
        final int eq = line.indexOf('=');
        if (eq < 0)
        {
            throw new IllegalArgumentException("expected 'key = value' or a bridge spec: " + line);
        }
        apply(line.substring(0, eq), line.substring(eq + 1).trim(), context);
    }

    private static String stripComment(final String line)
    {
        final int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    private static long parseLong(final String key, final String value)
    {
        try
        {
            return Long.parseLong(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(key.trim() + " must be a whole number: " + value);
        }
    }

    /**
     * Parses the name of an idle strategy for the driver's threads: {@code busy-spin}, {@code yielding} or
     * {@code backoff} (the {@link WaitStrategy} of that name). The futex strategy needs a ring to sleep on and is
     * refused.
     *
     * @return a factory of new instances of that strategy.
     */
    public static Supplier<IdleStrategy> parseIdle(final String value)
    {
        final WaitStrategy strategy = WaitStrategy.parse(value);
        if (strategy == WaitStrategy.FUTEX)
        {
            throw new IllegalArgumentException("idle strategies for the driver are busy-spin, yielding or backoff: " +
                value);
        }
        return strategy::newIdleStrategy;
    }

    /**
     * Parses {@code shared}, {@code shared-network} or {@code dedicated}. Aeron's INVOKER mode is not a value here:
     * it is what {@code bridge-threads = driver} runs.
     */
    public static ThreadingMode parseThreading(final String value)
    {
        final ThreadingMode mode;
        try
        {
            mode = ThreadingMode.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("threading must be shared, shared-network or dedicated: " + value);
        }
        if (mode == ThreadingMode.INVOKER)
        {
            throw new IllegalArgumentException("threading must be shared, shared-network or dedicated (for one " +
                "thread running Aeron and the bridges, use bridge-threads = driver): " + value);
        }
        return mode;
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
}
