package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A consumer that is alive but stopped (SIGSTOP) holds the producer back for ever by default (the control); with
 * an eviction timeout the producer evicts it once it has held the producer back without moving for that long, and
 * the consumer's next poll, when it runs again, reports the eviction instead of reading on.
 */
class EvictionTest
{
    private static final String STREAM = "evict";
    private static final int CAPACITY = 64 * 1024;
    private static final int MAX_MESSAGE_LENGTH = 256;
    private static final long SEED = 0xE71C7L;
    private static final long BEFORE_STOP = 2000;
    private static final long EVICTION_TIMEOUT_NS = TimeUnit.MILLISECONDS.toNanos(300);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Path directory;
    private UnsafeBuffer scratch;
    private long sent;

    @BeforeEach
    void setUp()
    {
        directory = TestRings.newDirectory();
        scratch = new UnsafeBuffer(new byte[MAX_MESSAGE_LENGTH]);
    }

    @AfterEach
    void tearDown()
    {
        TestRings.delete(directory);
    }

    private RingContext context()
    {
        return TestRings.context(directory, STREAM, CAPACITY).maxMessageLengthBytes(MAX_MESSAGE_LENGTH);
    }

    @Test
    void shouldEvictAStoppedConsumerAfterTheTimeoutAndReportItOnItsNextPoll() throws Exception
    {
        try (Publication publication = Publication.open(context().consumerEvictionTimeoutNs(EVICTION_TIMEOUT_NS));
            Subscription keeper = Subscription.open(context());
            ChildProcess consumer = ChildProcess.start("consumer", directory, EvictableConsumerMain.class,
                directory.toString(), STREAM, Integer.toString(CAPACITY), Integer.toString(MAX_MESSAGE_LENGTH),
                Long.toString(SEED)))
        {
            consumer.awaitLine("READY", TIMEOUT);
            final SequenceVerifier keeperVerifier = new SequenceVerifier(SEED, MAX_MESSAGE_LENGTH);
            sendKeepingUp(publication, keeper, keeperVerifier, BEFORE_STOP);
            signal("STOP", consumer);
            final long deadlineNs = System.nanoTime() + TIMEOUT.toNanos();
            while (publication.evictedConsumers() == 0)
            {
                TestRings.failIfHung(deadlineNs, "the stopped consumer was never evicted");
                offerOne(publication);
                keeper.poll(keeperVerifier, 64);
            }
            final long sentAtEviction = sent;
            sendKeepingUp(publication, keeper, keeperVerifier, sent + 2L * CAPACITY / 64);
            assertEquals(1, publication.evictedConsumers());
            assertEquals(0, publication.releasedConsumers(), "the stopped consumer is alive, not dead");
            signal("CONT", consumer);
            final String line = consumer.awaitLine("", TIMEOUT);
            assertTrue(line.startsWith("EVICTED received=") && line.endsWith("isEvicted=true"), line);
            final long received = Long.parseLong(line.substring("EVICTED received=".length(),
                line.indexOf(' ', "EVICTED received=".length())));
            assertTrue(received >= BEFORE_STOP / 2 && received < sentAtEviction, line + ", sent " + sentAtEviction);
            assertEquals(0, consumer.awaitExit(TIMEOUT));
            assertNull(keeperVerifier.failure);
            assertEquals(sent, keeperVerifier.received, "the keeper lost nothing");
        }
    }

    @Test
    void shouldKeepAStoppedConsumerHoldingTheProducerWhenEvictionIsOff() throws Exception
    {
        try (Subscription keeper = Subscription.open(context());
            ChildProcess consumer = ChildProcess.start("consumer", directory, EvictableConsumerMain.class,
                directory.toString(), STREAM, Integer.toString(CAPACITY), Integer.toString(MAX_MESSAGE_LENGTH),
                Long.toString(SEED)))
        {
            consumer.awaitLine("READY", TIMEOUT);
            final SequenceVerifier keeperVerifier = new SequenceVerifier(SEED, MAX_MESSAGE_LENGTH);
            try (Publication publication = Publication.open(context()))
            {
                sendKeepingUp(publication, keeper, keeperVerifier, BEFORE_STOP);
                signal("STOP", consumer);
                final long untilNs = System.nanoTime() + 10 * Math.max(EVICTION_TIMEOUT_NS,
                    Publication.CONSUMER_CHECK_INTERVAL_NS);
                while (System.nanoTime() < untilNs)
                {
                    offerOne(publication);
                    keeper.poll(keeperVerifier, 64);
                }
                final long sentWhileStopped = sent;
                assertEquals(Publication.BACK_PRESSURED, publication.offer(next(), 0, lengthOf(sent), typeOf(sent)),
                    "the stopped consumer holds the producer");
                assertEquals(0, publication.evictedConsumers());
                assertEquals(0, publication.releasedConsumers());
                signal("CONT", consumer);
                sendKeepingUp(publication, keeper, keeperVerifier, sentWhileStopped + 1000);
            }
            assertEquals("END received=" + sent, consumer.awaitLine("", TIMEOUT));
            assertEquals(0, consumer.awaitExit(TIMEOUT));
            while (keeper.poll(keeperVerifier, 1000) > 0)
            {
                // drain
            }
            assertNull(keeperVerifier.failure);
            assertEquals(sent, keeperVerifier.received);
        }
    }

