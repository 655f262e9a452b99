package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Line-aligned records, whose producer zeroes the ring ahead of its tail after each commit instead of clearing the
 * next record's word before it: a producer thread and a consumer thread over a small ring, lapped hundreds of times
 * with messages of 0 to 200 bytes (small ones padded to their line, larger ones packed), some offered and some
 * claimed: every message arrives once, in order, intact. The small ring keeps the limit close, so zeroing ahead is
 * often cut short by it and made up before a later record.
 */
class LineAlignedRecordsTest
{
    private static final int CAPACITY = 4096;
    private static final int MAX_MESSAGE_LENGTH = 200;
    private static final long MESSAGES = 2_000_000;
    private static final long SEED = 0x11AE5L;

    private Path directory;

    @BeforeEach
    void setUp()
    {
        directory = TestRings.newDirectory();
    }

    @AfterEach
    void tearDown()
    {
        TestRings.delete(directory);
    }

    @Test
    void shouldDeliverEveryMessageOnceInOrderAcrossThreads() throws Exception
    {
        final RingContext context = TestRings.context(directory, "lines", CAPACITY)
            .maxMessageLengthBytes(MAX_MESSAGE_LENGTH).lineAlignedRecords(true);
        final SequenceVerifier verifier = new SequenceVerifier(SEED, MAX_MESSAGE_LENGTH);
        final AtomicReference<Throwable> producerFailure = new AtomicReference<>();
        try (Subscription subscription = Subscription.open(context.copy());
            Publication publication = Publication.open(context.copy()))
        {
            final Thread producer = Thread.ofPlatform().name("producer").start(() ->
            {
                try
                {
                    produce(publication);
                }
                catch (final Throwable t)
                {
                    producerFailure.set(t);
                }
            });
            final long deadlineNs = System.nanoTime() + 120_000_000_000L;
            while (verifier.received < MESSAGES && verifier.failure == null && producerFailure.get() == null)
            {
                TestRings.failIfHung(deadlineNs, "received " + verifier.received + " of " + MESSAGES);
                if (subscription.poll(verifier, 64) == 0)
                {
                    Thread.onSpinWait();
                }
            }
            producer.join();
            assertNull(producerFailure.get());
            assertNull(verifier.failure);
            assertEquals(MESSAGES, verifier.received);
        }
    }

    private static void produce(final Publication publication)
    {
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[MAX_MESSAGE_LENGTH]);
        final RecordClaim claim = new RecordClaim();
        final long deadlineNs = System.nanoTime() + 120_000_000_000L;
        for (long seq = 0; seq < MESSAGES; seq++)
        {
            final long hash = Payloads.hash(SEED, seq);
            final int length = Payloads.length(hash, MAX_MESSAGE_LENGTH);
            final int typeId = Payloads.typeId(hash);
            if (Payloads.useClaim(hash))
            {
                while (publication.tryClaim(length, typeId, claim) < 0)
                {
                    TestRings.failIfHung(deadlineNs, "producer stuck at " + seq);
                    Thread.onSpinWait();
                }
                Payloads.fill(claim.buffer(), 0, length, seq, hash);
                claim.commit();
            }
            else
            {
                Payloads.fill(scratch, 0, length, seq, hash);
                while (publication.offer(scratch, 0, length, typeId) < 0)
                {
                    TestRings.failIfHung(deadlineNs, "producer stuck at " + seq);
                    Thread.onSpinWait();
                }
            }
        }
    }
}
