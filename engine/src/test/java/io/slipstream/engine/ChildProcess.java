package io.slipstream.engine;

import io.slipstream.test.ChildJvm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A {@code java} child process running a test main class, started by test-support's {@link ChildJvm}: stdout lines
 * are collected (and can be awaited), stderr goes to a file that every failure message includes. Waits are bounded;
 * a child that overruns is killed.
 */
final class ChildProcess implements AutoCloseable
{
    private final ChildJvm child;

    private ChildProcess(final ChildJvm child)
    {
        this.child = child;
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
        return new ChildProcess(ChildJvm.builder(name, mainClass).logDirectory(logDirectory).jvmArgs(jvmArgs)
            .args(args).start());
    }

    long pid()
    {
        return child.pid();
    }

    Process process()
    {
        return child.process();
    }

    /** Waits for a stdout line starting with the prefix; fails if the child exits or the time runs out first. */
    String awaitLine(final String prefix, final Duration timeout) throws InterruptedException
    {
        return child.awaitLine(prefix, timeout);
    }

    /** Waits for the child to exit; kills it and fails if it overruns. Returns the exit code. */
    int awaitExit(final Duration timeout) throws InterruptedException
    {
        return child.awaitExit(timeout);
    }

    /** Waits for a zero exit code, failing with the child's output otherwise. */
    void awaitSuccess(final Duration timeout) throws InterruptedException
    {
        child.awaitSuccess(timeout);
    }

    List<String> stdout()
    {
        return child.stdout();
    }

    /** The child's stdout and stderr, for failure messages. */
    String describe()
    {
        return child.describe();
    }

    /** Kills the child if it is still running and waits for it to go. */
    @Override
    public void close()
    {
        child.close();
    }
}
