package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One producer per ring across processes: a second one is refused while the first lives, naming its pid; once the
 * holder is killed (with a claim written but not committed) a new producer takes over after the last committed
 * record, and the consumer sees every message exactly once and never the torn claim.
 */
class ProducerExclusionTest extends RingDirectoryTest
{
    private static final int CAPACITY_BYTES = 64 * 1024;
    private static final int MAX_MESSAGE_LENGTH = 256;
    private static final int CONSUMER_SLOTS = 2;
    private static final long HOLDER_MESSAGES = 100;
    private static final long TAKEOVER_MESSAGES = 1_000;
    private static final long SEED = 0xE8C1_0511L;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private RingContext context()
    {
        return new RingContext().directory(directory).streamName("exclusive").capacityBytes(CAPACITY_BYTES)
            .maxMessageLengthBytes(MAX_MESSAGE_LENGTH).consumerSlots(CONSUMER_SLOTS).readyTimeoutNs(
                TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void shouldRefuseASecondProducerNamingTheHolderAndLetANewOneTakeOverWhenTheHolderDies() throws Exception
    {
        try (Subscription subscription = Subscription.open(context());
            ChildProcess holder = ChildProcess.start("holder", directory, ProducerHolderMain.class,
                directory.toString(), "exclusive", Integer.toString(CAPACITY_BYTES),
                Integer.toString(MAX_MESSAGE_LENGTH), Integer.toString(CONSUMER_SLOTS),
                Long.toString(HOLDER_MESSAGES), Long.toString(SEED)))
        {
            final String holding = holder.awaitLine("HOLDING", TIMEOUT);
            final long committed = Long.parseLong(holding.substring(holding.indexOf("committed=") + 10));

            final ProducerConflictException conflict = assertThrows(ProducerConflictException.class,
                () -> Publication.open(context()).close(), holder::describe);
            assertTrue(conflict.getMessage().contains("pid " + holder.pid()), conflict.getMessage());
            assertEquals(holder.pid(), conflict.holderPid());

            holder.process().destroyForcibly();
            assertTrue(holder.process().waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "holder not killed");

            final RingConsumerMain.Verifier verifier = new RingConsumerMain.Verifier(
                HOLDER_MESSAGES + TAKEOVER_MESSAGES, SEED, MAX_MESSAGE_LENGTH);
            try (Publication publication = Publication.open(context()))
            {
                assertEquals(committed, publication.position(), "the new producer must continue after the last " +
                    "committed record, writing over the dead producer's uncommitted claim");
                final UnsafeBuffer scratch = new UnsafeBuffer(ByteBuffer.allocateDirect(MAX_MESSAGE_LENGTH));
                assertTimeoutPreemptively(TIMEOUT, () ->
                {
                    for (long seq = HOLDER_MESSAGES; seq < HOLDER_MESSAGES + TAKEOVER_MESSAGES; seq++)
                    {
                        final long hash = Payloads.hash(SEED, seq);
                        final int length = Payloads.length(hash, MAX_MESSAGE_LENGTH);
                        Payloads.fill(scratch, 0, length, seq, hash);
                        while (publication.offer(scratch, 0, length, Payloads.typeId(hash)) ==
                            Publication.BACK_PRESSURED)
                        {
                            subscription.poll(verifier, 16);
                        }
                    }
                    while (verifier.received < HOLDER_MESSAGES + TAKEOVER_MESSAGES && verifier.failure == null)
                    {
                        subscription.poll(verifier, 16);
                    }
                });
            }
            assertNull(verifier.failure);
            assertEquals(0, subscription.poll(verifier, 16), "nothing after the last message");
            assertNull(verifier.failure);
            assertEquals(HOLDER_MESSAGES + TAKEOVER_MESSAGES, verifier.received);
            assertTrue(subscription.isEndOfStream());
        }
    }

    @Test
    void shouldRefuseASecondProducerInTheSameProcess()
    {
        try (Publication first = Publication.open(context()))
        {
            final ProducerConflictException conflict = assertThrows(ProducerConflictException.class,
                () -> Publication.open(context()).close());
            assertEquals(ProcessHandle.current().pid(), conflict.holderPid());
            assertTrue(conflict.getMessage().contains("(this process)"), conflict.getMessage());
        }
        Publication.open(context()).close();
    }
}
