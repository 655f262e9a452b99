package io.slipstream.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A {@code java} child process running a test main class: stdout lines are collected (and can be awaited), stderr
 * goes to a file that every failure message includes. Waits are bounded; a child that overruns is killed.
 */
final class ChildProcess implements AutoCloseable
{
    static final List<String> JVM_FLAGS = List.of("--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
        "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xms64m", "-Xmx64m", "-XX:-UsePerfData");
    private static final int MAX_STDERR_CHARS = 6000;

    private final String name;
    private final Process process;
    private final Path stderrFile;
    private final BlockingQueue<String> pending = new LinkedBlockingQueue<>();
    private final List<String> stdout = Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;

    private ChildProcess(final String name, final Process process, final Path stderrFile)
    {
        this.name = name;
        this.process = process;
        this.stderrFile = stderrFile;
        this.reader = Thread.ofPlatform().daemon().name("stdout-" + name).start(this::readStdout);
    }

    static ChildProcess start(final String name, final Path logDirectory, final Class<?> mainClass,
        final String... args)
    {
        return start(name, logDirectory, List.of(), mainClass, args);
    }

    /** As {@link #start(String, Path, Class, String...)}, with extra JVM arguments such as system properties. */
    static ChildProcess start(final String name, final Path logDirectory, final List<String> jvmArgs,
        final Class<?> mainClass, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow(
            () -> new IllegalStateException("cannot find the java binary of this process")));
        command.addAll(JVM_FLAGS);
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        final Path stderrFile = logDirectory.resolve(name + ".stderr");
        try
        {
            final Process process = new ProcessBuilder(command)
                .redirectError(stderrFile.toFile())
                .start();
            return new ChildProcess(name, process, stderrFile);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot start " + name + ": " + command, ex);
        }
    }

    private void readStdout()
    {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = in.readLine()) != null)
            {
                stdout.add(line);
                pending.add(line);
            }
        }
        catch (final IOException ignore)
        {
            // The process was killed: what was read is kept.
        }
    }

    long pid()
    {
        return process.pid();
    }

    Process process()
    {
        return process;
    }

    /** Waits for a stdout line starting with the prefix; fails if the child exits or the time runs out first. */
    String awaitLine(final String prefix, final Duration timeout) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (true)
        {
            final String line = pending.poll(10, TimeUnit.MILLISECONDS);
            if (line != null)
            {
                if (line.startsWith(prefix))
                {
                    return line;
                }
                continue;
            }
            if (!process.isAlive() && !reader.isAlive() && pending.isEmpty())
            {
                fail(name + " exited with " + process.exitValue() + " before printing '" + prefix + "'" +
                    describe());
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                close();
                fail(name + " did not print '" + prefix + "' within " + timeout + describe());
            }
        }
    }

    /** Waits for the child to exit; kills it and fails if it overruns. Returns the exit code. */
    int awaitExit(final Duration timeout) throws InterruptedException
    {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
        {
            close();
            fail(name + " did not finish within " + timeout + ": killed" + describe());
        }
        reader.join(TimeUnit.SECONDS.toMillis(5));
        return process.exitValue();
    }

    /** Waits for a zero exit code, failing with the child's output otherwise. */
    void awaitSuccess(final Duration timeout) throws InterruptedException
    {
        final int exitCode = awaitExit(timeout);
        if (exitCode != 0)
        {
            fail(name + " failed with exit code " + exitCode + describe());
        }
    }

    List<String> stdout()
    {
        synchronized (stdout)
        {
            return List.copyOf(stdout);
        }
    }

    /** The child's stdout and stderr, for failure messages. */
    String describe()
    {
        String stderr;
        try
        {
            stderr = Files.exists(stderrFile) ? Files.readString(stderrFile) : "";
        }
        catch (final IOException ex)
        {
            stderr = "(cannot read " + stderrFile + ": " + ex + ")";
        }
        if (stderr.length() > MAX_STDERR_CHARS)
        {
            stderr = stderr.substring(0, MAX_STDERR_CHARS) + "...";
        }
        return "\n--- " + name + " (pid " + process.pid() + ") stdout:\n" + String.join("\n", stdout()) +
            "\n--- " + name + " stderr:\n" + stderr;
    }

    /** Kills the child if it is still running and waits for it to go. */
    @Override
    public void close()
    {
        if (process.isAlive())
        {
            process.destroyForcibly();
            try
            {
                process.waitFor(10, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
