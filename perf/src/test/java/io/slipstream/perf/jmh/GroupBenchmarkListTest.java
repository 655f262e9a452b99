package io.slipstream.perf.jmh;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupBenchmarkListTest
{
    /** Where JMH's annotation processor writes the list the benchmark jar runs from. */
    private static final String BENCHMARK_LIST = "META-INF/BenchmarkList";

    @Test
    void shouldListTheTwoThreadOfferPollGroupOfEachPeer() throws IOException
    {
        final String list = readBenchmarkList();
        for (final Class<?> benchmark : List.of(
            SlipstreamRingGroupBenchmark.class, AgronaRingGroupBenchmark.class, AeronIpcGroupBenchmark.class))
        {
            final String generated = "jmh_generated." + benchmark.getSimpleName() + "_offerPoll_jmhTest";
            assertTrue(list.contains(generated), benchmark.getSimpleName() + " has no offerPoll group in the list");
        }
    }

    private static String readBenchmarkList() throws IOException
    {
        try (InputStream in = GroupBenchmarkListTest.class.getClassLoader().getResourceAsStream(BENCHMARK_LIST))
        {
            assertNotNull(in, BENCHMARK_LIST + " missing: the JMH annotation processor did not run");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
