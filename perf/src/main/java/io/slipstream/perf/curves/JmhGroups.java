package io.slipstream.perf.curves;

import io.slipstream.perf.core.ChildProcess;
import io.slipstream.perf.core.HarnessException;
import io.slipstream.perf.core.Verification;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The {@code jmh} mode: the two-thread offer/poll group benchmarks of Slipstream, Agrona and Aeron IPC (package
 * {@code perf.jmh}) with the gc profiler, from {@code perf/target/slipstream-jmh.jar} in a child JVM,
 * their JSON result file ({@code -rf json}) read back and added to the report as a table of ops/s and B/op with
 * ratios to Agrona.
 * <p>
 * The forked JVM's flags are given here with {@code -jvmArgsPrepend}: {@link #FORK_FLAGS} (access, noise control,
 * Aeron's pre-touch property), then the user's extra ones. A {@code -jvmArgsAppend} would replace the benchmarks' own
 * {@code @Fork(jvmArgsAppend)}, which give Agrona's and Aeron's forks {@code -Dagrona.disable.bounds.checks=true},
 * as Aeron's performance-testing guide runs them; Slipstream's fork keeps the checks.
 */
public final class JmhGroups
{
    /** The three group benchmarks, by the name the report uses. */
    static final Map<String, String> PEERS = peers();
    /** Every forked benchmark JVM gets these, whatever else is asked for. */
    public static final List<String> FORK_FLAGS = Stream.concat(ChildProcess.accessFlags().stream(), Stream.of(
        "--sun-misc-unsafe-memory-access=allow", "-Daeron.pre.touch.mapped.memory=true",
        "-XX:+UseSerialGC", "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch")).toList();
    static final String BASELINE = "agrona";
    static final String TITLE = "JMH two-thread offer/poll groups (gc profiler)";
    static final String JSON_FILE = "jmh-groups.json";
    static final String LOG_FILE = "jmh-groups.log";
    private static final String JMH_JAR = "perf/target/slipstream-jmh.jar";
    private static final String NORM = "gc.alloc.rate.norm";
    static final String OFFER = "offer";
    static final String POLL = "poll";
    static final String SENT = "sent";
    static final String RECEIVED = "received";
    /** The group benchmarks' parameter naming their per-message check. */
    static final String VERIFY_PARAM = "verify";

    private JmhGroups()
    {
    }

    private static Map<String, String> peers()
    {
        final Map<String, String> peers = new LinkedHashMap<>();
        peers.put("AgronaRingGroupBenchmark", BASELINE);
        peers.put("SlipstreamRingGroupBenchmark", "slipstream");
        peers.put("AeronIpcGroupBenchmark", "aeron-ipc");
        return peers;
    }

    /**
     * @param extraJvmArgs the user's flags for the forked JVMs, after {@link #FORK_FLAGS}.
     * @param verification what both sides of a group check per message (the benchmarks' {@code verify} parameter).
     * @return JMH's command line: the three groups, the gc profiler, JSON results to {@code jsonFile}.
     */
    static List<String> jmhArgs(final List<String> extraJvmArgs, final Path jsonFile, final Verification verification)
    {
        final List<String> forkFlags = new ArrayList<>(FORK_FLAGS);
        forkFlags.addAll(extraJvmArgs);
        return List.of("io\\.slipstream\\.perf\\.jmh\\.(" + String.join("|", PEERS.keySet()) + ")\\.",
            "-prof", "gc", "-rf", "json", "-rff", jsonFile.toString(), "-p", VERIFY_PARAM + "=" + verification.label(),
            "-jvmArgsPrepend", String.join(" ", forkFlags));
    }

    /**
     * Run the benchmarks and write {@code jmh-groups.json} and {@code jmh-groups.log} into {@code reportDir}. A
     * failure does not lose the rest of the report: it is printed and becomes the section.
     *
     * @return the Markdown section for {@code summary.md}: the table, or what failed.
     */
    public static String measure(
        final Path repositoryRoot,
        final Path reportDir,
        final List<String> extraJvmArgs,
        final Verification verification,
        final PrintStream progress)
    {
        try
        {
            return run(repositoryRoot, reportDir, extraJvmArgs, verification, progress);
        }
        catch (final HarnessException | IllegalArgumentException ex)
        {
            progress.println("[jmh] FAILED: " + ex.getMessage());
            return CurveSuite.failedSection(TITLE, ex);
        }
    }

