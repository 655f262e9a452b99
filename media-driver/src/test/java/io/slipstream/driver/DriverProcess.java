package io.slipstream.driver;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A driver ({@link DriverMain}) in a child JVM, optionally behind a command prefix such as
 * {@code ip netns exec <ns>}. Its stderr goes to a log file that failure messages quote. Waits are bounded.
 */
final class DriverProcess implements AutoCloseable
{
    static final List<String> JVM_FLAGS = List.of("--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
        "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xms64m", "-Xmx256m", "-XX:-UsePerfData");
    private static final long READY_TIMEOUT_S = 60;

    private final String name;
    private final Process process;
    private final Path log;
    private final CountDownLatch ready = new CountDownLatch(1);

    private DriverProcess(final String name, final Process process, final Path log)
    {
        this.name = name;
        this.process = process;
        this.log = log;
        Thread.ofPlatform().daemon().name("stdout-" + name).start(this::readStdout);
    }

    /** Starts a driver with the given arguments and waits until it says it is ready. */
    static DriverProcess start(final String name, final Path logDir, final List<String> prefix,
        final String... args)
    {
        final List<String> command = new ArrayList<>(prefix);
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(JVM_FLAGS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(DriverMain.class.getName());
        command.addAll(List.of(args));
        final Path log = logDir.resolve(name + "-" + System.nanoTime() + ".log");
        final DriverProcess driver;
        try
        {
            driver = new DriverProcess(name, new ProcessBuilder(command).redirectError(log.toFile()).start(), log);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot start " + command, ex);
        }
        driver.awaitReady();
        return driver;
    }

    private void readStdout()
    {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = in.readLine()) != null)
            {
                if (line.startsWith("slipstream driver ready"))
                {
                    ready.countDown();
                }
            }
        }
        catch (final IOException ignored)
        {
            // the process ended
        }
    }

    private void awaitReady()
    {
        try
        {
            // hang guard only
            if (!ready.await(READY_TIMEOUT_S, TimeUnit.SECONDS) || !process.isAlive())
            {
                process.destroyForcibly();
                throw new AssertionError(name + " did not start: " + log());
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    long pid()
    {
        return process.pid();
    }

    /** kill -9, and wait until it is gone. */
    void kill()
    {
        process.destroyForcibly();
        waitFor();
    }

    /** SIGTERM, and wait for the exit status. */
    int terminate()
    {
        process.destroy();
        return waitFor();
    }

    private int waitFor()
    {
        try
        {
            if (!process.waitFor(60, TimeUnit.SECONDS)) // hang guard only
            {
                process.destroyForcibly();
                throw new AssertionError(name + " did not exit: " + log());
            }
            return process.exitValue();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    /** The child's stderr so far. */
    String log()
    {
        try
        {
            return "\n--- " + name + " log ---\n" + Files.readString(log);
        }
        catch (final IOException ex)
        {
            return "(no log: " + ex + ")";
        }
    }

    @Override
    public void close()
    {
        if (process.isAlive())
        {
            process.destroyForcibly();
            waitFor();
        }
    }
}
