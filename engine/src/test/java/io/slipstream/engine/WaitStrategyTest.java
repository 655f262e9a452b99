package io.slipstream.engine;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class WaitStrategyTest
{
    @Test
    void shouldParseNamesAndAliases()
    {
        assertEquals(WaitStrategy.BUSY_SPIN, WaitStrategy.parse("busy-spin"));
        assertEquals(WaitStrategy.BUSY_SPIN, WaitStrategy.parse("SPIN"));
        assertEquals(WaitStrategy.YIELDING, WaitStrategy.parse("yield"));
        assertEquals(WaitStrategy.BACKOFF, WaitStrategy.parse(" Backoff "));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> WaitStrategy.parse("sleepy"));
        assertTrue(ex.getMessage().contains("sleepy"));
    }

    @Test
    void shouldMakeAgronaIdleStrategies()
    {
        assertInstanceOf(BusySpinIdleStrategy.class, WaitStrategy.BUSY_SPIN.newIdleStrategy());
        assertInstanceOf(YieldingIdleStrategy.class, WaitStrategy.YIELDING.newIdleStrategy());
        assertInstanceOf(BackoffIdleStrategy.class, WaitStrategy.BACKOFF.newIdleStrategy());
        assertNotSame(WaitStrategy.BACKOFF.newIdleStrategy(), WaitStrategy.BACKOFF.newIdleStrategy());
    }
}
