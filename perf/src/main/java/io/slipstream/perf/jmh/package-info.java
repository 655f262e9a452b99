/**
 * JMH benchmarks of single ring operations on one thread (offer, claim and commit, poll), packaged as
 * {@code perf/target/slipstream-jmh.jar} and run with {@code scripts/jmh}. End-to-end latency across processes is the
 * harness's job ({@code scripts/perf}), not theirs.
 */
package io.slipstream.perf.jmh;
