package io.slipstream.engine;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Producer and consumer in two JVMs hand over messages with random pauses while the consumer sleeps on the futex
 * whenever it finds nothing: a lost wake-up shows as a sleep that runs to its timeout with a message waiting. The
 * correct protocol must lose none; each deliberately broken variant must be caught (negative controls).
 */
class FutexLostWakeupTest extends RingDirectoryTest
{
    private static final Pattern RESULT = Pattern.compile(
        "RESULT received=(\\d+) sleeps=(\\d+) lost=(\\d+) late=(\\d+)");
    private static final long TIMEOUT_MS = 20;

    @Test
    void shouldLoseNoWakeUpAcrossAMillionHandoffs() throws Exception
    {
        final long[] result = run(WakeVariant.CORRECT, 1_000_000, false, 600);
        System.out.println("futex handoffs: received=" + result[0] + " sleeps=" + result[1] + " lost=" + result[2] +
            " late (within the 50 us bound)=" + result[3]);
        assertEquals(1_000_000, result[0]);
        assertTrue(result[1] > 10_000, "the consumer slept often enough to test the protocol: " + result[1]);
        assertEquals(0, result[2], "lost wake-ups");
    }

    @Test
    @Tag("slow")
    void shouldLoseNoWakeUpAcrossTenMillionHandoffs() throws Exception
    {
        final long[] result = run(WakeVariant.CORRECT, 10_000_000, false, 3600);
        assertEquals(10_000_000, result[0]);
        assertEquals(0, result[2], "lost wake-ups");
    }

    @ParameterizedTest
    @EnumSource(value = WakeVariant.class, names = {"SEQ_AFTER_RECHECK", "NO_RECHECK"})
    void shouldCatchBrokenProtocol(final WakeVariant broken) throws Exception
    {
        final long[] result = run(broken, 2_000_000, true, 600);
        System.out.println(broken + ": first lost wake-up after " + result[0] + " handoffs");
        assertTrue(result[2] > 0, broken + " lost no wake-up in " + result[0] + " handoffs: the test cannot see it");
    }

    /**
     * A consumer whose process cannot issue the barrier (here: turned off by its system property) against a producer
     * that commits with release stores: its first sleep is bounded, so a commit racing its registration is seen at
     * the latest after {@link DataWakeProtocol#BOUNDED_FIRST_SLEEP_NS}, and no sleep runs to its timeout with data.
     * The late ones are counted, not asserted: how many races a run meets depends on the host.
     */
    @Test
    void shouldLoseNoWakeUpWhenTheConsumerCannotIssueTheBarrier() throws Exception
    {
        final long[] result = run(WakeVariant.CORRECT, 300_000, false, 600,
            List.of("-D" + Membarrier.PROPERTY + "=false"));
        System.out.println("no-barrier handoffs: received=" + result[0] + " sleeps=" + result[1] + " lost=" +
            result[2] + " late (within the 50 us bound)=" + result[3]);
        assertEquals(300_000, result[0]);
        assertTrue(result[1] > 3_000, "the consumer slept often enough to test the protocol: " + result[1]);
        assertEquals(0, result[2], "lost wake-ups");
    }

    private long[] run(final WakeVariant protocol, final long messages, final boolean stopAtFirstLoss,
        final long limitSeconds) throws Exception
    {
        return run(protocol, messages, stopAtFirstLoss, limitSeconds, List.of());
    }

    private long[] run(final WakeVariant protocol, final long messages, final boolean stopAtFirstLoss,
        final long limitSeconds, final List<String> consumerJvmArgs) throws Exception
    {
        try (ChildProcess consumer = ChildProcess.start("consumer", directory, consumerJvmArgs,
            FutexHandoffMain.class, "consume", directory.toString(), Long.toString(messages),
            Long.toString(TIMEOUT_MS), Boolean.toString(stopAtFirstLoss), protocol.name()))
        {
            consumer.awaitLine("READY", Duration.ofSeconds(60));
            try (ChildProcess producer = ChildProcess.start("producer", directory, FutexHandoffMain.class,
                "produce", directory.toString(), Long.toString(messages), "42", protocol.name()))
            {
                final String line = consumer.awaitLine("RESULT", Duration.ofSeconds(limitSeconds));
                final Matcher matcher = RESULT.matcher(line);
                assertTrue(matcher.find(), line + consumer.describe() + producer.describe());
                return new long[]{Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)),
                    Long.parseLong(matcher.group(3)), Long.parseLong(matcher.group(4))};
            }
        }
    }
}
