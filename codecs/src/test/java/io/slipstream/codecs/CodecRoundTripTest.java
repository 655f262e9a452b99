package io.slipstream.codecs;

import io.slipstream.codecs.trading.ExecType;
import io.slipstream.codecs.trading.ExecutionReportDecoder;
import io.slipstream.codecs.trading.HeartbeatDecoder;
import io.slipstream.codecs.trading.LogonDecoder;
import io.slipstream.codecs.trading.LogoutDecoder;
import io.slipstream.codecs.trading.MarketDataIncrementalRefreshDecoder;
import io.slipstream.codecs.trading.NewOrderSingleDecoder;
import io.slipstream.codecs.trading.OrdStatus;
import io.slipstream.codecs.trading.OrdType;
import io.slipstream.codecs.trading.OrderCancelReplaceRequestDecoder;
import io.slipstream.codecs.trading.OrderCancelRequestDecoder;
import io.slipstream.codecs.trading.QuoteDecoder;
import io.slipstream.codecs.trading.Side;
import io.slipstream.codecs.trading.TimeInForce;
import io.slipstream.codecs.trading.TradeDecoder;
import io.slipstream.codecs.trading.UpdateAction;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.slipstream.codecs.TradingSamples.TIME_NS;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every message of the schema survives encode then decode through the dispatcher, groups and variable-length data
 * included, at an unaligned offset in a larger buffer.
 */
class CodecRoundTripTest
{
    private static final int OFFSET = 13;

    private final List<String> seen = new ArrayList<>();

    private final TradingHandler checker = new TradingHandler()
    {
        @Override
        public void onLogon(final LogonDecoder logon)
        {
            assertEquals(TIME_NS, logon.sendingTimeNs());
            assertEquals(30_000, logon.heartbeatIntervalMs());
            assertEquals(6, logon.nextExpectedSeqNum());
            assertEquals("FIRM-A", logon.senderCompId());
            assertEquals("s3cret", logon.password());
            seen.add("Logon");
        }

        @Override
        public void onLogout(final LogoutDecoder logout)
        {
            assertEquals(TIME_NS, logout.sendingTimeNs());
            assertEquals("end of day", logout.text());
            seen.add("Logout");
        }

        @Override
        public void onHeartbeat(final HeartbeatDecoder heartbeat)
        {
            assertEquals(TIME_NS + 5, heartbeat.sendingTimeNs());
            seen.add("Heartbeat");
        }

        @Override
        public void onNewOrderSingle(final NewOrderSingleDecoder order)
        {
            assertEquals(5, order.clOrdId());
            assertEquals(7, order.instrumentId());
            assertEquals(Side.BUY, order.side());
            assertEquals(OrdType.LIMIT, order.ordType());
            assertEquals(TimeInForce.DAY, order.timeInForce());
            assertEquals(10_025, order.price().mantissa());
            assertEquals(-2, order.price().exponent());
            assertEquals(500, order.quantity());
            assertEquals(TIME_NS, order.transactTimeNs());
            assertEquals(100, order.minQuantity());
            assertEquals("ACC-42", order.account());
            seen.add("NewOrderSingle");
        }

        @Override
        public void onOrderCancelRequest(final OrderCancelRequestDecoder cancel)
        {
            assertEquals(1005, cancel.clOrdId());
            assertEquals(5, cancel.origClOrdId());
            assertEquals(7, cancel.instrumentId());
            assertEquals(Side.SELL, cancel.side());
            assertEquals(TIME_NS, cancel.transactTimeNs());
            seen.add("OrderCancelRequest");
        }

        @Override
        public void onOrderCancelReplaceRequest(final OrderCancelReplaceRequestDecoder replace)
        {
            assertEquals(2005, replace.clOrdId());
            assertEquals(5, replace.origClOrdId());
            assertEquals(Side.BUY, replace.side());
            assertEquals(OrdType.LIMIT, replace.ordType());
            assertEquals(TimeInForce.GOOD_TILL_CANCEL, replace.timeInForce());
            assertEquals(10_030, replace.price().mantissa());
            assertEquals(700, replace.quantity());
            seen.add("OrderCancelReplaceRequest");
        }

        @Override
        public void onExecutionReport(final ExecutionReportDecoder report)
        {
            assertEquals(90_005, report.orderId());
            assertEquals(5, report.clOrdId());
            assertEquals(5_005, report.execId());
            assertEquals(ExecType.TRADE, report.execType());
            assertEquals(OrdStatus.PARTIALLY_FILLED, report.ordStatus());
            assertEquals(10_025, report.price().mantissa());
            assertEquals(10_020, report.lastPrice().mantissa());
            assertEquals(200, report.lastQuantity());
            assertEquals(300, report.leavesQuantity());
            assertEquals(200, report.cumQuantity());
            assertEquals("partial fill", report.text());
            seen.add("ExecutionReport");
        }

        @Override
        public void onQuote(final QuoteDecoder quote)
        {
            assertEquals(5, quote.quoteId());
            assertEquals(10_020, quote.bidPrice().mantissa());
            assertEquals(1_000, quote.bidSize());
            assertEquals(10_030, quote.offerPrice().mantissa());
            assertEquals(-2, quote.offerPrice().exponent());
            assertEquals(1_500, quote.offerSize());
            seen.add("Quote");
        }

        @Override
        public void onTrade(final TradeDecoder trade)
        {
            assertEquals(5, trade.tradeId());
            assertEquals(10_025, trade.price().mantissa());
            assertEquals(250, trade.quantity());
            assertEquals(Side.SELL, trade.aggressorSide());
            seen.add("Trade");
        }

        @Override
        public void onMarketDataIncrementalRefresh(final MarketDataIncrementalRefreshDecoder refresh)
        {
            assertEquals(7, refresh.instrumentId());
            assertEquals(5, refresh.rptSeq());
            assertEquals(TIME_NS, refresh.transactTimeNs());
            int i = 0;
            final MarketDataIncrementalRefreshDecoder.LevelsDecoder levels = refresh.levels();
            assertEquals(3, levels.count());
            for (final MarketDataIncrementalRefreshDecoder.LevelsDecoder level : levels)
            {
                assertEquals(i == 2 ? UpdateAction.DELETE : UpdateAction.NEW, level.updateAction());
                assertEquals(i == 0 ? Side.BUY : Side.SELL, level.side());
                assertEquals(i + 1, level.level());
                assertEquals(10_000 + i * 5L, level.price().mantissa());
                assertEquals(100L * (i + 1), level.quantity());
                assertEquals(i + 2, level.numberOfOrders());
                i++;
            }
            assertEquals(3, i);
            seen.add("MarketDataIncrementalRefresh");
        }
    };

