package io.slipstream.perf.curves;

import io.slipstream.perf.core.Endpoint;
import io.slipstream.perf.core.HarnessException;
import io.slipstream.perf.core.Message;
import io.slipstream.perf.core.MessageSink;
import io.slipstream.perf.core.Verification;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The sending side of a one-way point: as fast as the transport accepts, counting refused offers, with a timestamp
 * every {@code measured / intervals} messages so the run's rate has a distribution, not only a mean. The receiver
 * (the harness's pong in acknowledging mode) checks every message as {@link Verification} says (the sequence number of
 * each, the checksum of each or of a sample) and echoes the last warm-up message and the last message; the measured
 * time runs from the first measured send to that last echo.
 */
final class IntervalThroughput
{
    /** Intervals per run. */
    static final int INTERVALS = 20;
    private static final int LIVENESS_CHECK_MASK = (1 << 16) - 1;

    private final Endpoint endpoint;
    private final int lengthBytes;
    private final BooleanSupplier peerAlive;
    private final long timeoutNs;
    private final Verification verification;
    private final UnsafeBuffer sendBuffer;
    private final MessageSink sink = this::onAck;
    private long expectedAck;
    private boolean acked;
    private long failedOffers;

    IntervalThroughput(
        final Endpoint endpoint,
        final int lengthBytes,
        final BooleanSupplier peerAlive,
        final long timeoutNs,
        final Verification verification)
    {
        this.endpoint = endpoint;
        this.lengthBytes = lengthBytes;
        this.peerAlive = peerAlive;
        this.timeoutNs = timeoutNs;
        this.verification = verification;
        this.sendBuffer = new UnsafeBuffer(
            ByteBuffer.allocateDirect(BitUtil.align(lengthBytes, BitUtil.CACHE_LINE_LENGTH) * 2)
                .alignedSlice(BitUtil.CACHE_LINE_LENGTH));
    }

    OneWayResult run(final long warmup, final long measured)
    {
        if (warmup > 0)
        {
            send(0, warmup, null, 0);
            awaitAck(warmup - 1);
        }
        failedOffers = 0;
        final long intervalMessages = Math.max(1, measured / INTERVALS);
        final int intervals = (int)Math.min(INTERVALS, measured);
        final long[] boundariesNs = new long[intervals + 1];
        boundariesNs[0] = System.nanoTime();
        send(warmup, warmup + measured, boundariesNs, intervalMessages);
        awaitAck(warmup + measured - 1);
        final long endNs = System.nanoTime();
        boundariesNs[intervals] = endNs;
        final double[] rates = new double[intervals];
        for (int i = 0; i < intervals; i++)
        {
            final long messages = i == intervals - 1 ? measured - intervalMessages * (intervals - 1) : intervalMessages;
            rates[i] = messages * 1e9 / Math.max(1, boundariesNs[i + 1] - boundariesNs[i]);
        }
        final double rate = measured * 1e9 / Math.max(1, endNs - boundariesNs[0]);
        return new OneWayResult(rate, failedOffers, intervalMessages, rates);
    }

    private void send(final long fromSeq, final long toSeq, final long[] boundariesNs, final long intervalMessages)
    {
        int boundary = 1;
        long inInterval = 0;
        for (long seq = fromSeq; seq < toSeq; seq++)
        {
            Message.encode(sendBuffer, 0, lengthBytes, seq, verification);
            if (!endpoint.offer(sendBuffer, 0, lengthBytes))
            {
                retryOffer(seq);
            }
            // The last interval ends at the final acknowledgement, not at a send.
            if (boundariesNs != null && ++inInterval == intervalMessages && boundary < boundariesNs.length - 1)
            {
                boundariesNs[boundary++] = System.nanoTime();
                inInterval = 0;
            }
        }
    }

    /**
     * Off the fast path: the clock is read only once an offer has been refused.
     */
    private void retryOffer(final long seq)
    {
        final long startNs = System.nanoTime();
        long spins = 0;
        do
        {
            failedOffers++;
            if ((++spins & LIVENESS_CHECK_MASK) == 0)
            {
                check(startNs, "space to send message " + seq);
            }
            Thread.onSpinWait();
        }
        while (!endpoint.offer(sendBuffer, 0, lengthBytes));
    }

    private void awaitAck(final long seq)
    {
        expectedAck = seq;
        acked = false;
        final long startNs = System.nanoTime();
        long spins = 0;
        while (!acked)
        {
            if (endpoint.poll(sink) == 0)
            {
                if ((++spins & LIVENESS_CHECK_MASK) == 0)
                {
                    check(startNs, "the acknowledgement of message " + seq);
                }
                Thread.onSpinWait();
            }
        }
    }

    private void check(final long startNs, final String what)
    {
        if (!peerAlive.getAsBoolean())
        {
            throw new HarnessException("the peer died while waiting for " + what);
        }
        if (System.nanoTime() - startNs > timeoutNs)
        {
            throw new HarnessException("no progress within " + TimeUnit.NANOSECONDS.toSeconds(timeoutNs) +
                " s waiting for " + what);
        }
    }

    private void onAck(final DirectBuffer buffer, final int offset, final int length)
    {
        Message.verify(buffer, offset, length, lengthBytes, expectedAck, verification);
        acked = true;
    }
}
