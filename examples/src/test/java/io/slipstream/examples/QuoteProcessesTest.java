package io.slipstream.examples;

import io.slipstream.test.ChildJvm;
import io.slipstream.test.RingDirectoryExtension;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's programs as their users run them: each in its own JVM with the JVM flags, over a fresh ring directory.
 * Counts are exact: every quote arrives once and in order.
 */
class QuoteProcessesTest
{
    private static final long QUOTES = 200_000;
    /** Hang guard only, not a timing check. */
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @RegisterExtension
    final RingDirectoryExtension rings = new RingDirectoryExtension();

    @Test
    void shouldPrintTheQuoteThroughOneRingInOneProgram() throws Exception
    {
        try (ChildJvm quotes = ChildJvm.builder("quotes", Quotes.class).logDirectory(rings.path())
            .args(rings.path().toString()).start())
        {
            quotes.awaitSuccess(TIMEOUT);
            assertEquals(List.of("42"), quotes.stdout(), quotes.describe());
        }
    }

    @Test
    void shouldCarryEveryQuoteFromTheProducerProcessToTheConsumerProcess() throws Exception
    {
        try (ChildJvm consumer = ChildJvm.builder("consumer", QuoteConsumer.class).logDirectory(rings.path())
            .args(rings.path().toString()).start())
        {
            consumer.awaitLine("joined", TIMEOUT);
            try (ChildJvm producer = ChildJvm.builder("producer", QuoteProducer.class).logDirectory(rings.path())
                .args(rings.path().toString(), Long.toString(QUOTES)).start())
            {
                producer.awaitSuccess(TIMEOUT);
                assertEquals(List.of("sent " + QUOTES + " quotes"), producer.stdout(), producer.describe());
            }
            consumer.awaitSuccess(TIMEOUT);
            final long sum = QUOTES * (QUOTES - 1) / 2;
            assertEquals(List.of("joined", "received " + QUOTES + " quotes, 0 out of order, sum " + sum),
                consumer.stdout(), consumer.describe());
        }
    }

    @Test
    void shouldStopWithOneClearMessageWithoutTheJvmFlags() throws Exception
    {
        try (ChildJvm consumer = ChildJvm.builder("no-flags", QuoteConsumer.class).logDirectory(rings.path())
            .withoutRequiredFlags().args(rings.path().toString()).start())
        {
            assertEquals(1, consumer.awaitExit(TIMEOUT), consumer.describe());
            assertTrue(consumer.describe().contains("Slipstream needs the JVM flags --add-exports"),
                consumer.describe());
            assertFalse(Files.exists(rings.path().resolve("quotes.ring")), "no ring file without the flags");
        }
    }

    @Test
    void shouldCountAQuoteThatIsRepeatedOrMissing()
    {
        // Negative control of the consumer's check: a repeat and a gap are both seen.
        final QuoteConsumer.QuoteCounter counter = new QuoteConsumer.QuoteCounter();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8]);
        for (final long quote : new long[]{0, 1, 1, 3})
        {
            buffer.putLong(0, quote);
            counter.onMessage(QuoteProducer.QUOTE_TYPE_ID, buffer, 0, 8);
        }
        assertEquals("received 4 quotes, 2 out of order, sum 5", counter.toString());
    }
}
