package io.slipstream.codecs;

import io.slipstream.codecs.trading.ExecType;
import io.slipstream.codecs.trading.ExecutionReportEncoder;
import io.slipstream.codecs.trading.HeartbeatEncoder;
import io.slipstream.codecs.trading.LogonEncoder;
import io.slipstream.codecs.trading.LogoutEncoder;
import io.slipstream.codecs.trading.MarketDataIncrementalRefreshEncoder;
import io.slipstream.codecs.trading.MessageHeaderEncoder;
import io.slipstream.codecs.trading.NewOrderSingleEncoder;
import io.slipstream.codecs.trading.OrdStatus;
import io.slipstream.codecs.trading.OrdType;
import io.slipstream.codecs.trading.OrderCancelReplaceRequestEncoder;
import io.slipstream.codecs.trading.OrderCancelRequestEncoder;
import io.slipstream.codecs.trading.QuoteEncoder;
import io.slipstream.codecs.trading.Side;
import io.slipstream.codecs.trading.TimeInForce;
import io.slipstream.codecs.trading.TradeEncoder;
import io.slipstream.codecs.trading.UpdateAction;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * One message of every type of the trading schema with fixed, recognisable values (no clock), encoded without
 * allocating: the tests' known messages, and the golden file's (public: the dump tool's tests use them too).
 */
public final class TradingSamples
{
    public static final long TIME_NS = 1_700_000_000_123_456_789L;
    static final byte[] SENDER = "FIRM-A".getBytes(StandardCharsets.UTF_8);
    static final byte[] PASSWORD = "s3cret".getBytes(StandardCharsets.UTF_8);
    static final byte[] LOGOUT_TEXT = "end of day".getBytes(StandardCharsets.UTF_8);
    static final byte[] ACCOUNT = "ACC-42".getBytes(StandardCharsets.UTF_8);
    static final byte[] REPORT_TEXT = "partial fill".getBytes(StandardCharsets.UTF_8);
    /** Template ids in the order {@link #encode} knows them. */
    public static final int[] TEMPLATE_IDS = { 1, 2, 3, 10, 11, 12, 20, 30, 31, 32 };

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final LogonEncoder logon = new LogonEncoder();
    private final LogoutEncoder logout = new LogoutEncoder();
    private final HeartbeatEncoder heartbeat = new HeartbeatEncoder();
    private final NewOrderSingleEncoder newOrder = new NewOrderSingleEncoder();
    private final OrderCancelRequestEncoder cancel = new OrderCancelRequestEncoder();
    private final OrderCancelReplaceRequestEncoder replace = new OrderCancelReplaceRequestEncoder();
    private final ExecutionReportEncoder report = new ExecutionReportEncoder();
    private final QuoteEncoder quote = new QuoteEncoder();
    private final TradeEncoder trade = new TradeEncoder();
    private final MarketDataIncrementalRefreshEncoder refresh = new MarketDataIncrementalRefreshEncoder();

    /**
     * Encodes the sample of a template chosen at random at offset 0, overwrites up to three of its bytes with random
     * values and, one time in four, cuts its end off at a random length: the fuzz tests' corrupt message.
     *
     * @param random the source of every choice, so that a seed repeats the same messages.
     * @param buffer where the message is written, from offset 0.
     * @return the corrupt message's length, at most the sample's.
     */
    public int encodeCorrupt(final SplittableRandom random, final MutableDirectBuffer buffer)
    {
        final int templateId = TEMPLATE_IDS[random.nextInt(TEMPLATE_IDS.length)];
        final int length = encode(templateId, random.nextInt(1000), buffer, 0);
        final int changes = random.nextInt(4);
        for (int c = 0; c < changes; c++)
        {
            buffer.putByte(random.nextInt(length), (byte)random.nextInt(256));
        }
        return random.nextInt(4) == 0 ? random.nextInt(length + 1) : length;
    }

    /**
     * Encodes the sample message of a template (header included) at {@code offset}.
     *
     * @param seq a number folded into the ids, so successive samples differ.
     * @return the encoded length.
     */
    public int encode(final int templateId, final long seq, final MutableDirectBuffer buffer, final int offset)
    {
        final int bodyLength = switch (templateId)
        {
            case 1 -> logon.wrapAndApplyHeader(buffer, offset, header).sendingTimeNs(TIME_NS)
                .heartbeatIntervalMs(30_000).nextExpectedSeqNum(seq + 1)
                .putSenderCompId(SENDER, 0, SENDER.length).putPassword(PASSWORD, 0, PASSWORD.length)
                .encodedLength();
            case 2 -> logout.wrapAndApplyHeader(buffer, offset, header).sendingTimeNs(TIME_NS)
                .putText(LOGOUT_TEXT, 0, LOGOUT_TEXT.length).encodedLength();
            case 3 -> heartbeat.wrapAndApplyHeader(buffer, offset, header).sendingTimeNs(TIME_NS + seq)
                .encodedLength();
            case 10 -> newOrder(seq, buffer, offset);
            case 11 -> cancel.wrapAndApplyHeader(buffer, offset, header).clOrdId(1000 + seq).origClOrdId(seq)
                .instrumentId(7).side(Side.SELL).transactTimeNs(TIME_NS).encodedLength();
            case 12 -> replace(seq, buffer, offset);
            case 20 -> report(seq, buffer, offset);
            case 30 -> quote(seq, buffer, offset);
            case 31 -> trade(seq, buffer, offset);
            case 32 -> refresh(seq, buffer, offset);
            default -> throw new IllegalArgumentException("no sample for template " + templateId);
        };
        return MessageHeaderEncoder.ENCODED_LENGTH + bodyLength;
    }

    private int newOrder(final long seq, final MutableDirectBuffer buffer, final int offset)
    {
        newOrder.wrapAndApplyHeader(buffer, offset, header).clOrdId(seq).instrumentId(7).side(Side.BUY)
            .ordType(OrdType.LIMIT).timeInForce(TimeInForce.DAY).quantity(500).transactTimeNs(TIME_NS)
            .minQuantity(100);
        newOrder.price().mantissa(10_025).exponent((byte)-2);
        return newOrder.putAccount(ACCOUNT, 0, ACCOUNT.length).encodedLength();
    }

    private int replace(final long seq, final MutableDirectBuffer buffer, final int offset)
    {
        replace.wrapAndApplyHeader(buffer, offset, header).clOrdId(2000 + seq).origClOrdId(seq).instrumentId(7)
            .side(Side.BUY).ordType(OrdType.LIMIT).timeInForce(TimeInForce.GOOD_TILL_CANCEL).quantity(700)
            .transactTimeNs(TIME_NS);
        replace.price().mantissa(10_030).exponent((byte)-2);
        return replace.encodedLength();
    }

    private int report(final long seq, final MutableDirectBuffer buffer, final int offset)
    {
        report.wrapAndApplyHeader(buffer, offset, header).orderId(90_000 + seq).clOrdId(seq).execId(5_000 + seq)
            .instrumentId(7).side(Side.BUY).execType(ExecType.TRADE).ordStatus(OrdStatus.PARTIALLY_FILLED)
            .lastQuantity(200).leavesQuantity(300).cumQuantity(200).transactTimeNs(TIME_NS);
        report.price().mantissa(10_025).exponent((byte)-2);
        report.lastPrice().mantissa(10_020).exponent((byte)-2);
        return report.putText(REPORT_TEXT, 0, REPORT_TEXT.length).encodedLength();
    }

    private int quote(final long seq, final MutableDirectBuffer buffer, final int offset)
    {
        quote.wrapAndApplyHeader(buffer, offset, header).quoteId(seq).instrumentId(7).bidSize(1_000)
            .offerSize(1_500).transactTimeNs(TIME_NS);
        quote.bidPrice().mantissa(10_020).exponent((byte)-2);
        quote.offerPrice().mantissa(10_030).exponent((byte)-2);
        return quote.encodedLength();
    }

    private int trade(final long seq, final MutableDirectBuffer buffer, final int offset)
    {
        trade.wrapAndApplyHeader(buffer, offset, header).tradeId(seq).instrumentId(7).quantity(250)
            .aggressorSide(Side.SELL).transactTimeNs(TIME_NS);
        trade.price().mantissa(10_025).exponent((byte)-2);
        return trade.encodedLength();
    }

    private int refresh(final long seq, final MutableDirectBuffer buffer, final int offset)
    {
        refresh.wrapAndApplyHeader(buffer, offset, header).instrumentId(7).rptSeq(seq).transactTimeNs(TIME_NS);
        final MarketDataIncrementalRefreshEncoder.LevelsEncoder levels = refresh.levelsCount(3);
        for (int i = 0; i < 3; i++)
        {
            levels.next().updateAction(i == 2 ? UpdateAction.DELETE : UpdateAction.NEW)
                .side(i == 0 ? Side.BUY : Side.SELL).level((short)(i + 1)).quantity(100L * (i + 1))
                .numberOfOrders(i + 2)
                .price().mantissa(10_000 + i * 5L).exponent((byte)-2);
        }
        return refresh.encodedLength();
    }
}
