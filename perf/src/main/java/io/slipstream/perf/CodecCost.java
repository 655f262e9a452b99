package io.slipstream.perf;

import io.slipstream.perf.core.ChildProcess;
import io.slipstream.perf.core.HarnessException;

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

/**
 * The {@code codecs} mode: the SBE codecs' encode, decode and dispatch cost per message type, measured by the JMH
 * {@code CodecBenchmark} with the gc profiler in a child JVM, after the transport runs, and added to the report as a
 * table. Short JMH settings (one fork, 1 warm-up and 3 measured iterations of 1 s): about two minutes; run
 * {@code scripts/jmh CodecBenchmark -prof gc} for tighter errors.
 */
final class CodecCost
{
    /** JMH arguments of the measurement, before the result file options. */
    static final List<String> JMH_ARGS = List.of(
        "CodecBenchmark", "-f", "1", "-wi", "1", "-w", "1s", "-i", "3", "-r", "1s", "-prof", "gc");
    private static final String JMH_JAR = "perf/target/slipstream-jmh.jar";
    private static final String NORM = ":gc.alloc.rate.norm";

    private CodecCost()
    {
    }

    /**
     * Runs the benchmark and writes {@code codecs-jmh.csv} and {@code codecs-jmh.log} to {@code reportDir}.
     *
     * @return the Markdown section for {@code summary.md}.
     */
    static String measure(final Path repositoryRoot, final Path reportDir, final PrintStream progress)
        throws IOException, InterruptedException
    {
        final Path jar = repositoryRoot.resolve(JMH_JAR);
        if (!Files.isRegularFile(jar))
        {
            throw new HarnessException("--mode codecs needs " + jar + ": build it with ./scripts/jmh -h or " +
                "./mvnw -pl perf -am -DskipTests package");
        }
        final Path csv = reportDir.resolve("codecs-jmh.csv");
        final Path log = reportDir.resolve("codecs-jmh.log");
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ChildProcess.accessFlags());
        command.addAll(List.of("-Duser.language=en", "-Duser.country=US", "-jar", jar.toString()));
        command.addAll(JMH_ARGS);
        command.addAll(List.of("-rf", "csv", "-rff", csv.toString()));
        progress.println("Codec cost: JMH CodecBenchmark, 30 benchmarks of about 5 s each, sequential; log: " + log);
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        final int exit = process.waitFor();
        if (exit != 0 || !Files.isRegularFile(csv))
        {
            throw new HarnessException("CodecBenchmark failed (exit " + exit + "), see " + log);
        }
        return markdown(Files.readAllLines(csv, StandardCharsets.UTF_8));
    }

    /**
     * @param csvLines JMH's CSV result: header, then one row per benchmark and secondary metric and parameter.
     * @return a table, one row per message type: encode, decode and dispatch ns/op (± 99.9 % error) and the
     * largest {@code gc.alloc.rate.norm} of the three.
     */
    static String markdown(final List<String> csvLines)
    {
        final Map<String, Map<String, String>> cells = new LinkedHashMap<>();
        final Map<String, Double> allocation = new LinkedHashMap<>();
        for (final String line : csvLines.subList(Math.min(1, csvLines.size()), csvLines.size()))
        {
            final List<String> fields = fields(line);
            if (fields.size() < 8)
            {
                continue;
            }
            final String benchmark = fields.get(0);
            final String message = fields.get(7);
            final double score = Double.parseDouble(fields.get(4));
            if (benchmark.endsWith(NORM))
            {
                allocation.merge(message, score, Math::max);
            }
            else if (!benchmark.contains(":"))
            {
                final String operation = benchmark.substring(benchmark.lastIndexOf('.') + 1);
                final String error = fields.get(5).equals("NaN") ? "" :
                    String.format(Locale.ROOT, " ± %.1f", Double.parseDouble(fields.get(5)));
                cells.computeIfAbsent(message, key -> new LinkedHashMap<>())
                    .put(operation, String.format(Locale.ROOT, "%.1f%s", score, error));
            }
        }
        if (cells.isEmpty())
        {
            throw new HarnessException("CodecBenchmark wrote no results");
        }
        final StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
            "## Codec cost, ns per message (JMH `%s`)%n%n" +
            "| message | encode | decode | dispatch | B/op (gc, largest of the three) |%n|---|---|---|---|---|%n",
            String.join(" ", JMH_ARGS)));
        for (final Map.Entry<String, Map<String, String>> row : cells.entrySet())
        {
            final Map<String, String> ops = row.getValue();
            final Double bytes = allocation.get(row.getKey());
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", row.getKey(),
                ops.getOrDefault("encode", "-"), ops.getOrDefault("decode", "-"), ops.getOrDefault("dispatch", "-"),
                bytes == null ? "-" : String.format(Locale.ROOT, "%.3f", bytes)));
        }
        sb.append(String.format(Locale.ROOT, "%nOne thread, an off-heap buffer; `dispatch` is `decode` reached " +
            "through the validating dispatcher. A B/op below 0.01 is JMH's own bookkeeping: nothing allocated.%n"));
        return sb.toString();
    }

    private static List<String> fields(final String line)
    {
        final List<String> fields = new ArrayList<>();
        final StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++)
        {
            final char c = line.charAt(i);
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.add(field.toString());
                field.setLength(0);
            }
            else
            {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
