package io.slipstream.perf.core;

import io.slipstream.engine.RuntimeAccess;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A child JVM of the harness (a pong, a media driver) started with the same java and class path and the flags
 * every peer was measured with. It reports over stdout by lines ({@code READY}, {@code DONE}) and exits when its
 * stdin closes; its stderr goes to a file that is quoted when it fails.
 */
public final class ChildProcess implements AutoCloseable
{
    /**
     * The noise control that helped every peer: the measuring JVMs (sender and pong) all run with it.
     */
    public static final List<String> NOISE_FLAGS =
        List.of("-XX:+UseSerialGC", "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch", "-XX:-UsePerfData");

    /**
     * All flags of a child JVM: the noise control and the access Agrona, Aeron and FFM need on JDK 25.
     */
    public static final List<String> JVM_FLAGS = Stream.concat(accessFlags().stream(), NOISE_FLAGS.stream()).toList();

    /**
     * @return the access Agrona, Aeron and FFM need on JDK 25, without the noise control (for a JVM, such as JMH's,
     * that sets its own heap and collector).
     */
    public static List<String> accessFlags()
    {
        return RuntimeAccess.REQUIRED_JVM_FLAGS;
    }

    /** Line a child prints once it is ready to exchange messages. */
    public static final String READY = "READY";
    /** Line a child prints when it has done its work. */
    public static final String DONE = "DONE";

    private static final long EXIT_WAIT_MS = 5_000;
    private static final int STDERR_TAIL_CHARS = 4_000;

    private final String name;
    private final Process process;
    private final Path stderrFile;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private ChildProcess(final String name, final Process process, final Path stderrFile)
    {
        this.name = name;
        this.process = process;
        this.stderrFile = stderrFile;
        final Thread reader = new Thread(this::readStdout, name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Start {@code mainClass} in a new JVM; its stderr is written to {@code <logDir>/<name>.err}.
     */
    public static ChildProcess start(
        final String name, final Class<?> mainClass, final Path logDir, final List<String> args)
    {
        return start(name, mainClass, logDir, List.of(), args);
    }

    /**
     * Start {@code mainClass} in a new JVM with {@code extraFlags} after the usual ones (flags a transport needs).
     */
    public static ChildProcess start(
        final String name,
        final Class<?> mainClass,
        final Path logDir,
        final List<String> extraFlags,
        final List<String> args)
    {
        return start(name, mainClass, logDir, List.of(), extraFlags, args);
    }

    /**
     * As {@link #start(String, Class, Path, List, List)}, the java command run through {@code commandPrefix} (such as
     * {@code taskset -c 1}).
     */
    public static ChildProcess start(
        final String name,
        final Class<?> mainClass,
        final Path logDir,
        final List<String> commandPrefix,
        final List<String> extraFlags,
        final List<String> args)
    {
        final List<String> command = new ArrayList<>(commandPrefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.addAll(extraFlags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        final Path stderrFile = logDir.resolve(name + ".err");
        try
        {
            final Process process = new ProcessBuilder(command)
                .redirectError(stderrFile.toFile())
                .start();
            return new ChildProcess(name, process, stderrFile);
        }
        catch (final IOException ex)
        {
            throw new HarnessException("cannot start " + name + " JVM: " + ex.getMessage(), ex);
        }
    }

    public long pid()
    {
        return process.pid();
    }

    public boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * Wait for a stdout line starting with {@code prefix}; fail with the child's stderr if it dies or is silent.
     */
    public String awaitLine(final String prefix, final long timeoutMs)
    {
        return awaitLine(prefix, timeoutMs, () -> true);
    }

    /**
     * As {@link #awaitLine(String, long)}, but give up and return null as soon as {@code othersAlive} turns false
     * (another process of the run died, so the line will never come).
     */
    public String awaitLine(final String prefix, final long timeoutMs, final BooleanSupplier othersAlive)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        try
        {
            while (true)
            {
                final String line = lines.poll(50, TimeUnit.MILLISECONDS);
                if (line != null && line.startsWith(prefix))
                {
                    return line;
                }
                if (line == null && !process.isAlive() && lines.isEmpty())
                {
                    throw failure("exited with code " + process.exitValue() + " before " + prefix);
                }
                if (!othersAlive.getAsBoolean())
                {
                    return null;
                }
                if (System.nanoTime() - deadlineNs > 0)
                {
                    throw failure("did not say " + prefix + " within " + timeoutMs + " ms");
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted waiting for " + name, ex);
        }
    }

    /**
     * Send one line to the child's stdin.
     */
    public void sendLine(final String line)
    {
        try
        {
            final OutputStream stdin = process.getOutputStream();
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }
        catch (final IOException ex)
        {
            throw failure("cannot be sent '" + line + "': " + ex.getMessage());
        }
    }

    /**
     * For child mains: block until the parent sends {@code line} on our stdin.
     *
     * @throws HarnessException if stdin closes first.
     */
    public static void awaitStdinLine(final String line)
    {
        try
        {
            final StringBuilder received = new StringBuilder();
            int c;
            while ((c = System.in.read()) >= 0)
            {
                if (c != '\n')
                {
                    received.append((char)c);
                }
                else if (received.toString().equals(line))
                {
                    return;
                }
                else
                {
                    received.setLength(0);
                }
            }
        }
        catch (final IOException ignore)
        {
            // Treated as closed below.
        }
        throw new HarnessException("stdin closed before " + line);
    }

    /**
     * @return an exception naming this child and quoting the end of its stderr.
     */
    public HarnessException failure(final String what)
    {
        return new HarnessException(name + " JVM " + what + stderrTail());
    }

    private String stderrTail()
    {
        try
        {
            final String text = Files.exists(stderrFile) ? Files.readString(stderrFile) : "";
            if (text.isBlank())
            {
                return "";
            }
            final int from = Math.max(0, text.length() - STDERR_TAIL_CHARS);
            return "\n--- " + name + " stderr ---\n" + text.substring(from);
        }
        catch (final IOException ex)
        {
            return "";
        }
    }

    private void readStdout()
    {
        try (BufferedReader reader =
            new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = reader.readLine()) != null)
            {
                lines.add(line);
            }
        }
        catch (final IOException ignore)
        {
            // The child is gone; awaitLine reports it.
        }
    }

    /**
     * Close the child's stdin (its signal to exit), wait a little, then kill it.
     */
    @Override
    public void close()
    {
        try (OutputStream stdin = process.getOutputStream())
        {
            stdin.flush();
        }
        catch (final IOException ignore)
        {
            // Already gone.
        }
        try
        {
            if (!process.waitFor(EXIT_WAIT_MS, TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly().waitFor(EXIT_WAIT_MS, TimeUnit.MILLISECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * For child mains: block until the parent closes our stdin (or dies).
     */
    public static void awaitStdinClosed()
    {
        try
        {
            while (System.in.read() >= 0)
            {
                // discard
            }
        }
        catch (final IOException ignore)
        {
            // The parent is gone: exit.
        }
    }

    /**
     * For child mains: is the harness that started us still alive?
     */
    public static boolean parentAlive()
    {
        return ProcessHandle.current().parent().map(ProcessHandle::isAlive).orElse(false);
    }
}
