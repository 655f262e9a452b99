package io.slipstream.codecs;

import io.slipstream.codecs.trading.ExecutionReportDecoder;
import io.slipstream.codecs.trading.HeartbeatDecoder;
import io.slipstream.codecs.trading.LogonDecoder;
import io.slipstream.codecs.trading.LogoutDecoder;
import io.slipstream.codecs.trading.MarketDataIncrementalRefreshDecoder;
import io.slipstream.codecs.trading.NewOrderSingleDecoder;
import io.slipstream.codecs.trading.OrderCancelReplaceRequestDecoder;
import io.slipstream.codecs.trading.OrderCancelRequestDecoder;
import io.slipstream.codecs.trading.QuoteDecoder;
import io.slipstream.codecs.trading.TradeDecoder;
import org.agrona.DirectBuffer;

/**
 * Receives the messages of the trading schema from a {@link TradingDispatcher}, one typed method per message.
 * Override only what you need; the rest ignore their message. Each decoder is already wrapped over the message in
 * place, with the header's block length and version, and is valid only during the call: copy what you keep.
 */
public interface TradingHandler
{
    /**
     * A session opens.
     *
     * @param logon the decoder, wrapped over the message in place.
     */
    default void onLogon(final LogonDecoder logon)
    {
    }

    /**
     * A session closes.
     *
     * @param logout the decoder, wrapped over the message in place.
     */
    default void onLogout(final LogoutDecoder logout)
    {
    }

    /**
     * An idle session is alive.
     *
     * @param heartbeat the decoder, wrapped over the message in place.
     */
    default void onHeartbeat(final HeartbeatDecoder heartbeat)
    {
    }

    /**
     * A new order.
     *
     * @param order the decoder, wrapped over the message in place.
     */
    default void onNewOrderSingle(final NewOrderSingleDecoder order)
    {
    }

    /**
     * A request to cancel an order.
     *
     * @param cancel the decoder, wrapped over the message in place.
     */
    default void onOrderCancelRequest(final OrderCancelRequestDecoder cancel)
    {
    }

    /**
     * A request to change an order's price or quantity.
     *
     * @param replace the decoder, wrapped over the message in place.
     */
    default void onOrderCancelReplaceRequest(final OrderCancelReplaceRequestDecoder replace)
    {
    }

    /**
     * An order's state changed.
     *
     * @param report the decoder, wrapped over the message in place.
     */
    default void onExecutionReport(final ExecutionReportDecoder report)
    {
    }

    /**
     * A two-sided quote.
     *
     * @param quote the decoder, wrapped over the message in place.
     */
    default void onQuote(final QuoteDecoder quote)
    {
    }

    /**
     * A trade printed on the market.
     *
     * @param trade the decoder, wrapped over the message in place.
     */
    default void onTrade(final TradeDecoder trade)
    {
    }

    /**
     * Changes to an instrument's price levels; iterate {@code refresh.levels()} in order.
     *
     * @param refresh the decoder, wrapped over the message in place.
     */
    default void onMarketDataIncrementalRefresh(final MarketDataIncrementalRefreshDecoder refresh)
    {
    }

    /**
     * A message of this schema that failed validation and was skipped (already counted by the dispatcher).
     *
     * @param error  what is wrong; {@link MessageError#description()} is a fixed text.
     * @param buffer the buffer holding the message, readable in {@code [offset, offset + length)} only.
     * @param offset where the message starts.
     * @param length the message's length in bytes.
     */
    default void onMalformed(final MessageError error, final DirectBuffer buffer, final int offset, final int length)
    {
    }
}
