package io.slipstream.perf;

import java.util.function.BooleanSupplier;

import org.agrona.DirectBuffer;

/**
 * The echo side of a ping-pong: verify each message's sequence and checksum, then send it straight back.
 */
public final class PongLoop
{
    private final Endpoint endpoint;
    private final int lengthBytes;
    private final SpinGuard guard;
    private final MessageSink sink = this::onPing;
    private long expectedSeq;

    public PongLoop(
        final Endpoint endpoint, final int lengthBytes, final BooleanSupplier peerAlive, final long timeoutNs)
    {
        this.endpoint = endpoint;
        this.lengthBytes = lengthBytes;
        this.guard = new SpinGuard(peerAlive, timeoutNs);
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
                guard.spin(this::describe);
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
        while (!endpoint.offer(buffer, offset, length))
        {
            guard.spin(this::describe);
        }
        expectedSeq++;
    }

    private String describe()
    {
        return "message " + expectedSeq;
    }
}
