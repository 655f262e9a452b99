package io.slipstream.perf;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.agrona.DirectBuffer;

/**
 * The echo side: verify each message's sequence and checksum, then send it straight back; or, as the receiver
 * of a one-way throughput run, verify every message and echo only the ones it is asked to acknowledge.
 */
public final class PongLoop
{
    private final Endpoint endpoint;
    private final int lengthBytes;
    private final SpinGuard guard;
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
        this(endpoint, lengthBytes, peerAlive, timeoutNs, true, -1, -1);
    }

    private PongLoop(
        final Endpoint endpoint,
        final int lengthBytes,
        final BooleanSupplier peerAlive,
        final long timeoutNs,
        final boolean echoAll,
        final long firstAckSeq,
        final long secondAckSeq)
    {
        this.endpoint = endpoint;
        this.lengthBytes = lengthBytes;
        this.guard = new SpinGuard(peerAlive, timeoutNs);
        this.echoAll = echoAll;
        this.firstAckSeq = firstAckSeq;
        this.secondAckSeq = secondAckSeq;
    }

    /**
     * A receiver that echoes only messages {@code firstAckSeq} and {@code secondAckSeq}.
     */
    public static PongLoop acknowledging(
        final Endpoint endpoint,
        final int lengthBytes,
        final BooleanSupplier peerAlive,
        final long timeoutNs,
        final long firstAckSeq,
        final long secondAckSeq)
    {
        return new PongLoop(endpoint, lengthBytes, peerAlive, timeoutNs, false, firstAckSeq, secondAckSeq);
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
        Message.verify(buffer, offset, length, lengthBytes, expectedSeq);
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
