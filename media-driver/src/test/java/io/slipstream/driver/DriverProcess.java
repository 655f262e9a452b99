package io.slipstream.driver;

import io.slipstream.test.ChildJvm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A driver ({@link DriverMain}) in a child JVM started by test-support's {@link ChildJvm}, optionally behind a
 * command prefix such as {@code ip netns exec <ns>}; ready when {@link DriverReadiness} says so. Its stderr goes to a
 * log file that failure messages quote. Waits are bounded.
 */
final class DriverProcess implements AutoCloseable
{
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final ChildJvm child;

    private DriverProcess(final ChildJvm child)
    {
        this.child = child;
    }

    /** Starts a driver with the given arguments and waits until it says it is ready. */
    static DriverProcess start(final String name, final Path logDir, final List<String> prefix,
        final String... args)
    {
        return start(name, logDir, prefix, List.of(), args);
    }

    /** As {@link #start(String, Path, List, String...)}, with extra JVM arguments (system properties, say). */
    static DriverProcess start(final String name, final Path logDir, final List<String> prefix,
        final List<String> jvmArgs, final String... args)
    {
        final List<String> arguments = List.of(args);
        final int aeronDirIndex = arguments.indexOf("--aeron-dir");
        if (aeronDirIndex < 0 || aeronDirIndex + 1 >= arguments.size())
        {
            throw new IllegalArgumentException("a test driver needs --aeron-dir, to learn when it is ready");
        }
        final Path aeronDir = Path.of(arguments.get(aeronDirIndex + 1));
        final ChildJvm child = ChildJvm.builder(name, DriverMain.class).logDirectory(logDir).commandPrefix(prefix)
            .jvmArgs(jvmArgs).heapMegabytes(256).args(arguments).start();
        try
        {
            DriverReadiness.await(aeronDir, READY_TIMEOUT, () -> child.process().isAlive()); // hang guard only
        }
        catch (final IllegalStateException ex)
        {
            child.close();
            throw new AssertionError(name + ": " + ex.getMessage() + child.describe(), ex);
        }
        return new DriverProcess(child);
    }

    long pid()
    {
        return child.pid();
    }

    /** Sends a signal (STOP, CONT, ...) with kill(1). */
    void signal(final String signal) throws Exception
    {
        final Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start();
        if (kill.waitFor() != 0)
        {
            throw new AssertionError("kill -" + signal + " " + pid() + " failed");
        }
    }

    /** Waits for the driver to exit by itself (hang guard: fails after {@code seconds}); its exit status. */
    int awaitExit(final long seconds) throws InterruptedException
    {
        if (!child.process().waitFor(seconds, java.util.concurrent.TimeUnit.SECONDS))
        {
            throw new AssertionError("the driver did not exit within " + seconds + " s" + log());
        }
        return child.process().exitValue();
    }

    /** kill -9, and wait until it is gone. */
    void kill()
    {
        child.kill();
    }

    /** SIGTERM, and wait for the exit status. */
    int terminate()
    {
        try
        {
            return child.terminate();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    /** The child's output so far. */
    String log()
    {
        return child.describe();
    }

    @Override
    public void close()
    {
        child.close();
    }
}
