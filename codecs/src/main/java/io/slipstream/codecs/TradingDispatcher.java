package io.slipstream.codecs;

import io.slipstream.codecs.trading.ExecutionReportDecoder;
import io.slipstream.codecs.trading.HeartbeatDecoder;
import io.slipstream.codecs.trading.LogonDecoder;
import io.slipstream.codecs.trading.LogoutDecoder;
import io.slipstream.codecs.trading.MarketDataIncrementalRefreshDecoder;
import io.slipstream.codecs.trading.MessageHeaderDecoder;
import io.slipstream.codecs.trading.NewOrderSingleDecoder;
import io.slipstream.codecs.trading.OrderCancelReplaceRequestDecoder;
import io.slipstream.codecs.trading.OrderCancelRequestDecoder;
import io.slipstream.codecs.trading.QuoteDecoder;
import io.slipstream.codecs.trading.TradeDecoder;
import org.agrona.DirectBuffer;

/**
 * Dispatches SBE messages of the trading schema to a {@link TradingHandler}, keyed by the message header: schema id
 * first, then template id. Plug it straight into {@code Subscription.poll(dispatcher, limit)}: it reads the message
 * in the ring where it lies, with no copy.
 * <p>
 * One decoder flyweight per message type is created with the dispatcher and wrapped per message with the header's
 * block length and version, so a version-1 message reads as version 1 (fields added later read as their null
 * value) and a newer version's larger block is stepped over. Before wrapping, every message is checked by a
 * {@link MessageValidator} against the record's length, because SBE's generated decoders do not check the lengths
 * a message carries. Messages of another schema, unknown templates and malformed messages are counted and skipped,
 * never thrown; malformed ones also go to {@link TradingHandler#onMalformed}. Dispatching allocates nothing.
 * <p>
 * The record's type id is ignored: the SBE header is the authority. Not thread-safe: one polling thread.
 * <p>
 * Given to {@code Subscription.poll} directly it handles a ring of trading messages; registered with a
 * {@link MessageDispatcher} it takes the trading schema's share of a ring that carries several schemas.
 */
public final class TradingDispatcher implements SchemaDispatcher
{
    private final TradingHandler handler;
    private final MessageValidator validator = new MessageValidator();
    private final LogonDecoder logon = new LogonDecoder();
    private final LogoutDecoder logout = new LogoutDecoder();
    private final HeartbeatDecoder heartbeat = new HeartbeatDecoder();
    private final NewOrderSingleDecoder newOrder = new NewOrderSingleDecoder();
    private final OrderCancelRequestDecoder cancel = new OrderCancelRequestDecoder();
    private final OrderCancelReplaceRequestDecoder replace = new OrderCancelReplaceRequestDecoder();
    private final ExecutionReportDecoder executionReport = new ExecutionReportDecoder();
    private final QuoteDecoder quote = new QuoteDecoder();
    private final TradeDecoder trade = new TradeDecoder();
    private final MarketDataIncrementalRefreshDecoder refresh = new MarketDataIncrementalRefreshDecoder();
    private long dispatched;
    private long unknownSchema;
    private long unknownTemplate;
    private long malformed;

    /**
     * Creates the dispatcher and its decoder flyweights (the only allocation it ever makes).
     *
     * @param handler receives each valid message through its typed method.
     */
    public TradingDispatcher(final TradingHandler handler)
    {
        this.handler = handler;
    }

    @Override
    public int schemaId()
    {
        return MessageValidator.SCHEMA_ID;
    }

    @Override
    public void onMessage(final int typeId, final DirectBuffer buffer, final int offset, final int length)
    {
        dispatch(buffer, offset, length);
    }

    /**
     * Validates and dispatches one message.
     *
     * @param buffer holds the message; read only in {@code [offset, offset + length)}.
     * @param offset where the message's SBE header starts.
     * @param length the message's length in bytes (the record's payload length on a ring).
     * @return {@link MessageError#NONE} if the handler received it, else why it was skipped.
     */
    public MessageError dispatch(final DirectBuffer buffer, final int offset, final int length)
    {
        final MessageError error = validator.validate(buffer, offset, length);
        if (error != MessageError.NONE)
        {
            switch (error)
            {
                case UNKNOWN_SCHEMA -> unknownSchema++;
                case UNKNOWN_TEMPLATE -> unknownTemplate++;
                default ->
                {
                    malformed++;
                    handler.onMalformed(error, buffer, offset, length);
                }
            }
            return error;
        }
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = validator.blockLength();
        final int version = validator.version();
        switch (validator.templateId())
        {
            case LogonDecoder.TEMPLATE_ID -> handler.onLogon(logon.wrap(buffer, bodyOffset, blockLength, version));
            case LogoutDecoder.TEMPLATE_ID ->
                handler.onLogout(logout.wrap(buffer, bodyOffset, blockLength, version));
            case HeartbeatDecoder.TEMPLATE_ID ->
                handler.onHeartbeat(heartbeat.wrap(buffer, bodyOffset, blockLength, version));
            case NewOrderSingleDecoder.TEMPLATE_ID ->
                handler.onNewOrderSingle(newOrder.wrap(buffer, bodyOffset, blockLength, version));
            case OrderCancelRequestDecoder.TEMPLATE_ID ->
                handler.onOrderCancelRequest(cancel.wrap(buffer, bodyOffset, blockLength, version));
            case OrderCancelReplaceRequestDecoder.TEMPLATE_ID ->
                handler.onOrderCancelReplaceRequest(replace.wrap(buffer, bodyOffset, blockLength, version));
            case ExecutionReportDecoder.TEMPLATE_ID ->
                handler.onExecutionReport(executionReport.wrap(buffer, bodyOffset, blockLength, version));
            case QuoteDecoder.TEMPLATE_ID -> handler.onQuote(quote.wrap(buffer, bodyOffset, blockLength, version));
            case TradeDecoder.TEMPLATE_ID -> handler.onTrade(trade.wrap(buffer, bodyOffset, blockLength, version));
            case MarketDataIncrementalRefreshDecoder.TEMPLATE_ID ->
                handler.onMarketDataIncrementalRefresh(refresh.wrap(buffer, bodyOffset, blockLength, version));
            default ->
            {
                // Unreachable: the validator accepts only the templates above.
                unknownTemplate++;
                return MessageError.UNKNOWN_TEMPLATE;
            }
        }
        dispatched++;
        return MessageError.NONE;
    }

    /**
     * Messages handed to the handler.
     *
     * @return the count since creation.
     */
    public long dispatchedCount()
    {
        return dispatched;
    }

    /**
     * Messages skipped because their header named another schema.
     *
     * @return the count since creation.
     */
    public long unknownSchemaCount()
    {
        return unknownSchema;
    }

    /**
     * Messages of this schema skipped because their template id is not defined.
     *
     * @return the count since creation.
     */
    public long unknownTemplateCount()
    {
        return unknownTemplate;
    }

    /**
     * Messages of this schema skipped because they failed validation.
     *
     * @return the count since creation.
     */
    public long malformedCount()
    {
        return malformed;
    }
}
