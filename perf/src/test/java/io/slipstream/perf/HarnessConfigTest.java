package io.slipstream.perf;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HarnessConfigTest
{
    @Test
    void shouldRotateTheTransportOrderByOneEachRound()
    {
        final HarnessConfig config = new HarnessConfig(List.of("a", "b", "c"), 1, 1, 4, 32);

        assertEquals(List.of("a", "b", "c"), config.transportsInRound(1));
        assertEquals(List.of("b", "c", "a"), config.transportsInRound(2));
        assertEquals(List.of("c", "a", "b"), config.transportsInRound(3));
        assertEquals(List.of("a", "b", "c"), config.transportsInRound(4));
        assertEquals(List.of("x"), HarnessConfig.rotate(List.of("x"), 7));
        assertThrows(IllegalArgumentException.class, () -> config.transportsInRound(0));
    }
}
