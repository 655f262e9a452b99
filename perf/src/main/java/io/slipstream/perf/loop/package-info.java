/**
 * One run over a transport, as its two child JVMs perform it: the loops over an endpoint
 * ({@link io.slipstream.perf.loop.PingLoop}, {@link io.slipstream.perf.loop.PongLoop},
 * {@link io.slipstream.perf.loop.OpenLoopPing}, {@link io.slipstream.perf.loop.ThroughputPing}) and what they are
 * given ({@link io.slipstream.perf.loop.LoopContext}), what the sending side measured
 * ({@link io.slipstream.perf.loop.Measurement}, with the processes' counts over the measured window,
 * {@link io.slipstream.perf.loop.MeasuredWindow}), and the mains of the two sides
 * ({@link io.slipstream.perf.loop.PingMain}, {@link io.slipstream.perf.loop.PongMain}).
 * <p>
 * Dependencies point one way: this package uses {@code perf.core} and {@code perf.transport} only; the curves
 * ({@code perf.curves}) use it, and the harness's own package uses all of them ({@code PackageDependencyTest}
 * checks it).
 */
package io.slipstream.perf.loop;
