package io.slipstream.codecs.example;

import io.slipstream.codecs.trading.Side;
import io.slipstream.codecs.trading.UpdateAction;

/**
 * Price levels of one instrument, both sides, kept by level number (1 = best) as market-data increments describe
 * them: NEW inserts at a level and shifts the worse ones down, CHANGE replaces a level, DELETE removes a level and
 * shifts the worse ones up. Prices are mantissas with one exponent for the whole book. Allocation-free after
 * construction.
 */
public final class OrderBook
{
    /** Levels kept per side; increments beyond it are ignored. */
    public static final int DEPTH = 10;

    private final int instrumentId;
    private final long[] bidPrices = new long[DEPTH];
    private final long[] bidQuantities = new long[DEPTH];
    private final long[] askPrices = new long[DEPTH];
    private final long[] askQuantities = new long[DEPTH];
    private int bidLevels;
    private int askLevels;
    private long updates;

    /**
     * @param instrumentId the instrument this book is for.
     */
    public OrderBook(final int instrumentId)
    {
        this.instrumentId = instrumentId;
    }

    /**
     * Applies one price-level increment.
     *
     * @param action   what happens at the level.
     * @param side     which side of the book.
     * @param level    the level number, 1 for the best.
     * @param price    the level's price mantissa.
     * @param quantity the level's total quantity.
     */
    public void apply(final UpdateAction action, final Side side, final int level, final long price,
        final long quantity)
    {
        final boolean bid = side == Side.BUY;
        final long[] prices = bid ? bidPrices : askPrices;
        final long[] quantities = bid ? bidQuantities : askQuantities;
        int levels = bid ? bidLevels : askLevels;
        final int index = level - 1;
        if (index < 0 || index >= DEPTH)
        {
            return;
        }
        updates++;
        switch (action)
        {
            case NEW ->
            {
                final int at = Math.min(index, levels);
                final int moved = Math.min(levels, DEPTH - 1) - at;
                System.arraycopy(prices, at, prices, at + 1, moved);
                System.arraycopy(quantities, at, quantities, at + 1, moved);
                prices[at] = price;
                quantities[at] = quantity;
                levels = Math.min(levels + 1, DEPTH);
            }
            case CHANGE ->
            {
                if (index < levels)
                {
                    prices[index] = price;
                    quantities[index] = quantity;
                }
            }
            case DELETE ->
            {
                if (index < levels)
                {
                    System.arraycopy(prices, index + 1, prices, index, levels - index - 1);
                    System.arraycopy(quantities, index + 1, quantities, index, levels - index - 1);
                    levels--;
                }
            }
            default ->
            {
                // NULL_VAL: nothing to apply.
            }
        }
        if (bid)
        {
            bidLevels = levels;
        }
        else
        {
            askLevels = levels;
        }
    }

    /**
     * @param side which side.
     * @return how many levels that side holds.
     */
    public int levels(final Side side)
    {
        return side == Side.BUY ? bidLevels : askLevels;
    }

    /**
     * @param side  which side.
     * @param level the level number, 1 for the best, up to {@link #levels(Side)}.
     * @return the level's price mantissa.
     */
    public long price(final Side side, final int level)
    {
        return (side == Side.BUY ? bidPrices : askPrices)[level - 1];
    }

    /**
     * @param side  which side.
     * @param level the level number, 1 for the best, up to {@link #levels(Side)}.
     * @return the level's quantity.
     */
    public long quantity(final Side side, final int level)
    {
        return (side == Side.BUY ? bidQuantities : askQuantities)[level - 1];
    }

    /**
     * @return a hash of every level on both sides, to compare two books cheaply.
     */
    public long checksum()
    {
        long hash = instrumentId;
        for (int i = 0; i < bidLevels; i++)
        {
            hash = hash * 31 + bidPrices[i] * 7 + bidQuantities[i];
        }
        for (int i = 0; i < askLevels; i++)
        {
            hash = hash * 31 + askPrices[i] * 11 + askQuantities[i];
        }
        return hash;
    }

    /**
     * @return increments applied so far.
     */
    public long updates()
    {
        return updates;
    }

    /**
     * @param exponent the price exponent, to print prices as decimals.
     * @return the best bid and ask, e.g. {@code #1 100.25 x 300 | 100.50 x 200 (3/4 levels)}.
     */
    public String topOfBook(final int exponent)
    {
        return "#" + instrumentId + " " +
            (bidLevels > 0 ? decimal(bidPrices[0], exponent) + " x " + bidQuantities[0] : "-") + " | " +
            (askLevels > 0 ? decimal(askPrices[0], exponent) + " x " + askQuantities[0] : "-") +
            " (" + bidLevels + "/" + askLevels + " levels)";
    }

    private static String decimal(final long mantissa, final int exponent)
    {
        return java.math.BigDecimal.valueOf(mantissa, -exponent).toPlainString();
    }
}
