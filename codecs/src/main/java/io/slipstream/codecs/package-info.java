/**
 * SBE codecs for the Slipstream trading schema. The generated flyweights live in {@code io.slipstream.codecs.trading}
 * (generated at build time, never committed); this package holds the dispatch layer: a
 * {@link io.slipstream.codecs.MessageDispatcher} routes each message by the schema id in its header to a
 * {@link io.slipstream.codecs.SchemaDispatcher}, such as the {@link io.slipstream.codecs.TradingDispatcher}, which
 * checks it with a {@link io.slipstream.codecs.MessageValidator} and hands it, decoded in place, to a typed
 * {@link io.slipstream.codecs.TradingHandler}.
 */
package io.slipstream.codecs;
