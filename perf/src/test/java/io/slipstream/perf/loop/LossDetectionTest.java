package io.slipstream.perf.loop;

import io.slipstream.perf.core.Endpoint;
import io.slipstream.perf.core.HarnessException;
import io.slipstream.perf.core.Message;
import io.slipstream.perf.core.Verification;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run over a faulty peer must fail loudly, never report figures.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LossDetectionTest
{
    private static final int LENGTH = 32;
    private static final long FAULTY_SEQ = 100;
    private static final long SHORT_TIMEOUT_NS = TimeUnit.MILLISECONDS.toNanos(300);
    private static final long LONG_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);

    private enum Fault
    {
        NONE, DROP, CORRUPT, RESEQUENCE, DUPLICATE
    }

    @Test
    void shouldDetectADroppedMessageBySequenceWhenChecksumsAreSampled()
    {
        final HarnessException ex = assertThrows(HarnessException.class,
            () -> runAgainst(Fault.DROP, FAULTY_SEQ, Verification.SAMPLED, 10, 2_000));

        assertTrue(ex.getMessage().contains("echo of message " + FAULTY_SEQ), ex.getMessage());
        assertTrue(ex.getMessage().contains("lost"), ex.getMessage());
    }

    @Test
    void shouldDetectADuplicatedMessageBySequenceWhenChecksumsAreSampled()
    {
        final HarnessException ex = assertThrows(HarnessException.class,
            () -> runAgainst(Fault.DUPLICATE, FAULTY_SEQ, Verification.SAMPLED, 10, 2_000));

        assertTrue(ex.getMessage().contains(
            "expected message " + (FAULTY_SEQ + 1) + " but received " + FAULTY_SEQ + " (duplicate or reordered)"),
            ex.getMessage());
    }

    @Test
    void shouldDetectAMessageCarryingTheWrongSequenceWhenChecksumsAreSampled()
    {
        final HarnessException ex = assertThrows(HarnessException.class,
            () -> runAgainst(Fault.RESEQUENCE, FAULTY_SEQ, Verification.SAMPLED, 10, 2_000));

        assertTrue(ex.getMessage().contains("expected message " + FAULTY_SEQ + " but received " + (FAULTY_SEQ + 1)),
            ex.getMessage());
    }

    @Test
    void shouldDetectACorruptedSampledMessageByItsChecksum()
    {
        final long sampledSeq = Verification.SAMPLE_INTERVAL;
        final HarnessException ex = assertThrows(HarnessException.class,
            () -> runAgainst(Fault.CORRUPT, sampledSeq, Verification.SAMPLED, 10, 2_000));

        assertTrue(ex.getMessage().contains("message " + sampledSeq + " corrupted"), ex.getMessage());
    }

    @Test
    void shouldDetectACorruptedUnsampledMessageOnlyWhenEveryChecksumIsChecked() throws Exception
    {
        // Sampling's price, stated: a corrupted byte in a message between samples passes a sampled run...
        final Histogram sampled = runAgainst(Fault.CORRUPT, FAULTY_SEQ, Verification.SAMPLED, 10, 2_000);
        assertEquals(2_000, sampled.getTotalCount());

        // ...and fails the same run with --verify full.
        final HarnessException ex = assertThrows(HarnessException.class,
            () -> runAgainst(Fault.CORRUPT, FAULTY_SEQ, Verification.FULL, 10, 2_000));
        assertTrue(ex.getMessage().contains("message " + FAULTY_SEQ + " corrupted"), ex.getMessage());
    }

    @Test
    void shouldCompleteEveryRoundTripWithSampledChecksumsWhenNothingIsWrong() throws Exception
    {
        final Histogram histogram = runAgainst(Fault.NONE, FAULTY_SEQ, Verification.SAMPLED, 500, 3_000);

        assertEquals(3_000, histogram.getTotalCount());
    }

    @Test
    void shouldCompleteAndRecordEveryMeasuredRoundTripWhenNothingIsWrong() throws Exception
    {
        final Histogram histogram = runAgainst(Fault.NONE, 500, 1_000);

        assertEquals(1_000, histogram.getTotalCount());
    }

    @Test
    void shouldFailWhenAMessageIsDropped()
    {
        final HarnessException ex = assertThrows(HarnessException.class, () -> runAgainst(Fault.DROP, 10, 1_000));

        assertTrue(ex.getMessage().contains("echo of message " + FAULTY_SEQ), ex.getMessage());
        assertTrue(ex.getMessage().contains("lost"), ex.getMessage());
    }

    @Test
    void shouldFailWhenAMessageIsCorrupted()
    {
        final HarnessException ex =
            assertThrows(HarnessException.class, () -> runAgainst(Fault.CORRUPT, 10, 1_000));

        assertTrue(ex.getMessage().contains("message " + FAULTY_SEQ + " corrupted"), ex.getMessage());
    }

    @Test
    void shouldFailWhenAnEchoCarriesTheWrongSequence()
    {
        final HarnessException ex =
            assertThrows(HarnessException.class, () -> runAgainst(Fault.RESEQUENCE, 10, 1_000));

        assertTrue(ex.getMessage().contains("expected message " + FAULTY_SEQ + " but received " + (FAULTY_SEQ + 1)),
            ex.getMessage());
    }

    @Test
    void shouldFailInThePongWhenAMessageIsSkipped()
    {
        final Endpoint[] endpoints = InMemoryEndpoints.pair();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[LENGTH]);
        for (final long seq : new long[] {0, 1, 3})
        {
            Message.encode(buffer, 0, LENGTH, seq);
            endpoints[0].offer(buffer, 0, LENGTH);
        }
        final PongLoop pong = new PongLoop(LoopContext.checked(endpoints[1], LENGTH, () -> true, LONG_TIMEOUT_NS));

        final HarnessException ex = assertThrows(HarnessException.class, () -> pong.run(4));
        assertTrue(ex.getMessage().contains("expected message 2 but received 3 (1 lost)"), ex.getMessage());
        assertEquals(2, pong.echoed());
    }

    private static Histogram runAgainst(final Fault fault, final long warmup, final long measured) throws Exception
    {
        return runAgainst(fault, FAULTY_SEQ, Verification.FULL, warmup, measured);
    }

    private static Histogram runAgainst(
        final Fault fault,
        final long faultySeq,
        final Verification verification,
        final long warmup,
        final long measured) throws Exception
    {
        final Endpoint[] endpoints = InMemoryEndpoints.pair();
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicReference<Throwable> pongError = new AtomicReference<>();
        final Thread pong =
            new Thread(() -> faultyEcho(endpoints[1], fault, faultySeq, stop, pongError), "faulty-pong");
        pong.start();
        try
        {
            final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            // Only a dropped message needs the timeout to be detected; elsewhere a long one keeps a slow host honest.
            final long timeoutNs = fault == Fault.DROP ? SHORT_TIMEOUT_NS : LONG_TIMEOUT_NS;
            new PingLoop(new LoopContext(endpoints[0], LENGTH, () -> true, timeoutNs, verification, false))
                .run(warmup, measured, histogram);
            return histogram;
        }
        finally
        {
            stop.set(true);
            pong.join();
            if (pongError.get() != null)
            {
                throw new AssertionError("pong failed", pongError.get());
            }
        }
    }

    private static void faultyEcho(
        final Endpoint endpoint,
        final Fault fault,
        final long faultySeq,
        final AtomicBoolean stop,
        final AtomicReference<Throwable> error)
    {
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[LENGTH]);
        try
        {
            while (!stop.get())
            {
                endpoint.poll((buffer, offset, length) ->
                {
                    copy.putBytes(0, buffer, offset, length);
                    final long seq = copy.getLong(Message.SEQ_OFFSET);
                    if (seq == faultySeq)
                    {
                        switch (fault)
                        {
                            case DROP ->
                            {
                                return;
                            }
                            case DUPLICATE ->
                            {
                                while (!endpoint.offer(copy, 0, length))
                                {
                                    Thread.onSpinWait();
                                }
                            }
                            case CORRUPT -> copy.putByte(LENGTH - 1, (byte)(copy.getByte(LENGTH - 1) + 1));
                            case RESEQUENCE -> Message.encode(copy, 0, LENGTH, seq + 1);
                            default ->
                            {
                                // NONE: echoed unchanged
                            }
                        }
                    }
                    while (!endpoint.offer(copy, 0, length))
                    {
                        Thread.onSpinWait();
                    }
                });
                Thread.onSpinWait();
            }
        }
        catch (final Throwable t)
        {
            error.set(t);
        }
    }
}
