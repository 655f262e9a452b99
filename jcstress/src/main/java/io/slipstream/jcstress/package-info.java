/**
 * jcstress tests of the ring's memory-ordering claims, run by {@code scripts/jcstress}. The positive tests drive a
 * real {@link io.slipstream.engine.Publication} and {@link io.slipstream.engine.Subscription} over a pooled ring
 * ({@link io.slipstream.jcstress.RingPair}); the negative controls write a record slot in a deliberately broken
 * order ({@link io.slipstream.jcstress.MirrorSlot}) to show that the tests can see a broken ordering.
 */
package io.slipstream.jcstress;