    /**
     * As {@link #measure}, throwing on failure.
     */
    static String run(
        final Path repositoryRoot,
        final Path reportDir,
        final List<String> extraJvmArgs,
        final Verification verification,
        final PrintStream progress)
    {
        final Path jar = repositoryRoot.resolve(JMH_JAR);
        if (!Files.isRegularFile(jar))
        {
            throw new HarnessException("--mode jmh needs " + jar + ": build it with ./scripts/jmh -h or " +
                "./mvnw -pl perf -am -DskipTests package");
        }
        final Path json = reportDir.resolve(JSON_FILE);
        final Path log = reportDir.resolve(LOG_FILE);
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ChildProcess.accessFlags());
        command.addAll(List.of("-Duser.language=en", "-Duser.country=US", "-jar", jar.toString()));
        command.addAll(jmhArgs(extraJvmArgs, json, verification));
        progress.println("JMH group benchmarks: " + String.join(", ", PEERS.keySet()) + ", 2 sizes each, about " +
            "10 s a benchmark, sequential; log: " + log);
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
            final int exit = process.waitFor();
            if (exit != 0 || !Files.isRegularFile(json))
            {
                throw new HarnessException("the JMH group benchmarks failed (exit " + exit + "), see " + log);
            }
            return markdown(parse(Files.readString(json, StandardCharsets.UTF_8)), extraJvmArgs, verification);
        }
        catch (final IOException ex)
        {
            throw new HarnessException("the JMH group benchmarks could not run: " + ex, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new HarnessException("the JMH group benchmarks were interrupted", ex);
        }
    }

    /**
     * One benchmark and parameter set of JMH's result file.
     *
     * @param peer            report name of the benchmark's transport, or its class name if not one of {@link #PEERS}.
     * @param params          the benchmark's parameters ({@code size}).
     * @param opsPerUs        the group's throughput, both threads' operations, per µs.
     * @param opsPerUsError   JMH's 99.9 % error of {@code opsPerUs}.
     * @param perMethodPerUs  each thread's own calls ({@code offer}, {@code poll}) and the messages they moved
     *                        ({@code sent}, {@code received}, from the benchmarks' aux counters), per µs.
     * @param bytesPerOp      {@code gc.alloc.rate.norm}, NaN without the gc profiler.
     */
    record Result(
        String peer,
        Map<String, String> params,
        double opsPerUs,
        double opsPerUsError,
        Map<String, Double> perMethodPerUs,
        double bytesPerOp)
    {
        /**
         * @return the per-µs rate of one of the group's own metrics ({@code offer}, {@code poll}, {@code sent},
         * {@code received}), NaN if JMH did not report it.
         */
        double per(final String metric)
        {
            return perMethodPerUs.getOrDefault(metric, Double.NaN);
        }
    }

    /**
     * @param json JMH's {@code -rf json} result file.
     * @return one result per benchmark and parameter set, in file order.
     */
    @SuppressWarnings("unchecked")
    static List<Result> parse(final String json)
    {
        final Object root = Json.parse(json);
        if (!(root instanceof List<?> entries))
        {
            throw new IllegalArgumentException("a JMH result file is a JSON array");
        }
        final List<Result> results = new ArrayList<>();
        for (final Object entry : entries)
        {
            final Map<String, Object> benchmark = (Map<String, Object>)entry;
            final String name = (String)benchmark.get("benchmark");
            final String className = name.substring(0, name.lastIndexOf('.'));
            final String simpleName = className.substring(className.lastIndexOf('.') + 1);
            final Map<String, String> params = new TreeMap<>();
            final Object rawParams = benchmark.get("params");
            if (rawParams instanceof Map<?, ?> map)
            {
                map.forEach((key, value) -> params.put(key.toString(), value.toString()));
            }
            final Map<String, Object> primary = (Map<String, Object>)benchmark.get("primaryMetric");
            final double unitScale = perMicrosecond((String)primary.get("scoreUnit"));
            final Map<String, Double> perMethod = new LinkedHashMap<>();
            double bytesPerOp = Double.NaN;
            final Object secondary = benchmark.get("secondaryMetrics");
            if (secondary instanceof Map<?, ?> metrics)
            {
                for (final Map.Entry<?, ?> metric : metrics.entrySet())
                {
                    final String metricName = metric.getKey().toString().replace("\u00b7", "");
                    final Map<String, Object> values = (Map<String, Object>)metric.getValue();
                    if (metricName.equals(NORM))
                    {
                        bytesPerOp = number(values.get("score"));
                    }
                    else if (!metricName.contains("."))
                    {
                        perMethod.put(metricName, number(values.get("score")) *
                            perMicrosecond((String)values.get("scoreUnit")));
                    }
                }
            }
            results.add(new Result(PEERS.getOrDefault(simpleName, simpleName), params,
                number(primary.get("score")) * unitScale, number(primary.get("scoreError")) * unitScale, perMethod,
                bytesPerOp));
        }
        return results;
    }

    private static double number(final Object value)
    {
        if (value instanceof Double d)
        {
            return d;
        }
        return value == null ? Double.NaN : Double.parseDouble(value.toString());
    }

    /**
     * @return the factor from {@code unit} to operations per µs.
     */
    static double perMicrosecond(final String unit)
    {
        return switch (unit)
        {
            case "ops/us" -> 1.0;
            case "ops/ms" -> 1e-3;
            case "ops/s" -> 1e-6;
            case "ops/ns" -> 1e3;
            default -> throw new IllegalArgumentException("not a throughput unit: " + unit);
        };
    }

    /**
     * @return the table: per size and peer, the messages moved (the consumer's {@code received}, the producer's
     * {@code sent}), the group's calls (± JMH's error) and each side's, B/op, and the ratios to Agrona at the same
     * size of the messages received and of the calls.
     */
    static String markdown(
        final List<Result> results, final List<String> extraJvmArgs, final Verification verification)
    {
        final StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
            "## %s%n%n" +
            "| peer | size B | received M msg/s | sent M msg/s | calls M ops/s | offer calls | poll calls | B/op | " +
            "received / Agrona | calls / Agrona |%n|---|---|---|---|---|---|---|---|---|---|%n", TITLE));
        for (final Result result : results)
        {
            final Result baseline = results.stream()
                .filter(r -> r.peer().equals(BASELINE) && r.params().equals(result.params()))
                .findFirst().orElse(null);
            final String error = Double.isNaN(result.opsPerUsError()) ? "" :
                String.format(Locale.ROOT, " ± %.1f", result.opsPerUsError());
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.1f%s | %s | %s | %s | %s | %s |%n",
                result.peer(), result.params().getOrDefault("size", "-"),
                rate(result.per(RECEIVED)), rate(result.per(SENT)), result.opsPerUs(), error,
                rate(result.per(OFFER)), rate(result.per(POLL)),
                Double.isNaN(result.bytesPerOp()) ? "-" : String.format(Locale.ROOT, "%.3f", result.bytesPerOp()),
                ratio(result.per(RECEIVED), baseline == null ? Double.NaN : baseline.per(RECEIVED)),
                ratio(result.opsPerUs(), baseline == null ? Double.NaN : baseline.opsPerUs())));
        }
        sb.append(String.format(Locale.ROOT, "%nJMH `%s` with the gc profiler; results in `%s`, JMH's output in " +
            "`%s`. One producer and one consumer thread of a group; neither waits inside a call, so an offer into " +
            "a full ring and a poll of an empty one count as calls: *received* and *sent* are the messages that " +
            "moved, the figure to compare. Per-message check (`-p %s=%s`): %s; a lost, reordered or corrupted " +
            "message fails the benchmark. B/op is `gc.alloc.rate.norm` per call; below 0.01 it is JMH's own " +
            "bookkeeping. Forked JVM flags: `%s`; Agrona's and Aeron's forks also " +
            "`-Dagrona.disable.bounds.checks=true`, as Aeron's performance-testing guide runs them.%n",
            "GroupBenchmark", JSON_FILE, LOG_FILE, VERIFY_PARAM,
            verification.label(), verification.describe(),
            String.join(" ", Stream.concat(FORK_FLAGS.stream(), extraJvmArgs.stream()).toList())));
        return sb.toString();
    }

    private static String rate(final double perUs)
    {
        return Double.isNaN(perUs) ? "-" : String.format(Locale.ROOT, "%.2f", perUs);
    }

    private static String ratio(final double value, final double baseline)
    {
        if (Double.isNaN(value) || Double.isNaN(baseline) || baseline <= 0)
        {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2f", value / baseline);
    }
}
