package io.slipstream.perf.transport;

import io.aeron.driver.ThreadingMode;

import java.util.Locale;

/**
 * The threading of the Aeron media driver the Aeron transports start ({@code --aeron-threading}). Aeron's advice
 * for low latency is dedicated agent threads that busy-spin, which needs a core for each of the driver's three
 * agents beside the two busy-spinning clients; on a smaller host three spinning agents would take the cores the
 * measured clients spin on, so {@link #AUTO} chooses dedicated busy-spinning agents only when the host has the
 * cores for them and otherwise one shared agent that backs off to parking.
 */
public enum AeronThreading
{
    /** {@link #DEDICATED} when the host has {@link #DEDICATED_MIN_CPUS} CPUs or more, else {@link #SHARED}. */
    AUTO,
    /** Conductor, sender and receiver each on its own thread, busy-spinning. */
    DEDICATED,
    /** One thread for all three agents, backing off to parking when idle. */
    SHARED,
    /** The conductor on one thread, sender and receiver on another; both busy-spinning. */
    SHARED_NETWORK;

    /** Two busy-spinning clients and three busy-spinning driver agents. */
    public static final int DEDICATED_MIN_CPUS = 5;

    /**
     * @return the mode a driver runs with on a host of {@code cpus} CPUs (never {@link #AUTO}).
     */
    public AeronThreading resolve(final int cpus)
    {
        if (this != AUTO)
        {
            return this;
        }
        return cpus >= DEDICATED_MIN_CPUS ? DEDICATED : SHARED;
    }

    /**
     * @return Aeron's threading mode ({@link #AUTO} must be resolved first).
     */
    public ThreadingMode threadingMode()
    {
        return switch (this)
        {
            case DEDICATED -> ThreadingMode.DEDICATED;
            case SHARED -> ThreadingMode.SHARED;
            case SHARED_NETWORK -> ThreadingMode.SHARED_NETWORK;
            case AUTO -> throw new IllegalStateException("resolve AUTO first");
        };
    }

    /**
     * @return whether the driver's agents busy-spin (else they back off to parking).
     */
    public boolean busySpin()
    {
        return this == DEDICATED || this == SHARED_NETWORK;
    }

    /**
     * @return the driver's idle strategy in words.
     */
    public String idleStrategy()
    {
        return busySpin() ? "busy spin (BusySpinIdleStrategy)" :
            "back-off: 10 spins, 10 yields, then parking 1 µs doubling to 1 ms (BackoffIdleStrategy)";
    }

    /**
     * @return the name used on the command line and between processes.
     */
    public String label()
    {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static AeronThreading fromLabel(final String label)
    {
        for (final AeronThreading threading : values())
        {
            if (threading.label().equalsIgnoreCase(label.trim()))
            {
                return threading;
            }
        }
        throw new IllegalArgumentException(
            "unknown Aeron threading '" + label + "', known: auto, dedicated, shared, shared-network");
    }
}
