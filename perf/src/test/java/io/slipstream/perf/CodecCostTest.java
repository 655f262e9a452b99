package io.slipstream.perf;

import io.slipstream.perf.core.HarnessException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CodecCostTest
{
    private static final List<String> CSV = List.of(
        "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\",\"Unit\",\"Param: message\"",
        "\"io.slipstream.perf.jmh.CodecBenchmark.decode\",\"avgt\",1,3,21.030780,1.25,\"ns/op\",Heartbeat",
        "\"io.slipstream.perf.jmh.CodecBenchmark.decode:gc.alloc.rate\",\"avgt\",1,3,5.599773,NaN,\"MB/sec\",Heartbeat",
        "\"io.slipstream.perf.jmh.CodecBenchmark.decode:gc.alloc.rate.norm\",\"avgt\",1,3,0.000115,NaN,\"B/op\"," +
            "Heartbeat",
        "\"io.slipstream.perf.jmh.CodecBenchmark.decode\",\"avgt\",1,3,20.411814,NaN,\"ns/op\",Trade",
        "\"io.slipstream.perf.jmh.CodecBenchmark.encode\",\"avgt\",1,3,16.856771,0.5,\"ns/op\",Heartbeat",
        "\"io.slipstream.perf.jmh.CodecBenchmark.encode:gc.alloc.rate.norm\",\"avgt\",1,3,24.0,NaN,\"B/op\",Heartbeat",
        "\"io.slipstream.perf.jmh.CodecBenchmark.dispatch\",\"avgt\",1,3,30.0,2.0,\"ns/op\",Trade");

    @Test
    void shouldTabulateEachMessageTypeWithTheLargestAllocation()
    {
        final List<String> lines = CodecCost.markdown(CSV).lines().toList();

        assertTrue(lines.get(0).startsWith("## Codec cost"), lines.get(0));
        assertEquals("| Heartbeat | 16.9 ± 0.5 | 21.0 ± 1.3 | - | 24.000 |", lines.get(4));
        assertEquals("| Trade | - | 20.4 | 30.0 ± 2.0 | - |", lines.get(5));
    }

    @Test
    void shouldFailWhenTheBenchmarkWroteNothing()
    {
        assertThrows(HarnessException.class, () -> CodecCost.markdown(List.of(CSV.get(0))));
    }
}
