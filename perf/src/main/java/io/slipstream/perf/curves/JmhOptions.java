package io.slipstream.perf.curves;

import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.List;

/**
 * The {@code jmh} mode's option, mixed into the harness's command line.
 */
public final class JmhOptions
{
    @Option(names = "--jmh-jvm-args", paramLabel = "FLAGS",
        description = "With --mode jmh: extra flags for JMH's forked JVMs, one string (e.g. \"-XX:+UseParallelGC\"), " +
            "added after the flags every fork gets (access, heap and GC, -Daeron.pre.touch.mapped.memory=true).")
    String jvmArgs;

    /**
     * @return the extra flags, split on spaces; empty when none were given.
     */
    public List<String> jvmArgs()
    {
        return jvmArgs == null || jvmArgs.isBlank() ? List.of() : Arrays.asList(jvmArgs.trim().split("\\s+"));
    }
}
