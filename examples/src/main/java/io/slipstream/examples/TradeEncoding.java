package io.slipstream.examples;

import io.slipstream.codecs.trading.MarketDataIncrementalRefreshEncoder;
import io.slipstream.codecs.trading.MessageHeaderEncoder;
import io.slipstream.codecs.trading.Side;
import io.slipstream.codecs.trading.TradeEncoder;
import io.slipstream.codecs.trading.UpdateAction;
import io.slipstream.engine.Publication;
import io.slipstream.engine.RecordClaim;

/**
 * The encoding half of the README's SBE pair: trades and one-level market-data increments encoded in place in the
 * ring ({@code tryClaim}, encode into the claimed space, {@code commit}): no copy, no allocation. Read back by
 * {@link BookDispatch}. One thread.
 */
public final class TradeEncoding
{
    /** The instrument of every message here. */
    public static final int INSTRUMENT_ID = 7;
    /** The exponent of every price here: a mantissa of 10025 is 100.25. */
    public static final byte PRICE_EXPONENT = -2;

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();     // flyweights: create once, reuse
    private final TradeEncoder trade = new TradeEncoder();
    private final RecordClaim claim = new RecordClaim();
    private final MarketDataIncrementalRefreshEncoder refresh = new MarketDataIncrementalRefreshEncoder();
    private final Publication pub;

    /**
     * @param pub the ring to encode into.
     */
    public TradeEncoding(final Publication pub)
    {
        this.pub = pub;
    }

    /**
     * Encodes a trade of 250 at 100.25 in place, if the ring has room.
     *
     * @return whether it was committed; false when the ring is full (or closed).
     */
    public boolean trade(final long tradeId, final long nowNs)
    {
        if (pub.tryClaim(MessageHeaderEncoder.ENCODED_LENGTH + TradeEncoder.BLOCK_LENGTH, claim) > 0)
        {
            trade.wrapAndApplyHeader(claim.buffer(), claim.offset(), header)
                .tradeId(tradeId).instrumentId(7).quantity(250).aggressorSide(Side.SELL).transactTimeNs(nowNs)
                .price().mantissa(10_025).exponent((byte)-2);
            claim.commit();
            return true;
        }
        return false;
    }

    /**
     * Encodes a market-data increment of one level in place, if the ring has room.
     *
     * @return whether it was committed; false when the ring is full (or closed).
     */
    public boolean level(final long rptSeq, final UpdateAction action, final Side side, final int level,
        final long priceMantissa, final long quantity)
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + MarketDataIncrementalRefreshEncoder.BLOCK_LENGTH +
            MarketDataIncrementalRefreshEncoder.LevelsEncoder.sbeHeaderSize() +
            MarketDataIncrementalRefreshEncoder.LevelsEncoder.sbeBlockLength();
        if (pub.tryClaim(length, claim) > 0)
        {
            refresh.wrapAndApplyHeader(claim.buffer(), claim.offset(), header)
                .instrumentId(INSTRUMENT_ID).rptSeq(rptSeq).transactTimeNs(System.currentTimeMillis() * 1_000_000L)
                .levelsCount(1).next()
                .updateAction(action).side(side).level((short)level).quantity(quantity).numberOfOrders(1)
                .price().mantissa(priceMantissa).exponent(PRICE_EXPONENT);
            claim.commit();
            return true;
        }
        return false;
    }
}
