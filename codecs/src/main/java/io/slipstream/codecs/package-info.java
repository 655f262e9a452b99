/**
 * SBE codecs for the Slipstream trading schema: the generated flyweights live in
 * {@code io.slipstream.codecs.trading}; this package holds the {@link io.slipstream.codecs.TradingDispatcher}, which
 * validates each message against its record length and dispatches it to a typed
 * {@link io.slipstream.codecs.TradingHandler}, and the {@link io.slipstream.codecs.MessageValidator} it uses.
 */
package io.slipstream.codecs;
