package io.slipstream.examples;

import io.slipstream.codecs.TradingDispatcher;
import io.slipstream.codecs.TradingHandler;
import io.slipstream.codecs.example.OrderBook;
import io.slipstream.codecs.trading.MarketDataIncrementalRefreshDecoder;
import io.slipstream.codecs.trading.TradeDecoder;
import io.slipstream.engine.Subscription;
import org.agrona.concurrent.IdleStrategy;

import java.util.function.BooleanSupplier;

/**
 * The dispatching half of the README's SBE pair: a {@link TradingDispatcher} given straight to
 * {@link Subscription#poll}, calling the typed methods of a {@link TradingHandler} with decoders wrapped over each
 * message where it lies in the ring. Keeps one instrument's order book from the increments and counts the trades.
 * One thread.
 */
public final class BookDispatch
{
    private final OrderBook book = new OrderBook(TradeEncoding.INSTRUMENT_ID);
    private long trades;
    private long tradeIdSum;
    private long tradedQuantity;

    /** Polls the ring until {@code running} says stop, dispatching every message to the book or the trade count. */
    public void run(final Subscription sub, final IdleStrategy idle, final BooleanSupplier running)
    {
        final TradingDispatcher dispatcher = new TradingDispatcher(new TradingHandler()
        {
            @Override
            public void onMarketDataIncrementalRefresh(final MarketDataIncrementalRefreshDecoder refresh)
            {
                for (final MarketDataIncrementalRefreshDecoder.LevelsDecoder level : refresh.levels())
                {
                    book.apply(level.updateAction(), level.side(), level.level(), level.price().mantissa(),
                        level.quantity());
                }
            }

            @Override
            public void onTrade(final TradeDecoder trade)
            {
                onTradeMessage(trade);
            }
        });
        while (running.getAsBoolean())
        {
            idle.idle(sub.poll(dispatcher, 64));
        }
    }

    private void onTradeMessage(final TradeDecoder trade)
    {
        trades++;
        tradeIdSum += trade.tradeId();
        tradedQuantity += trade.quantity();
    }

    /** The order book built from the increments. */
    public OrderBook book()
    {
        return book;
    }

    /** Trades received. */
    public long trades()
    {
        return trades;
    }

    /** The sum of the trade ids received. */
    public long tradeIdSum()
    {
        return tradeIdSum;
    }

    /** The sum of the quantities traded. */
    public long tradedQuantity()
    {
        return tradedQuantity;
    }
}
