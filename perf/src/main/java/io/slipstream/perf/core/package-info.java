/**
 * What the harness and the transports it measures share, and nothing else: a transport and its endpoints
 * ({@link io.slipstream.perf.core.Transport}, {@link io.slipstream.perf.core.Endpoint},
 * {@link io.slipstream.perf.core.MessageSink}), what both processes of a run agree on
 * ({@link io.slipstream.perf.core.RunSpec}, {@link io.slipstream.perf.core.Side},
 * {@link io.slipstream.perf.core.Mode}), the checked message ({@link io.slipstream.perf.core.Message},
 * {@link io.slipstream.perf.core.Verification}), the child JVMs ({@link io.slipstream.perf.core.ChildProcess}) and
 * the failure of a run ({@link io.slipstream.perf.core.HarnessException}).
 * <p>
 * Dependencies point one way: this package uses no other package of the harness; the transports
 * ({@code perf.transport}) use this one only, the two sides of a run ({@code perf.loop}) and the curves
 * ({@code perf.curves}) the packages below them, and the harness's own package all of them. The JMH benchmarks use
 * only the checked message ({@code PackageDependencyTest} checks it all).
 */
package io.slipstream.perf.core;
