package io.slipstream.perf.curves;

import io.slipstream.perf.core.Endpoint;
import io.slipstream.perf.core.HarnessException;
import io.slipstream.perf.core.Message;
import io.slipstream.perf.core.MessageSink;
import io.slipstream.perf.core.Verification;
import io.slipstream.perf.loop.InMemoryEndpoints;
import io.slipstream.perf.loop.LoopContext;
import io.slipstream.perf.loop.PongLoop;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A one-way curve point with the run's default, sampled check still fails on a lost or corrupted message: the curve's
 * sender ({@link IntervalThroughput}) against the harness's acknowledging pong ({@link PongLoop}), the two ends a
 * {@link CurveSenderMain} and a pong child run, over in-process rings with a fault on the way.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CurveLossDetectionTest
{
    private static final int LENGTH = 64;
    private static final long WARMUP = 100;
    private static final long MEASURED = 3_000;
    private static final long TOTAL = WARMUP + MEASURED;
    private static final long UNSAMPLED_SEQ = 500;
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);

    private enum Fault
    {
        NONE, DROP, CORRUPT
    }

    /**
     * What each end of a point ended with.
     *
     * @param pongError   what failed the pong, or null.
     * @param senderError what failed the sender, or null.
     * @param received    messages the pong received and checked.
     */
    private record Outcome(Throwable pongError, Throwable senderError, long received)
    {
    }

    @Test
    void shouldReceiveAndCheckEveryMessageOfASampledPointWhenNothingIsWrong() throws Exception
    {
        assertCompleted(run(Fault.NONE, UNSAMPLED_SEQ, Verification.SAMPLED));
    }

    @Test
    void shouldFailASampledPointOnASequenceGap() throws Exception
    {
        final Outcome outcome = run(Fault.DROP, UNSAMPLED_SEQ, Verification.SAMPLED);

        assertPongFailed(outcome, "expected message " + UNSAMPLED_SEQ + " but received " + (UNSAMPLED_SEQ + 1) +
            " (1 lost)");
        assertEquals(UNSAMPLED_SEQ, outcome.received());
    }

    @Test
    void shouldFailASampledPointOnACorruptedSampledMessage() throws Exception
    {
        final long sampledSeq = Verification.SAMPLE_INTERVAL;
        assertTrue(Verification.SAMPLED.checksums(sampledSeq));

        final Outcome outcome = run(Fault.CORRUPT, sampledSeq, Verification.SAMPLED);

        assertPongFailed(outcome, "message " + sampledSeq + " corrupted");
        assertEquals(sampledSeq, outcome.received());
    }

    @Test
    void shouldPassACorruptedUnsampledMessageOnlyWhenChecksumsAreSampled() throws Exception
    {
        // Sampling's price, stated: a byte corrupted between samples passes the default check...
        assertCompleted(run(Fault.CORRUPT, UNSAMPLED_SEQ, Verification.SAMPLED));

        // ...and fails the same point with --verify full.
        final Outcome full = run(Fault.CORRUPT, UNSAMPLED_SEQ, Verification.FULL);
        assertPongFailed(full, "message " + UNSAMPLED_SEQ + " corrupted");
    }

    private static void assertCompleted(final Outcome outcome)
    {
        assertNull(outcome.pongError());
        assertNull(outcome.senderError());
        assertEquals(TOTAL, outcome.received(), "every message received and checked");
    }

    private static void assertPongFailed(final Outcome outcome, final String expected)
    {
        assertInstanceOf(HarnessException.class, outcome.pongError());
        assertTrue(outcome.pongError().getMessage().contains(expected), outcome.pongError().getMessage());
        assertNotNull(outcome.senderError(), "the sender sees its peer die");
        assertTrue(outcome.senderError().getMessage().contains("peer died"), outcome.senderError().getMessage());
    }

    private static Outcome run(final Fault fault, final long faultySeq, final Verification verification)
        throws InterruptedException
    {
        final Endpoint[] endpoints = InMemoryEndpoints.pair();
        final AtomicReference<Throwable> pongError = new AtomicReference<>();
        final AtomicLong received = new AtomicLong();
        final PongLoop pongLoop = PongLoop.acknowledging(
            new LoopContext(endpoints[1], LENGTH, () -> true, TIMEOUT_NS, verification, false), WARMUP - 1, TOTAL - 1);
        final Thread pong = new Thread(() ->
        {
            try
            {
                pongLoop.run(TOTAL);
            }
            catch (final Throwable t)
            {
                pongError.set(t);
            }
            finally
            {
                received.set(pongLoop.echoed());
            }
        }, "acknowledging-pong");
        pong.start();
        Throwable senderError = null;
        try
        {
            new IntervalThroughput(new FaultyEndpoint(endpoints[0], fault, faultySeq), LENGTH, pong::isAlive,
                TIMEOUT_NS, verification).run(WARMUP, MEASURED);
        }
        catch (final HarnessException ex)
        {
            senderError = ex;
        }
        pong.join();
        return new Outcome(pongError.get(), senderError, received.get());
    }

    /**
     * The sender's side of the rings, dropping or corrupting (one filler byte) message {@code faultySeq} on its way.
     */
    private static final class FaultyEndpoint implements Endpoint
    {
        private final Endpoint delegate;
        private final Fault fault;
        private final long faultySeq;
        private final UnsafeBuffer copy = new UnsafeBuffer(new byte[LENGTH]);

        FaultyEndpoint(final Endpoint delegate, final Fault fault, final long faultySeq)
        {
            this.delegate = delegate;
            this.fault = fault;
            this.faultySeq = faultySeq;
        }

        @Override
        public boolean offer(final DirectBuffer buffer, final int offset, final int length)
        {
            if (fault == Fault.NONE || buffer.getLong(offset + Message.SEQ_OFFSET) != faultySeq)
            {
                return delegate.offer(buffer, offset, length);
            }
            if (fault == Fault.DROP)
            {
                return true;
            }
            copy.putBytes(0, buffer, offset, length);
            copy.putByte(LENGTH - 1, (byte)(copy.getByte(LENGTH - 1) + 1));
            return delegate.offer(copy, 0, length);
        }

        @Override
        public int poll(final MessageSink sink)
        {
            return delegate.poll(sink);
        }

        @Override
        public void close()
        {
            delegate.close();
        }
    }
}
