/**
 * The harness's measurements beyond the side-by-side rounds, each run once after them into the same report: the
 * scaling curves (message size, offered rate, consumers per ring, rings per selector), each with a CSV, PNG plots
 * and a table in {@code summary.md}, and the JMH two-thread group benchmarks folded into the same summary.
 * <p>
 * What they measure comes in a {@link io.slipstream.perf.curves.CurveSettings}, which the harness makes from its
 * command line: this package uses {@code perf.core}, {@code perf.transport} and {@code perf.loop}, never the
 * harness's own package, which uses it.
 */
package io.slipstream.perf.curves;
