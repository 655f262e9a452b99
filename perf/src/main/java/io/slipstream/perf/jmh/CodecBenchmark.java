package io.slipstream.perf.jmh;

import io.slipstream.codecs.TradingDispatcher;
import io.slipstream.codecs.TradingHandler;
import io.slipstream.codecs.trading.ExecType;
import io.slipstream.codecs.trading.ExecutionReportDecoder;
import io.slipstream.codecs.trading.ExecutionReportEncoder;
import io.slipstream.codecs.trading.HeartbeatDecoder;
import io.slipstream.codecs.trading.HeartbeatEncoder;
import io.slipstream.codecs.trading.LogonDecoder;
import io.slipstream.codecs.trading.LogonEncoder;
import io.slipstream.codecs.trading.LogoutDecoder;
import io.slipstream.codecs.trading.LogoutEncoder;
import io.slipstream.codecs.trading.MarketDataIncrementalRefreshDecoder;
import io.slipstream.codecs.trading.MarketDataIncrementalRefreshEncoder;
import io.slipstream.codecs.trading.MessageHeaderDecoder;
import io.slipstream.codecs.trading.MessageHeaderEncoder;
import io.slipstream.codecs.trading.NewOrderSingleDecoder;
import io.slipstream.codecs.trading.NewOrderSingleEncoder;
import io.slipstream.codecs.trading.OrdStatus;
import io.slipstream.codecs.trading.OrdType;
import io.slipstream.codecs.trading.OrderCancelReplaceRequestDecoder;
import io.slipstream.codecs.trading.OrderCancelReplaceRequestEncoder;
import io.slipstream.codecs.trading.OrderCancelRequestDecoder;
import io.slipstream.codecs.trading.OrderCancelRequestEncoder;
import io.slipstream.codecs.trading.QuoteDecoder;
import io.slipstream.codecs.trading.QuoteEncoder;
import io.slipstream.codecs.trading.Side;
import io.slipstream.codecs.trading.TimeInForce;
import io.slipstream.codecs.trading.TradeDecoder;
import io.slipstream.codecs.trading.TradeEncoder;
import io.slipstream.codecs.trading.UpdateAction;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Encode and decode cost of each message of the trading schema, one thread, in an off-heap buffer.
 * <ul>
 *   <li>{@code encode}: header and every field, groups (three levels) and var-data (from byte arrays);</li>
 *   <li>{@code decode}: a decoder wrapped with the header's block length and version, every field read, every
 *       group entry and var-data copied to a byte array;</li>
 *   <li>{@code dispatch}: the same reads reached through {@link TradingDispatcher}, which validates the message's
 *       lengths first (what a consumer on a ring pays).</li>
 * </ul>
 * The message type is a parameter, chosen by a switch in each call (about a nanosecond, the same for all). Nothing
 * allocates: {@code -prof gc} shows {@code gc.alloc.rate.norm} ~0 B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class CodecBenchmark extends MeasuredBenchmark
{
    private static final int OFFSET = 64;
    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int LEVELS = 3;
    private static final long TIME_NS = 1_700_000_000_000_000_000L;
    private static final byte EXPONENT = -2;
    private static final byte[] SENDER = "FIRM-A".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PASSWORD = "s3cret".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TEXT = "partial fill".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ACCOUNT = "ACC-42".getBytes(StandardCharsets.UTF_8);

    @Param({"NewOrderSingle", "OrderCancelRequest", "OrderCancelReplaceRequest", "ExecutionReport", "Quote", "Trade",
        "MarketDataIncrementalRefresh", "Heartbeat", "Logon", "Logout"})
    String message;

    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(1024));
    private final byte[] text = new byte[64];
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final NewOrderSingleEncoder newOrderEncoder = new NewOrderSingleEncoder();
    private final NewOrderSingleDecoder newOrderDecoder = new NewOrderSingleDecoder();
    private final OrderCancelRequestEncoder cancelEncoder = new OrderCancelRequestEncoder();
    private final OrderCancelRequestDecoder cancelDecoder = new OrderCancelRequestDecoder();
    private final OrderCancelReplaceRequestEncoder replaceEncoder = new OrderCancelReplaceRequestEncoder();
    private final OrderCancelReplaceRequestDecoder replaceDecoder = new OrderCancelReplaceRequestDecoder();
    private final ExecutionReportEncoder reportEncoder = new ExecutionReportEncoder();
    private final ExecutionReportDecoder reportDecoder = new ExecutionReportDecoder();
    private final QuoteEncoder quoteEncoder = new QuoteEncoder();
    private final QuoteDecoder quoteDecoder = new QuoteDecoder();
    private final TradeEncoder tradeEncoder = new TradeEncoder();
    private final TradeDecoder tradeDecoder = new TradeDecoder();
    private final MarketDataIncrementalRefreshEncoder refreshEncoder = new MarketDataIncrementalRefreshEncoder();
    private final MarketDataIncrementalRefreshDecoder refreshDecoder = new MarketDataIncrementalRefreshDecoder();
    private final HeartbeatEncoder heartbeatEncoder = new HeartbeatEncoder();
    private final HeartbeatDecoder heartbeatDecoder = new HeartbeatDecoder();
    private final LogonEncoder logonEncoder = new LogonEncoder();
    private final LogonDecoder logonDecoder = new LogonDecoder();
    private final LogoutEncoder logoutEncoder = new LogoutEncoder();
    private final LogoutDecoder logoutDecoder = new LogoutDecoder();
    private final Reader reader = new Reader();
    private final TradingDispatcher dispatcher = new TradingDispatcher(reader);
    private int templateId;
    private int length;
    private long seq;

    @Setup
    public void setUp()
    {
        templateId = switch (message)
        {
            case "NewOrderSingle" -> NewOrderSingleEncoder.TEMPLATE_ID;
            case "OrderCancelRequest" -> OrderCancelRequestEncoder.TEMPLATE_ID;
            case "OrderCancelReplaceRequest" -> OrderCancelReplaceRequestEncoder.TEMPLATE_ID;
            case "ExecutionReport" -> ExecutionReportEncoder.TEMPLATE_ID;
            case "Quote" -> QuoteEncoder.TEMPLATE_ID;
            case "Trade" -> TradeEncoder.TEMPLATE_ID;
            case "MarketDataIncrementalRefresh" -> MarketDataIncrementalRefreshEncoder.TEMPLATE_ID;
            case "Heartbeat" -> HeartbeatEncoder.TEMPLATE_ID;
            case "Logon" -> LogonEncoder.TEMPLATE_ID;
            case "Logout" -> LogoutEncoder.TEMPLATE_ID;
            default -> throw new IllegalArgumentException("unknown message " + message);
        };
        length = encode();
    }

    /** @return the encoded length, header included. */
    @Benchmark
    public int encode()
    {
        final long n = ++seq;
        final int body = switch (templateId)
        {
            case NewOrderSingleEncoder.TEMPLATE_ID -> encodeNewOrder(n);
            case OrderCancelRequestEncoder.TEMPLATE_ID -> cancelEncoder
                .wrapAndApplyHeader(buffer, OFFSET, headerEncoder).clOrdId(n).origClOrdId(n - 1).instrumentId(7)
                .side(Side.SELL).transactTimeNs(TIME_NS + n).encodedLength();
            case OrderCancelReplaceRequestEncoder.TEMPLATE_ID -> encodeReplace(n);
            case ExecutionReportEncoder.TEMPLATE_ID -> encodeReport(n);
            case QuoteEncoder.TEMPLATE_ID -> encodeQuote(n);
            case TradeEncoder.TEMPLATE_ID -> encodeTrade(n);
            case MarketDataIncrementalRefreshEncoder.TEMPLATE_ID -> encodeRefresh(n);
            case HeartbeatEncoder.TEMPLATE_ID -> heartbeatEncoder.wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
                .sendingTimeNs(TIME_NS + n).encodedLength();
            case LogonEncoder.TEMPLATE_ID -> logonEncoder.wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
                .sendingTimeNs(TIME_NS + n).heartbeatIntervalMs(30_000).nextExpectedSeqNum(n)
                .putSenderCompId(SENDER, 0, SENDER.length).putPassword(PASSWORD, 0, PASSWORD.length).encodedLength();
            default -> logoutEncoder.wrapAndApplyHeader(buffer, OFFSET, headerEncoder).sendingTimeNs(TIME_NS + n)
                .putText(TEXT, 0, TEXT.length).encodedLength();
        };
        return HEADER + body;
    }

    /** @return a sum of every value read. */
    @Benchmark
    public long decode()
    {
        headerDecoder.wrap(buffer, OFFSET);
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        final int at = OFFSET + HEADER;
        return switch (headerDecoder.templateId())
        {
            case NewOrderSingleDecoder.TEMPLATE_ID -> reader.read(newOrderDecoder.wrap(buffer, at, blockLength,
                version));
            case OrderCancelRequestDecoder.TEMPLATE_ID -> reader.read(cancelDecoder.wrap(buffer, at, blockLength,
                version));
            case OrderCancelReplaceRequestDecoder.TEMPLATE_ID -> reader.read(replaceDecoder.wrap(buffer, at,
                blockLength, version));
            case ExecutionReportDecoder.TEMPLATE_ID -> reader.read(reportDecoder.wrap(buffer, at, blockLength,
                version));
            case QuoteDecoder.TEMPLATE_ID -> reader.read(quoteDecoder.wrap(buffer, at, blockLength, version));
            case TradeDecoder.TEMPLATE_ID -> reader.read(tradeDecoder.wrap(buffer, at, blockLength, version));
            case MarketDataIncrementalRefreshDecoder.TEMPLATE_ID -> reader.read(refreshDecoder.wrap(buffer, at,
                blockLength, version));
            case HeartbeatDecoder.TEMPLATE_ID -> reader.read(heartbeatDecoder.wrap(buffer, at, blockLength, version));
            case LogonDecoder.TEMPLATE_ID -> reader.read(logonDecoder.wrap(buffer, at, blockLength, version));
            default -> reader.read(logoutDecoder.wrap(buffer, at, blockLength, version));
        };
    }

    /** @return a sum of every value read, through the validating dispatcher. */
    @Benchmark
    public long dispatch()
    {
        reader.sum = 0;
        dispatcher.dispatch(buffer, OFFSET, length);
        return reader.sum;
    }

    private int encodeNewOrder(final long n)
    {
        newOrderEncoder.wrapAndApplyHeader(buffer, OFFSET, headerEncoder).clOrdId(n).instrumentId(7).side(Side.BUY)
            .ordType(OrdType.LIMIT).timeInForce(TimeInForce.DAY).quantity(500).transactTimeNs(TIME_NS + n)
            .minQuantity(100).price().mantissa(10_025).exponent(EXPONENT);
        return newOrderEncoder.putAccount(ACCOUNT, 0, ACCOUNT.length).encodedLength();
    }

    private int encodeReplace(final long n)
    {
        replaceEncoder.wrapAndApplyHeader(buffer, OFFSET, headerEncoder).clOrdId(n).origClOrdId(n - 1)
            .instrumentId(7).side(Side.BUY).ordType(OrdType.LIMIT).timeInForce(TimeInForce.GOOD_TILL_CANCEL)
            .quantity(700).transactTimeNs(TIME_NS + n).price().mantissa(10_030).exponent(EXPONENT);
        return replaceEncoder.encodedLength();
    }

    private int encodeReport(final long n)
    {
        reportEncoder.wrapAndApplyHeader(buffer, OFFSET, headerEncoder).orderId(n).clOrdId(n).execId(n)
            .instrumentId(7).side(Side.BUY).execType(ExecType.TRADE).ordStatus(OrdStatus.PARTIALLY_FILLED)
            .lastQuantity(200).leavesQuantity(300).cumQuantity(200).transactTimeNs(TIME_NS + n);
        reportEncoder.price().mantissa(10_025).exponent(EXPONENT);
        reportEncoder.lastPrice().mantissa(10_020).exponent(EXPONENT);
        return reportEncoder.putText(TEXT, 0, TEXT.length).encodedLength();
    }

    private int encodeQuote(final long n)
    {
        quoteEncoder.wrapAndApplyHeader(buffer, OFFSET, headerEncoder).quoteId(n).instrumentId(7).bidSize(1_000)
            .offerSize(1_500).transactTimeNs(TIME_NS + n);
        quoteEncoder.bidPrice().mantissa(10_020).exponent(EXPONENT);
        quoteEncoder.offerPrice().mantissa(10_030).exponent(EXPONENT);
        return quoteEncoder.encodedLength();
    }

    private int encodeTrade(final long n)
    {
        tradeEncoder.wrapAndApplyHeader(buffer, OFFSET, headerEncoder).tradeId(n).instrumentId(7).quantity(250)
            .aggressorSide(Side.SELL).transactTimeNs(TIME_NS + n).price().mantissa(10_025).exponent(EXPONENT);
        return tradeEncoder.encodedLength();
    }

    private int encodeRefresh(final long n)
    {
        refreshEncoder.wrapAndApplyHeader(buffer, OFFSET, headerEncoder).instrumentId(7).rptSeq(n)
            .transactTimeNs(TIME_NS + n);
        final MarketDataIncrementalRefreshEncoder.LevelsEncoder levels = refreshEncoder.levelsCount(LEVELS);
        for (int i = 0; i < LEVELS; i++)
        {
            levels.next().updateAction(UpdateAction.CHANGE).side(Side.BUY).level((short)(i + 1))
                .quantity(100L * (i + 1)).numberOfOrders(i + 2).price().mantissa(10_000 - i * 5L).exponent(EXPONENT);
        }
        return refreshEncoder.encodedLength();
    }

    /** Reads every value of a message; the same code for {@code decode} and {@code dispatch}. */
    private final class Reader implements TradingHandler
    {
        long sum;

        long read(final NewOrderSingleDecoder d)
        {
            return d.clOrdId() + d.instrumentId() + d.side().ordinal() + d.ordType().ordinal() +
                d.timeInForce().ordinal() + d.price().mantissa() + d.price().exponent() + d.quantity() +
                d.transactTimeNs() + d.minQuantity() + d.getAccount(text, 0, text.length);
        }

        long read(final OrderCancelRequestDecoder d)
        {
            return d.clOrdId() + d.origClOrdId() + d.instrumentId() + d.side().ordinal() + d.transactTimeNs();
        }

        long read(final OrderCancelReplaceRequestDecoder d)
        {
            return d.clOrdId() + d.origClOrdId() + d.instrumentId() + d.side().ordinal() + d.ordType().ordinal() +
                d.timeInForce().ordinal() + d.price().mantissa() + d.price().exponent() + d.quantity() +
                d.transactTimeNs();
        }

        long read(final ExecutionReportDecoder d)
        {
            return d.orderId() + d.clOrdId() + d.execId() + d.instrumentId() + d.side().ordinal() +
                d.execType().ordinal() + d.ordStatus().ordinal() + d.price().mantissa() + d.lastPrice().mantissa() +
                d.lastQuantity() + d.leavesQuantity() + d.cumQuantity() + d.transactTimeNs() +
                d.getText(text, 0, text.length);
        }

        long read(final QuoteDecoder d)
        {
            return d.quoteId() + d.instrumentId() + d.bidPrice().mantissa() + d.bidPrice().exponent() + d.bidSize() +
                d.offerPrice().mantissa() + d.offerPrice().exponent() + d.offerSize() + d.transactTimeNs();
        }

        long read(final TradeDecoder d)
        {
            return d.tradeId() + d.instrumentId() + d.price().mantissa() + d.price().exponent() + d.quantity() +
                d.aggressorSide().ordinal() + d.transactTimeNs();
        }

        long read(final MarketDataIncrementalRefreshDecoder d)
        {
            long total = d.instrumentId() + d.rptSeq() + d.transactTimeNs();
            for (final MarketDataIncrementalRefreshDecoder.LevelsDecoder level : d.levels())
            {
                total += level.updateAction().ordinal() + level.side().ordinal() + level.level() +
                    level.price().mantissa() + level.price().exponent() + level.quantity() + level.numberOfOrders();
            }
            return total;
        }

        long read(final HeartbeatDecoder d)
        {
            return d.sendingTimeNs();
        }

        long read(final LogonDecoder d)
        {
            return d.sendingTimeNs() + d.heartbeatIntervalMs() + d.nextExpectedSeqNum() +
                d.getSenderCompId(text, 0, text.length) + d.getPassword(text, 0, text.length);
        }

        long read(final LogoutDecoder d)
        {
            return d.sendingTimeNs() + d.getText(text, 0, text.length);
        }

        @Override
        public void onNewOrderSingle(final NewOrderSingleDecoder d)
        {
            sum = read(d);
        }

        @Override
        public void onOrderCancelRequest(final OrderCancelRequestDecoder d)
        {
            sum = read(d);
        }

        @Override
        public void onOrderCancelReplaceRequest(final OrderCancelReplaceRequestDecoder d)
        {
            sum = read(d);
        }

        @Override
        public void onExecutionReport(final ExecutionReportDecoder d)
        {
            sum = read(d);
        }

        @Override
        public void onQuote(final QuoteDecoder d)
        {
            sum = read(d);
        }

        @Override
        public void onTrade(final TradeDecoder d)
        {
            sum = read(d);
        }

        @Override
        public void onMarketDataIncrementalRefresh(final MarketDataIncrementalRefreshDecoder d)
        {
            sum = read(d);
        }

        @Override
        public void onHeartbeat(final HeartbeatDecoder d)
        {
            sum = read(d);
        }

        @Override
        public void onLogon(final LogonDecoder d)
        {
            sum = read(d);
        }

        @Override
        public void onLogout(final LogoutDecoder d)
        {
            sum = read(d);
        }
    }
}
