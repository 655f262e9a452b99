/**
 * The transports measured side by side, each behind {@link io.slipstream.perf.core.Transport}. They use the harness's
 * shared types in {@code io.slipstream.perf.core} and never the harness itself ({@code io.slipstream.perf}).
 */
package io.slipstream.perf.transport;