    @Test
    void shouldRoundTripEveryMessageThroughTheDispatcher()
    {
        final TradingSamples samples = new TradingSamples();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
        final TradingDispatcher dispatcher = new TradingDispatcher(checker);
        for (final int templateId : TradingSamples.TEMPLATE_IDS)
        {
            final int length = samples.encode(templateId, 5, buffer, OFFSET);
            assertEquals(MessageError.NONE, dispatcher.dispatch(buffer, OFFSET, length), "template " + templateId);
        }
        assertEquals(List.of("Logon", "Logout", "Heartbeat", "NewOrderSingle", "OrderCancelRequest",
            "OrderCancelReplaceRequest", "ExecutionReport", "Quote", "Trade", "MarketDataIncrementalRefresh"), seen);
        assertEquals(TradingSamples.TEMPLATE_IDS.length, dispatcher.dispatchedCount());
    }

    @Test
    void shouldReportTheEncodedLengthTheValidatorComputes()
    {
        final TradingSamples samples = new TradingSamples();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
        final MessageValidator validator = new MessageValidator();
        for (final int templateId : TradingSamples.TEMPLATE_IDS)
        {
            final int length = samples.encode(templateId, 5, buffer, OFFSET);
            // A record may be longer than its message (alignment, trailing bytes): the message still validates.
            assertEquals(MessageError.NONE, validator.validate(buffer, OFFSET, length + 8));
            assertEquals(length, validator.encodedLength(), "template " + templateId);
            assertEquals(templateId, validator.templateId());
        }
    }
}
