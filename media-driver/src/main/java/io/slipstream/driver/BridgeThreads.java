package io.slipstream.driver;

import java.util.Locale;

/**
 * Which threads run the bridges' duty cycles ({@link DriverContext#bridgeThreads(BridgeThreads)}, config key
 * {@code bridge-threads}).
 */
public enum BridgeThreads
{
    /** A thread per bridge, beside Aeron's driver threads (the default). */
    DEDICATED,
    /** Every bridge's duty cycle in turn on one thread of their own, beside Aeron's driver threads. */
    SHARED,
    /**
     * The whole driver on one thread: Aeron's media driver in {@code ThreadingMode.INVOKER}, the Aeron client with
     * its conductor invoked, and every bridge's duty cycle, in turn, with the driver idle strategy. Aeron's
     * {@code threading} setting does not apply.
     */
    DRIVER;

    /**
     * Parses {@code dedicated}, {@code shared} or {@code driver}.
     *
     * @throws IllegalArgumentException for another value.
     */
    public static BridgeThreads parse(final String value)
    {
        return switch (value.trim().toLowerCase(Locale.ROOT))
        {
            case "dedicated" -> DEDICATED;
            case "shared" -> SHARED;
            case "driver" -> DRIVER;
            default -> throw new IllegalArgumentException("bridge-threads must be dedicated (a thread per bridge), " +
                "shared (one thread for every bridge) or driver (Aeron and every bridge on one thread): " + value);
        };
    }
}
