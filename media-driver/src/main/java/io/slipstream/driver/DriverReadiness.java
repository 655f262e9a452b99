package io.slipstream.driver;

import io.aeron.CncFileDescriptor;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * How another process learns that a driver is ready, and where its counters are, without reading its output.
 * <p>
 * Once every bridge has started, a driver writes the file {@value #FILE_NAME} in its Aeron directory (a temporary
 * file moved into place, so it is never seen half-written): its pid and start time, its Aeron directory and CnC
 * file (which holds the counters of {@link DriverCounters}) and its ring directory. A stopping driver removes the
 * file first, and its Aeron directory with it. A driver killed with kill -9 leaves the file behind, so a reader
 * believes it only while that process (same pid, same start time) is alive:
 * <pre>{@code
 * DriverReadiness.Driver driver = DriverReadiness.await(aeronDir, Duration.ofSeconds(30), () -> true);
 * try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDir().toString())))
 * {
 *     int connected = DriverCounters.connectedBridges(aeron.countersReader());
 * }
 * }</pre>
 */
public final class DriverReadiness
{
    /** The file's name in the driver's Aeron directory. */
    public static final String FILE_NAME = "slipstream-driver.ready";

    private static final long POLL_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(10);

    private DriverReadiness()
    {
    }

    /**
     * A ready driver, as its file describes it.
     *
     * @param pid              its process id.
     * @param startEpochMillis when its process started (tells a reused pid from the driver's).
     * @param aeronDir         its Aeron directory.
     * @param cncFile          its Aeron CnC file, whose counters section holds the bridges' counters.
     * @param ringDir          the directory of the rings its bridges read and write.
     * @param bridges          how many bridges it runs.
     */
    public record Driver(long pid, long startEpochMillis, Path aeronDir, Path cncFile, Path ringDir, int bridges)
    {
        /** Whether the driver's process (same pid and start time) is still running. */
        public boolean isAlive()
        {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(handle -> DriverReadiness.startEpochMillis(handle) == startEpochMillis).orElse(false);
        }
    }

    /** The path of the readiness file of a driver with this Aeron directory. */
    public static Path file(final Path aeronDir)
    {
        return aeronDir.resolve(FILE_NAME);
    }

    /**
     * Reads the readiness file of the driver with this Aeron directory.
     *
     * @return the driver if it is ready and its process alive; empty if there is no file or its driver is gone.
     * @throws UncheckedIOException if the file exists but cannot be read or parsed.
     */
    public static Optional<Driver> read(final Path aeronDir)
    {
        final Path file = file(aeronDir);
        final Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            properties.load(in);
        }
        catch (final NoSuchFileException ex)
        {
            return Optional.empty();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
        final Driver driver;
        try
        {
            driver = new Driver(Long.parseLong(properties.getProperty("pid")),
                Long.parseLong(properties.getProperty("startEpochMillis")),
                Path.of(properties.getProperty("aeronDir")), Path.of(properties.getProperty("cncFile")),
                Path.of(properties.getProperty("ringDir")), Integer.parseInt(properties.getProperty("bridges")));
        }
        catch (final RuntimeException ex)
        {
            throw new UncheckedIOException(new IOException("not a driver readiness file: " + file, ex));
        }
        return driver.isAlive() ? Optional.of(driver) : Optional.empty();
    }

    /**
     * Waits until the driver with this Aeron directory is ready.
     *
     * @param timeout       how long to wait at most.
     * @param stillStarting asked between reads; false stops the wait (for example: the driver's process exited).
     * @return the ready driver.
     * @throws IllegalStateException if the time runs out or {@code stillStarting} says false first.
     */
    public static Driver await(final Path aeronDir, final Duration timeout, final BooleanSupplier stillStarting)
    {
        final long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (true)
        {
            final Optional<Driver> driver = read(aeronDir);
            if (driver.isPresent())
            {
                return driver.get();
            }
            if (!stillStarting.getAsBoolean())
            {
                throw new IllegalStateException("the driver of " + aeronDir + " stopped before it was ready");
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("the driver of " + aeronDir + " was not ready within " + timeout);
            }
            LockSupport.parkNanos(POLL_INTERVAL_NS);
        }
    }

    /** Writes this process's readiness file: called by the driver once every bridge has started. */
    static void markReady(final Path aeronDir, final Path ringDir, final int bridges)
    {
        final ProcessHandle self = ProcessHandle.current();
        final Properties properties = new Properties();
        properties.setProperty("pid", Long.toString(self.pid()));
        properties.setProperty("startEpochMillis", Long.toString(startEpochMillis(self)));
        properties.setProperty("aeronDir", aeronDir.toAbsolutePath().toString());
        properties.setProperty("cncFile", aeronDir.resolve(CncFileDescriptor.CNC_FILE).toAbsolutePath().toString());
        properties.setProperty("ringDir", ringDir.toAbsolutePath().toString());
        properties.setProperty("bridges", Integer.toString(bridges));
        final Path file = file(aeronDir);
        final Path temporary = aeronDir.resolve(FILE_NAME + ".tmp");
        try
        {
            try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8))
            {
                properties.store(out, "Slipstream media driver: ready");
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }

    /** Removes the readiness file: a stopping driver is no longer ready. */
    static void clear(final Path aeronDir)
    {
        try
        {
            Files.deleteIfExists(file(aeronDir));
        }
        catch (final IOException ex)
        {
            DriverLog.warn("cannot delete " + file(aeronDir) + ": " + ex);
        }
    }

    private static long startEpochMillis(final ProcessHandle process)
    {
        return process.info().startInstant().map(instant -> instant.toEpochMilli()).orElse(0L);
    }
}
