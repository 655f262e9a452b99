package io.slipstream.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test main class in a child {@code java} process, started with the JVM flags the build gives every test JVM.
 * Stdout lines are collected and can be awaited; stderr goes to a file in the log directory that every failure
 * message quotes. Every wait is bounded (a hang guard, not a timing check): a child that overruns is killed and the
 * test fails.
 * <p>
 * The flags come from the system property {@value #JVM_FLAGS_PROPERTY}, which the parent pom's surefire
 * configuration sets from its {@code slipstream.jvm.flags} property, the one place the build says them.
 */
public final class ChildJvm implements AutoCloseable
{
    /** The system property holding the JVM flags every child needs, separated by spaces. */
    public static final String JVM_FLAGS_PROPERTY = "slipstream.jvm.flags";
    /** Settings that keep a child small and quiet on a shared machine; the heap is set by the builder. */
    public static final List<String> QUIET_FLAGS = List.of("-XX:+UseSerialGC", "-XX:-UsePerfData");

    private static final int MAX_STDERR_CHARS = 6000;
    private static final long EXIT_WAIT_S = 60;
    private static final AtomicInteger STARTED = new AtomicInteger();

    private final String name;
    private final Process process;
    private final Path stderrFile;
    private final BlockingQueue<String> pending = new LinkedBlockingQueue<>();
    private final List<String> stdout = Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;

    private ChildJvm(final String name, final Process process, final Path stderrFile)
    {
        this.name = name;
        this.process = process;
        this.stderrFile = stderrFile;
        this.reader = Thread.ofPlatform().daemon().name("stdout-" + name).start(this::readStdout);
    }

    /**
     * The JVM flags every child needs, as separate command-line arguments.
     *
     * @throws IllegalStateException if {@value #JVM_FLAGS_PROPERTY} is not set (a test run outside Maven).
     */
    public static List<String> requiredFlags()
    {
        final String flags = System.getProperty(JVM_FLAGS_PROPERTY);
        if (flags == null || flags.isBlank())
        {
            throw new IllegalStateException("the system property " + JVM_FLAGS_PROPERTY + " is not set: run the " +
                "tests through Maven, or give the test JVM -D" + JVM_FLAGS_PROPERTY + "=\"<the flags of the " +
                "parent pom's slipstream.jvm.flags>\"");
        }
        return Arrays.stream(flags.trim().split("\\s+")).toList();
    }

    /**
     * Starts describing a child.
     *
     * @param name          names the child in failure messages and its stderr file.
     * @param mainClassName the class whose {@code main} the child runs, found on this JVM's class path.
     * @return a builder; {@link Builder#start()} starts the child.
     */
    public static Builder builder(final String name, final String mainClassName)
    {
        return new Builder(name, mainClassName);
    }

    /** As {@link #builder(String, String)} for a class. */
    public static Builder builder(final String name, final Class<?> mainClass)
    {
        return new Builder(name, mainClass.getName());
    }

    /** What a child runs and with what; {@link #start()} launches it. */
    public static final class Builder
    {
        private final String name;
        private final String mainClassName;
        private final List<String> commandPrefix = new ArrayList<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private Path logDirectory = Path.of(System.getProperty("java.io.tmpdir"));
        private int heapMegabytes = 64;
        private boolean withRequiredFlags = true;

        private Builder(final String name, final String mainClassName)
        {
            this.name = name;
            this.mainClassName = mainClassName;
        }

        /** Where the child's stderr file goes (default the temporary directory). */
        public Builder logDirectory(final Path logDirectory)
        {
            this.logDirectory = logDirectory;
            return this;
        }

        /** A command the {@code java} command runs under, such as {@code ip netns exec <ns>}. */
        public Builder commandPrefix(final List<String> commandPrefix)
        {
            this.commandPrefix.addAll(commandPrefix);
            return this;
        }

        /** Extra JVM arguments (system properties, for example), after the required and quiet flags. */
        public Builder jvmArgs(final List<String> jvmArgs)
        {
            this.jvmArgs.addAll(jvmArgs);
            return this;
        }

        /** Leaves out the required JVM flags: to test what a program does without them. */
        public Builder withoutRequiredFlags()
        {
            this.withRequiredFlags = false;
            return this;
        }

        /** The child's initial and maximum heap (default 64 MiB). */
        public Builder heapMegabytes(final int heapMegabytes)
        {
            this.heapMegabytes = heapMegabytes;
            return this;
        }

        /** Arguments of the main class. */
        public Builder args(final String... args)
        {
            this.args.addAll(List.of(args));
            return this;
        }

        /** Arguments of the main class. */
        public Builder args(final List<String> args)
        {
            this.args.addAll(args);
            return this;
        }

        /** The whole command line the child is started with. */
        public List<String> command()
        {
            final List<String> command = new ArrayList<>(commandPrefix);
            command.add(ProcessHandle.current().info().command().orElseThrow(
                () -> new IllegalStateException("cannot find the java binary of this process")));
            if (withRequiredFlags)
            {
                command.addAll(requiredFlags());
            }
            command.addAll(QUIET_FLAGS);
            command.add("-Xms" + heapMegabytes + "m");
            command.add("-Xmx" + heapMegabytes + "m");
            command.addAll(jvmArgs);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(mainClassName);
            command.addAll(args);
            return command;
        }

        /** Starts the child; it runs on while the caller waits for it. */
        public ChildJvm start()
        {
            final List<String> command = command();
            final Path stderrFile = logDirectory.resolve(name + "-" + STARTED.incrementAndGet() + ".stderr");
            try
            {
                final Process process = new ProcessBuilder(command).redirectError(stderrFile.toFile()).start();
                return new ChildJvm(name, process, stderrFile);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot start " + name + ": " + command, ex);
            }
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

    public String name()
    {
        return name;
    }

    public long pid()
    {
        return process.pid();
    }

    public Process process()
    {
        return process;
    }

    /**
     * Waits for a stdout line (not yet awaited) starting with the prefix.
     *
     * @return the line.
     * @throws AssertionError if the child exits or the time runs out first (the child is then killed).
     */
    public String awaitLine(final String prefix, final Duration timeout) throws InterruptedException
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
                throw new AssertionError(name + " exited with " + process.exitValue() + " before printing '" +
                    prefix + "'" + describe());
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                close();
                throw new AssertionError(name + " did not print '" + prefix + "' within " + timeout + describe());
            }
        }
    }

    /**
     * Waits for the child to exit.
     *
     * @return its exit code.
     * @throws AssertionError if it overruns (it is then killed).
     */
    public int awaitExit(final Duration timeout) throws InterruptedException
    {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
        {
            close();
            throw new AssertionError(name + " did not finish within " + timeout + ": killed" + describe());
        }
        reader.join(TimeUnit.SECONDS.toMillis(5));
        return process.exitValue();
    }

    /** Waits for a zero exit code, failing with the child's output otherwise. */
    public void awaitSuccess(final Duration timeout) throws InterruptedException
    {
        final int exitCode = awaitExit(timeout);
        if (exitCode != 0)
        {
            throw new AssertionError(name + " failed with exit code " + exitCode + describe());
        }
    }

    /** SIGTERM, then waits for the exit. */
    public int terminate() throws InterruptedException
    {
        process.destroy();
        return awaitExit(Duration.ofSeconds(EXIT_WAIT_S));
    }

    /** kill -9, then waits until the process is gone. */
    public void kill()
    {
        close();
    }

    /** Every stdout line so far. */
    public List<String> stdout()
    {
        synchronized (stdout)
        {
            return List.copyOf(stdout);
        }
    }

    /** The child's stdout and stderr so far, for failure messages. */
    public String describe()
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
                process.waitFor(EXIT_WAIT_S, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
