package io.slipstream.perf.loop;

import io.slipstream.perf.core.Endpoint;
import io.slipstream.perf.core.HarnessException;
import io.slipstream.perf.core.Verification;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The one-way sender and its acknowledging receiver agree on the chunks the warm-up goes in: the receiver echoes the
 * last message of each chunk and the last message, the sender waits for each, and every message is checked once.
 */
class ThroughputPingTest
{
    private static final int LENGTH = 32;
    private static final long WARMUP = 1_000;
    private static final long MEASURED = 5_000;
    private static final long LONG_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);
    private static final long SHORT_TIMEOUT_NS = TimeUnit.MILLISECONDS.toNanos(500);

    @Test
    void shouldAcknowledgeEachWarmupChunkAndTheLastMessage() throws Exception
    {
        final PongLoop pong = run(ThroughputPing.warmupChunk(WARMUP), LONG_TIMEOUT_NS);

        assertEquals(WARMUP + MEASURED, pong.echoed(), "every message received and checked");
        assertEquals(ThroughputPing.WARMUP_CHUNKS + 1, pong.acknowledged(), "each warm-up chunk, then the last");
    }

    @Test
    void shouldAcknowledgeAWarmupThatDoesNotDivideIntoWholeChunks() throws Exception
    {
        assertEquals(100, ThroughputPing.warmupChunk(1_005));
        assertEquals(1, ThroughputPing.warmupChunk(3), "never an empty chunk");
        final PongLoop pong = run(1_005, 3, ThroughputPing.warmupChunk(1_005), LONG_TIMEOUT_NS);

        assertEquals(1_008, pong.echoed());
        assertEquals(11 + 1, pong.acknowledged(), "ten chunks of 100, one of 5, then the last message");
    }

    @Test
    void shouldStallASenderWhoseReceiverDoesNotAcknowledgeTheChunks()
    {
        // Control: a receiver that acknowledges only the warm-up's last message leaves the sender waiting for the
        // first chunk's acknowledgement until its timeout.
        final HarnessException ex = assertThrows(HarnessException.class, () -> run(0, SHORT_TIMEOUT_NS));
        assertTrue(ex.getMessage().contains("acknowledgement of message " + (ThroughputPing.warmupChunk(WARMUP) - 1)),
            ex.getMessage());
    }

    private static PongLoop run(final long receiverChunk, final long timeoutNs) throws Exception
    {
        return run(WARMUP, MEASURED, receiverChunk, timeoutNs);
    }

    private static PongLoop run(final long warmup, final long measured, final long receiverChunk,
        final long timeoutNs) throws Exception
    {
        final Endpoint[] endpoints = InMemoryEndpoints.pair(1024);
        final AtomicReference<Throwable> pongError = new AtomicReference<>();
        final AtomicBoolean senderDone = new AtomicBoolean();
        final PongLoop pong = PongLoop.acknowledging(
            new LoopContext(endpoints[1], LENGTH, () -> !senderDone.get(), LONG_TIMEOUT_NS, Verification.FULL, false),
            warmup - 1, warmup + measured - 1, receiverChunk);
        final Thread receiver = Thread.ofPlatform().daemon().name("acknowledging-pong").start(() ->
        {
            try
            {
                pong.run(warmup + measured);
            }
            catch (final Throwable t)
            {
                pongError.set(t);
            }
        });
        final double rate;
        try
        {
            rate = new ThroughputPing(
                new LoopContext(endpoints[0], LENGTH, receiver::isAlive, timeoutNs, Verification.FULL, false))
                .run(warmup, measured);
        }
        finally
        {
            senderDone.set(true); // a receiver still waiting sees its peer gone and stops
            receiver.join(TimeUnit.NANOSECONDS.toMillis(LONG_TIMEOUT_NS));
        }
        assertNull(pongError.get());
        assertTrue(rate > 0);
        return pong;
    }
}
