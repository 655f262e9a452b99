package io.slipstream.perf;

import io.slipstream.engine.FutexIdleStrategy;
import io.slipstream.engine.RingContext;
import io.slipstream.engine.Subscription;
import io.slipstream.engine.WaitStrategy;
import io.slipstream.perf.core.ChildProcess;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The waking side of {@code slipstream-perf wake}, in its own JVM: waits for events with one strategy and records,
 * for each, the time from the producer's publish ({@code System.nanoTime()} in the message, comparable across
 * processes on one host) to this thread running with it. Prints {@code READY}, then {@code RESULT <hgrm base64>}
 * after the events, then keeps waiting, idle, until the stream ends, so its CPU use while blocked can be read.
 * <pre>
 *   WakeConsumerMain &lt;directory&gt; &lt;strategy: futex|busy-spin|backoff|uds&gt; &lt;events&gt;
 *       &lt;warm-up events&gt;
 * </pre>
 */
public final class WakeConsumerMain
{
    static final String STREAM = "wake";
    static final String SOCKET = "wake.sock";
    static final int EVENT_LENGTH = 16;

    private WakeConsumerMain()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final Path directory = Path.of(args[0]);
        final String strategy = args[1];
        final long events = Long.parseLong(args[2]);
        final long warmup = Long.parseLong(args[3]);
        final Recorder recorder = new Recorder(events, warmup);
        if (strategy.equals("uds"))
        {
            socket(directory, recorder);
        }
        else
        {
            ring(directory, strategy, recorder);
        }
    }

    private static void ring(final Path directory, final String strategy, final Recorder recorder)
    {
        try (Subscription subscription = Subscription.open(new RingContext().directory(directory).streamName(STREAM)))
        {
            // The futex row measures the kernel wake-up itself: no spin or yield phase before sleeping.
            final IdleStrategy idle = strategy.equals("futex") ?
                FutexIdleStrategy.forSubscription(subscription, 0, 0, TimeUnit.SECONDS.toNanos(1)) :
                WaitStrategy.parse(strategy).forSubscription(subscription);
            System.out.println(ChildProcess.READY);
            System.out.flush();
            while (!subscription.isEndOfStream())
            {
                idle.idle(subscription.poll(recorder, 10));
            }
        }
    }

    private static void socket(final Path directory, final Recorder recorder) throws IOException
    {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(directory.resolve(SOCKET))))
        {
            System.out.println(ChildProcess.READY);
            System.out.flush();
            final ByteBuffer event = ByteBuffer.allocateDirect(EVENT_LENGTH).order(ByteOrder.nativeOrder());
            final org.agrona.concurrent.UnsafeBuffer view = new org.agrona.concurrent.UnsafeBuffer(event);
            while (true)
            {
                event.clear();
                while (event.hasRemaining())
                {
                    if (channel.read(event) < 0)
                    {
                        return;
                    }
                }
                recorder.onMessage(0, view, 0, EVENT_LENGTH);
            }
        }
    }

    private static final class Recorder implements io.slipstream.engine.RecordHandler
    {
        private final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        private final long events;
        private final long warmup;
        private long received;

        Recorder(final long events, final long warmup)
        {
            this.events = events;
            this.warmup = warmup;
        }

        @Override
        public void onMessage(final int typeId, final DirectBuffer buffer, final int offset, final int length)
        {
            final long latencyNs = System.nanoTime() - buffer.getLong(offset);
            final long sequence = buffer.getLong(offset + 8);
            if (sequence != received)
            {
                System.err.println("expected event " + received + ", got " + sequence);
                System.exit(1);
            }
            if (received++ >= warmup)
            {
                histogram.recordValue(Math.min(Math.max(latencyNs, 0), histogram.getHighestTrackableValue()));
            }
            if (received == events)
            {
                final ByteBuffer encoded = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
                histogram.encodeIntoCompressedByteBuffer(encoded);
                encoded.flip();
                final byte[] bytes = new byte[encoded.remaining()];
                encoded.get(bytes);
                System.out.println("RESULT " + java.util.Base64.getEncoder().encodeToString(bytes));
                System.out.flush();
            }
        }
    }
}
