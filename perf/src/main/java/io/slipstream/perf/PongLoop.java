package io.slipstream.perf;

import io.slipstream.perf.core.Endpoint;
import io.slipstream.perf.core.Message;
import io.slipstream.perf.core.MessageSink;
import io.slipstream.perf.core.Verification;
import org.agrona.DirectBuffer;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The echo side: check each message (its sequence number, and its checksum as {@link Verification} says), then
 * send it straight back; or, as the receiver of a one-way throughput run, check every message and echo only the
 * ones it is asked to acknowledge.
 */
public final class PongLoop
{
    private final Endpoint endpoint;
    private final int lengthBytes;
    private final SpinGuard guard;
    private final Verification verification;
    private final Supplier<String> describeText = this::describe;
    private final MessageSink sink = this::onPing;
    private final long firstAckSeq;
    private final long secondAckSeq;
    private final boolean echoAll;
    private long expectedSeq;

    /**
     * An echo of every message.
     */
    public PongLoop(
        final Endpoint endpoint, final int lengthBytes, final BooleanSupplier peerAlive, final long timeoutNs)
    {
        this(endpoint, lengthBytes, peerAlive, timeoutNs, Verification.FULL, false, true, -1, -1);
    }

    /**
     * An echo of every message, checked as {@code verification} says, spinning with {@link Thread#onSpinWait()}
     * when {@code spinWait}.
     */
    public PongLoop(
        final Endpoint endpoint,
        final int lengthBytes,
        final BooleanSupplier peerAlive,
        final long timeoutNs,
        final Verification verification,
        final boolean spinWait)
    {
        this(endpoint, lengthBytes, peerAlive, timeoutNs, verification, spinWait, true, -1, -1);
    }

    private PongLoop(
        final Endpoint endpoint,
        final int lengthBytes,
        final BooleanSupplier peerAlive,
        final long timeoutNs,
        final Verification verification,
        final boolean spinWait,
        final boolean echoAll,
        final long firstAckSeq,
        final long secondAckSeq)
    {
        this.endpoint = endpoint;
        this.lengthBytes = lengthBytes;
        this.verification = verification;
        this.guard = new SpinGuard(peerAlive, timeoutNs, spinWait);
        this.echoAll = echoAll;
        this.firstAckSeq = firstAckSeq;
        this.secondAckSeq = secondAckSeq;
    }

    /**
     * A receiver that echoes only messages {@code firstAckSeq} and {@code secondAckSeq}, checking every checksum.
     */
    public static PongLoop acknowledging(
        final Endpoint endpoint,
        final int lengthBytes,
        final BooleanSupplier peerAlive,
        final long timeoutNs,
        final long firstAckSeq,
        final long secondAckSeq)
    {
        return acknowledging(endpoint, lengthBytes, peerAlive, timeoutNs, Verification.FULL, false, firstAckSeq,
            secondAckSeq);
    }

    /**
     * A receiver that echoes only messages {@code firstAckSeq} and {@code secondAckSeq}.
     */
    public static PongLoop acknowledging(
        final Endpoint endpoint,
        final int lengthBytes,
        final BooleanSupplier peerAlive,
        final long timeoutNs,
        final Verification verification,
        final boolean spinWait,
        final long firstAckSeq,
        final long secondAckSeq)
    {
        return new PongLoop(endpoint, lengthBytes, peerAlive, timeoutNs, verification, spinWait, false, firstAckSeq,
            secondAckSeq);
    }

    /**
     * Echo {@code totalMessages} messages.
     */
    public void run(final long totalMessages)
    {
        guard.reset();
        while (expectedSeq < totalMessages)
        {
            if (endpoint.poll(sink) == 0)
            {
                guard.spin(describeText);
            }
            else
            {
                guard.reset();
            }
        }
    }

    /**
     * @return how many messages were echoed.
     */
    public long echoed()
    {
        return expectedSeq;
    }

    private void onPing(final DirectBuffer buffer, final int offset, final int length)
    {
        Message.verify(buffer, offset, length, lengthBytes, expectedSeq, verification);
        if (echoAll || expectedSeq == firstAckSeq || expectedSeq == secondAckSeq)
        {
            while (!endpoint.offer(buffer, offset, length))
            {
                guard.spin(describeText);
            }
        }
        expectedSeq++;
    }

    private String describe()
    {
        return "message " + expectedSeq;
    }
}