    /**
     * The consumer is evicted and lapped while its handler runs (here the handler itself drives the producer, and a
     * second consumer keeps up so that the producer may lap): the rest of that poll reads bytes the producer wrote
     * over its records. The poll reports the eviction, not a corrupt file; with the eviction check removed from the
     * corrupt-record path it threw RingFileException.
     */
    @Test
    void shouldReportEvictionNotCorruptionWhenLappedDuringAPoll()
    {
        final int smallPayload = 24;
        final int largePayload = MAX_MESSAGE_LENGTH - RecordDescriptor.HEADER_LENGTH;
        final UnsafeBuffer small = new UnsafeBuffer(new byte[smallPayload]);
        final UnsafeBuffer large = new UnsafeBuffer(new byte[largePayload]);
        large.setMemory(0, largePayload, (byte)0x7F);
        try (Publication publication = Publication.open(context().consumerEvictionTimeoutNs(1));
            Subscription subscription = Subscription.open(context());
            Subscription keeper = Subscription.open(context()))
        {
            final RecordHandler discard = (typeId, buffer, offset, length) ->
            {
            };
            for (int i = 0; i < 100; i++)
            {
                assertTrue(publication.offer(small, 0, smallPayload, 1) > 0);
            }
            final long[] handled = new long[1];
            final RecordHandler lapper = (typeId, buffer, offset, length) ->
            {
                handled[0]++;
                final long deadlineNs = System.nanoTime() + TIMEOUT.toNanos();
                long written = 0;
                while (publication.evictedConsumers() == 0 || written < 2L * CAPACITY / MAX_MESSAGE_LENGTH)
                {
                    TestRings.failIfHung(deadlineNs, "the consumer was never evicted and lapped: evicted " +
                        publication.evictedConsumers() + ", released " + publication.releasedConsumers() +
                        ", written " + written);
                    if (publication.offer(large, 0, largePayload, 2) > 0 && publication.evictedConsumers() > 0)
                    {
                        written++;
                    }
                    keeper.poll(discard, 64);
                }
            };
            assertThrows(ConsumerEvictedException.class, () -> subscription.poll(lapper, 100));
            assertEquals(1, handled[0], "the records after the first were overwritten: none is handed over");
            assertEquals(1, publication.evictedConsumers());
            assertTrue(subscription.isEvicted());
        }
    }

    private void sendKeepingUp(final Publication publication, final Subscription keeper,
        final SequenceVerifier verifier, final long target)
    {
        final long deadlineNs = System.nanoTime() + TIMEOUT.toNanos();
        while (sent < target)
        {
            TestRings.failIfHung(deadlineNs, "producer stuck at " + sent + " of " + target);
            offerOne(publication);
            keeper.poll(verifier, 64);
        }
    }

    private void offerOne(final Publication publication)
    {
        if (publication.offer(next(), 0, lengthOf(sent), typeOf(sent)) > 0)
        {
            sent++;
        }
    }

    private UnsafeBuffer next()
    {
        final long hash = Payloads.hash(SEED, sent);
        Payloads.fill(scratch, 0, Payloads.length(hash, MAX_MESSAGE_LENGTH), sent, hash);
        return scratch;
    }

    private static int lengthOf(final long seq)
    {
        return Payloads.length(Payloads.hash(SEED, seq), MAX_MESSAGE_LENGTH);
    }

    private static int typeOf(final long seq)
    {
        return Payloads.typeId(Payloads.hash(SEED, seq));
    }

    private static void signal(final String signal, final ChildProcess child) throws Exception
    {
        final Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
    }
}
