package io.slipstream.driver;

import java.time.Instant;

/** The driver's log: one line per event on standard error, with a UTC timestamp and a level. */
final class DriverLog
{
    private DriverLog()
    {
    }

    static void info(final String message)
    {
        log("INFO", message);
    }

    static void warn(final String message)
    {
        log("WARN", message);
    }

    static void error(final String message)
    {
        log("ERROR", message);
    }

    private static void log(final String level, final String message)
    {
        System.err.println(Instant.now() + " " + level + " " + message);
    }
}
