/**
 * A runnable example: {@link io.slipstream.codecs.example.MarketDataPublisher} and
 * {@link io.slipstream.codecs.example.OrderBookConsumer}, two processes exchanging SBE market data over a ring.
 */
package io.slipstream.codecs.example;
