/**
 * The Slipstream engine: single-producer rings in memory-mapped files shared between processes.
 * <p>
 * A {@link io.slipstream.engine.Publication} writes records into a ring file described by
 * {@link io.slipstream.engine.RingDescriptor} and {@link io.slipstream.engine.RecordDescriptor}; any number of
 * {@link io.slipstream.engine.Subscription}s (up to the ring's consumer slots), in any processes, read them at their
 * own pace. {@link io.slipstream.engine.RingContext} names and shapes a ring.
 */
package io.slipstream.engine;
