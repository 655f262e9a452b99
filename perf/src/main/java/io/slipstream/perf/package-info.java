/**
 * Cross-process latency harness: the same ping-pong measured over Slipstream rings and the baselines it is judged
 * against (a raw cache-line floor, Agrona's {@code OneToOneRingBuffer} and Aeron IPC), with HdrHistogram reports.
 */
package io.slipstream.perf;
