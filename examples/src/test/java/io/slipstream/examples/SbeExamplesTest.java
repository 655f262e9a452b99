package io.slipstream.examples;

import io.slipstream.codecs.trading.Side;
import io.slipstream.codecs.trading.UpdateAction;
import io.slipstream.engine.FutexIdleStrategy;
import io.slipstream.engine.FutexSelectorIdleStrategy;
import io.slipstream.engine.Publication;
import io.slipstream.engine.RingContext;
import io.slipstream.engine.Subscription;
import io.slipstream.engine.SubscriptionSelector;
import io.slipstream.test.RingDirectoryExtension;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's SBE pair and wait strategies over a real ring: what is encoded is dispatched, exactly. */
class SbeExamplesTest
{
    private static final int TRADES = 5_000;

    @RegisterExtension
    final RingDirectoryExtension rings = new RingDirectoryExtension();

    @Test
    void shouldDispatchEveryTradeAndIncrementThatWasEncodedInPlace()
    {
        final RingContext ctx = new RingContext().directory(rings.path()).streamName("trades").capacityBytes(1 << 16);
        try (Publication pub = Publication.open(ctx); Subscription sub = Subscription.open(ctx))
        {
            final TradeEncoding encoding = new TradeEncoding(pub);
            final BookDispatch dispatch = new BookDispatch();
            final IdleStrategy idle = new BusySpinIdleStrategy();
            long expectedIdSum = 0;
            for (int i = 1; i <= TRADES; i++)
            {
                assertTrue(encoding.trade(i, System.nanoTime()), "ring full at trade " + i);
                expectedIdSum += i;
                assertTrue(encoding.level(i, UpdateAction.NEW, Side.BUY, 1, 10_000 + i, 100L * i),
                    "ring full at increment " + i);
                final long tradesBefore = dispatch.trades();
                dispatch.run(sub, idle, () -> dispatch.trades() == tradesBefore);
            }
            final long tradesBefore = dispatch.trades();
            assertEquals(TRADES, tradesBefore);
            assertEquals(expectedIdSum, dispatch.tradeIdSum());
            assertEquals(250L * TRADES, dispatch.tradedQuantity());
            // The increments are each dispatched after their trade: poll until the book has the last one.
            dispatch.run(sub, idle, () -> dispatch.book().updates() < TRADES);
            assertEquals(TRADES, dispatch.book().updates());
            assertEquals(10_000 + TRADES, dispatch.book().price(Side.BUY, 1));
            assertEquals(100L * TRADES, dispatch.book().quantity(Side.BUY, 1));
        }
    }

    @Test
    void shouldGiveAFutexStrategyForEachWayOfWaiting()
    {
        final RingContext ctx = new RingContext().directory(rings.path()).streamName("wait").capacityBytes(1 << 16);
        try (Publication pub = Publication.open(ctx); Subscription sub = Subscription.open(ctx))
        {
            final SubscriptionSelector selector = new SubscriptionSelector().add(sub, (t, b, o, l) -> { });
            final List<IdleStrategy> strategies = WaitStrategies.futex(pub, sub, selector);
            assertInstanceOf(FutexIdleStrategy.class, strategies.get(0));
            assertInstanceOf(FutexIdleStrategy.class, strategies.get(1));
            assertInstanceOf(FutexSelectorIdleStrategy.class, strategies.get(2));
        }
    }
}
