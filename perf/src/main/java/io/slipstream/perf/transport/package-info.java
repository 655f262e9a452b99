/**
 * The transports measured side by side, each behind {@link io.slipstream.perf.core.Transport}.
 */
package io.slipstream.perf.transport;
