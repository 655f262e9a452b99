package io.slipstream.perf;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MachineDescriptionTest
{
    @Test
    void shouldDescribeEveryAspectOfTheMachineAndTheCodeMeasured()
    {
        final Map<String, String> facts = MachineDescription.collect(PerfCommand.repositoryRoot());

        assertEquals(List.of("CPU model", "CPU topology", "kernel", "virtualisation", "clocksource",
            "transparent huge pages", "/dev/shm", "JDK", "peers", "git commit"), List.copyOf(facts.keySet()));
        assertFalse(facts.get("CPU model").equals(MachineDescription.UNKNOWN), facts.toString());
        assertTrue(facts.get("CPU topology").contains("CPU(s)"), facts.toString());
        assertFalse(facts.get("clocksource").equals(MachineDescription.UNKNOWN), facts.toString());
        assertTrue(facts.get("transparent huge pages").contains("["), facts.toString());
        assertTrue(facts.get("JDK").contains(System.getProperty("java.runtime.version")), facts.toString());
        assertTrue(facts.get("git commit").matches("[0-9a-f]{40} \\((clean|with uncommitted changes)\\)"),
            facts.toString());
    }

    @Test
    void shouldNameEveryPeersVersion()
    {
        final String peers = MachineDescription.peers();

        assertTrue(peers.matches("Slipstream \\S+, Aeron 1\\.\\d+\\.\\d+, Agrona \\d+\\.\\d+\\.\\d+, " +
            "Chronicle Queue 20\\d\\d\\.\\d+, HdrHistogram \\d+\\.\\d+\\.\\d+"), peers);
    }

    @Test
    void shouldWriteTheFactsAsAMarkdownSection()
    {
        final String markdown = MachineDescription.markdown(
            new java.util.LinkedHashMap<>(Map.of("kernel", "6.18.0 (amd64)")));

        assertEquals("## Machine\n\n- kernel: 6.18.0 (amd64)\n\n", markdown);
    }
}
