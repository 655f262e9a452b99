/**
 * JMH benchmarks, packaged as {@code perf/target/slipstream-jmh.jar} and run with {@code scripts/jmh}: single ring
 * operations on one thread (offer, claim and commit, poll), two-thread offer/poll groups of Slipstream, Agrona and
 * Aeron IPC ({@code scripts/perf --mode jmh} folds those into the harness's report; they check every message as the
 * harness does, with {@code perf.core}'s {@code Message}), and the codecs. End-to-end
 * latency across processes is the harness's job ({@code scripts/perf}), not theirs.
 */
package io.slipstream.perf.jmh;
