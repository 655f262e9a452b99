package io.slipstream.driver;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DriverContextTest
{
    private static final BridgeSpec BRIDGE = BridgeSpec.parse("ring:a -> aeron:udp?endpoint=h:1");

    @Test
    void shouldRefuseToConcludeWithoutBridgesOrWithBadValues()
    {
        assertThrows(IllegalArgumentException.class, () -> new DriverContext().conclude());
        assertThrows(IllegalArgumentException.class, () -> new DriverContext().bridge(BRIDGE).pollLimit(0).conclude());
        assertThrows(IllegalArgumentException.class, () -> new DriverContext().bridge(BRIDGE).mtuBytes(-1).conclude());
        assertThrows(IllegalArgumentException.class,
            () -> new DriverContext().bridge(BRIDGE).drainTimeoutMs(-1).conclude());
    }

    @Test
    void shouldTakeIdleStrategiesAsFactoriesWithBackoffByDefault()
    {
        final DriverContext context = new DriverContext().bridge(BRIDGE).conclude();
        assertInstanceOf(BackoffIdleStrategy.class, context.idleStrategy().get());
        assertInstanceOf(BackoffIdleStrategy.class, context.driverIdleStrategy().get());
        assertNotSame(context.idleStrategy().get(), context.idleStrategy().get(), "one instance per thread");

        context.idleStrategy(() -> new SleepingMillisIdleStrategy(1));
        assertInstanceOf(SleepingMillisIdleStrategy.class, context.idleStrategy().get());
        assertThrows(NullPointerException.class, () -> context.driverIdleStrategy(null));
    }

    @Test
    void shouldValidateAgainWhenConcludedAfterAChange()
    {
        final DriverContext context = new DriverContext().bridge(BRIDGE);
        assertSame(context, context.conclude());
        context.pollLimit(0);
        assertThrows(IllegalArgumentException.class, context::conclude);
    }
}
