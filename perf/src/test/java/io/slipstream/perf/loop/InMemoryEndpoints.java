package io.slipstream.perf.loop;

import io.slipstream.perf.core.Endpoint;
import io.slipstream.perf.core.MessageSink;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;

/**
 * Two endpoints joined by in-process rings, for testing the loops without child processes.
 */
public final class InMemoryEndpoints
{
    private static final int CAPACITY_BYTES = 64 * 1024;

    private InMemoryEndpoints()
    {
    }

    public static Endpoint[] pair()
    {
        return pair(CAPACITY_BYTES);
    }

    /**
     * @param capacityBytes each ring's capacity, a power of two: a small ring back-pressures the sender sooner.
     */
    public static Endpoint[] pair(final int capacityBytes)
    {
        final OneToOneRingBuffer pingToPong = newRing(capacityBytes);
        final OneToOneRingBuffer pongToPing = newRing(capacityBytes);
        return new Endpoint[] {new RingEndpoint(pingToPong, pongToPing), new RingEndpoint(pongToPing, pingToPong)};
    }

    private static OneToOneRingBuffer newRing(final int capacityBytes)
    {
        return new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(capacityBytes + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    private static final class RingEndpoint implements Endpoint
    {
        private final OneToOneRingBuffer out;
        private final OneToOneRingBuffer in;
        private final MessageHandler handler = this::onMessage;
        private MessageSink sink;

        RingEndpoint(final OneToOneRingBuffer out, final OneToOneRingBuffer in)
        {
            this.out = out;
            this.in = in;
        }

        @Override
        public boolean offer(final DirectBuffer buffer, final int offset, final int length)
        {
            return out.write(1, buffer, offset, length);
        }

        @Override
        public int poll(final MessageSink sink)
        {
            this.sink = sink;
            return in.read(handler, 1);
        }

        @Override
        public int pollBatch(final MessageSink sink)
        {
            this.sink = sink;
            return in.read(handler); // all that is waiting, as the harness's agrona transport reads one way
        }

        private void onMessage(final int typeId, final DirectBuffer buffer, final int offset, final int length)
        {
            sink.onMessage(buffer, offset, length);
        }

        @Override
        public void close()
        {
        }
    }
}
