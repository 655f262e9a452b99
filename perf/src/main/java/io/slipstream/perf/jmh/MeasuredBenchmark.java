package io.slipstream.perf.jmh;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The run every benchmark of this package shares: three warm-up and five measured iterations of a second each, in
 * one fork with the same flags. JMH looks for these annotations up the class chain, so a benchmark extending this
 * class inherits them and names only its mode, time unit and state; one that needs another flag declares its own
 * {@link Fork}.
 */
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// Agrona needs the export and the futex calls native access; JMH 1.37's own sun.misc.Unsafe use would warn on every
// fork; the GC and heap flags are the noise control every peer was measured with (perf/README.md).
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow", "-XX:+UseSerialGC", "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"})
public abstract class MeasuredBenchmark
{
}
