package io.slipstream.perf.curves;

import io.slipstream.perf.core.ChildProcess;
import io.slipstream.perf.core.HarnessException;
import io.slipstream.perf.core.HistogramText;
import io.slipstream.perf.core.RunDirectories;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-process curve point in a child JVM of its own, so no point runs on the JIT profiles of another. Usage:
 * <pre>
 *   CurvePointMain memcpy    &lt;sizeBytes&gt; &lt;warmup&gt; &lt;messages&gt;
 *   CurvePointMain consumers &lt;rig&gt; &lt;consumers&gt; &lt;sizeBytes&gt; &lt;warmup&gt; &lt;messages&gt;
 *                            &lt;wakeEvents&gt; &lt;dir&gt;
 *   CurvePointMain selector  &lt;rings&gt; &lt;sweeps&gt; &lt;wakeEvents&gt; &lt;dir&gt;
 * </pre>
 * Prints {@code RESULT <fields separated by |>} and exits; any failure goes to stderr with exit code 1.
 */
public final class CurvePointMain
{
    static final String RESULT = "RESULT ";
    static final String SEPARATOR = "|";
    private static final long TIMEOUT_MS = 600_000;

    private CurvePointMain()
    {
    }

    public static void main(final String[] args)
    {
        try
        {
            System.out.println(RESULT + measure(args));
            System.out.flush();
        }
        catch (final Throwable ex)
        {
            ex.printStackTrace();
            System.exit(1);
        }
    }

    static String measure(final String[] args)
    {
        return switch (args[0])
        {
            case "memcpy" -> Double.toString(MemcpyCeiling.messagesPerSecond(
                Integer.parseInt(args[1]), Long.parseLong(args[2]), Long.parseLong(args[3])));
            case "consumers" ->
            {
                final ConsumersPoint.Result result = ConsumersPoint.run(args[1], Integer.parseInt(args[2]),
                    Integer.parseInt(args[3]), Long.parseLong(args[4]), Long.parseLong(args[5]),
                    Long.parseLong(args[6]), Path.of(args[7]));
                yield String.join(SEPARATOR, result.producer().encode(), Long.toString(result.lost()),
                    HistogramText.encode(result.wake()));
            }
            case "selector" ->
            {
                final SelectorPoint.Result result = SelectorPoint.run(Integer.parseInt(args[1]),
                    Long.parseLong(args[2]), Long.parseLong(args[3]), Path.of(args[4]));
                yield String.join(SEPARATOR, Long.toString(result.sweeps()), Double.toString(result.nsPerSweep()),
                    HistogramText.encode(result.wake()), Boolean.toString(result.waitv()));
            }
            default -> throw new IllegalArgumentException("unknown point kind '" + args[0] + "'");
        };
    }

    /**
     * Run one point in a fresh child JVM, with a fresh directory under /dev/shm (its log, and its rings as the last
     * argument when {@code passDirectory}), deleted afterwards.
     *
     * @return the point's result fields.
     */
    static String[] inChild(final String name, final List<String> args, final boolean passDirectory)
    {
        final Path dir = RunDirectories.create("slipstream-curve-" + name + "-");
        final List<String> childArgs = new ArrayList<>(args);
        if (passDirectory)
        {
            childArgs.add(dir.toString());
        }
        try (ChildProcess child = ChildProcess.start(name, CurvePointMain.class, dir, childArgs))
        {
            final String line = child.awaitLine(RESULT, TIMEOUT_MS);
            return line.substring(RESULT.length()).split("\\" + SEPARATOR, -1);
        }
        catch (final HarnessException ex)
        {
            throw ex;
        }
        finally
        {
            RunDirectories.deleteRecursively(dir);
        }
    }
}
