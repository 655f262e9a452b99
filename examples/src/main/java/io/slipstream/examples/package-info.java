/**
 * The README's programs, compiled by the build and run by its tests, so the README cannot show code that no longer
 * works: {@link io.slipstream.examples.Quotes} (a complete program), {@link io.slipstream.examples.QuoteProducer}
 * and {@link io.slipstream.examples.QuoteConsumer} (two processes over one ring),
 * {@link io.slipstream.examples.WaitStrategies}, and an SBE pair, {@link io.slipstream.examples.TradeEncoding}
 * (encoding in place in the ring) and {@link io.slipstream.examples.BookDispatch} (dispatching to typed handlers).
 * Each README code block names its file in a comment line before it.
 */
package io.slipstream.examples;
