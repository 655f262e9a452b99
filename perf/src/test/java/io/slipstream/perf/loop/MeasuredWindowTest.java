package io.slipstream.perf.loop;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MeasuredWindowTest
{
    @Test
    void shouldCarryTheCountsOfEveryRoleInTheMeasurementLine()
    {
        final java.util.Map<String, ProcessStats> counts = new java.util.LinkedHashMap<>();
        counts.put("ping", new ProcessStats(12, 0, 3, 4, "0-1", 1));
        counts.put("pong", new ProcessStats(7, 1, 0, 9, "0,1", 0));
        final Measurement measurement =
            new Measurement(new org.HdrHistogram.Histogram(3), null, 1.5e6, counts);

        final Measurement decoded = Measurement.decode(measurement.encode());

        assertEquals(counts, decoded.processes());
        assertEquals(List.of("ping", "pong"), List.copyOf(decoded.processes().keySet()));
        assertEquals(1.5e6, decoded.messagesPerSecond(), 0.0);
        assertEquals(java.util.Map.of("ping", 0L, "pong", 42L, "driver", 43L),
            MeasuredWindow.decodePids(MeasuredWindow.encodePids(java.util.Map.of("ping", 0L, "pong", 42L,
                "driver", 43L))));
    }
}
