/**
 * The transports measured side by side, each behind {@link io.slipstream.perf.Transport}.
 */
package io.slipstream.perf.transport;
