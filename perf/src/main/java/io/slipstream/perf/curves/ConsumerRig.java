package io.slipstream.perf.curves;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FragmentHandler;
import io.slipstream.engine.FutexIdleStrategy;
import io.slipstream.engine.Publication;
import io.slipstream.engine.RecordHandler;
import io.slipstream.engine.RingContext;
import io.slipstream.perf.core.HarnessException;
import io.slipstream.perf.core.MessageSink;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.agrona.concurrent.broadcast.BroadcastBufferDescriptor;
import org.agrona.concurrent.broadcast.BroadcastReceiver;
import org.agrona.concurrent.broadcast.BroadcastTransmitter;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * One producer and several consumers of one ring, in one process: the producer offers from its thread, consumer
 * {@code i} polls only from its own. {@link #lossless()} is false for a ring without back-pressure, whose consumers
 * can be lapped.
 */
interface ConsumerRig extends AutoCloseable
{
    /** Ring capacity of every rig: large enough that a producer rarely waits for a consumer being rescheduled. */
    int CAPACITY_BYTES = 1 << 20;

    /** The rigs, by the name used in reports. */
    List<String> NAMES = List.of("slipstream", "slipstream-futex", "aeron-ipc", "agrona-broadcast");

    /**
     * @return true if the message was accepted, false if the ring is full.
     */
    boolean offer(DirectBuffer buffer, int length);

    /**
     * Deliver at most one message to consumer {@code consumer}'s sink.
     *
     * @return messages delivered, 0 or 1.
     */
    int poll(int consumer, MessageSink sink);

    /**
     * @return whether the producer waits for the slowest consumer (no message can be lost).
     */
    boolean lossless();

    /**
     * @return how consumer {@code consumer} waits when its poll finds nothing: yielding unless the rig says otherwise.
     */
    default IdleStrategy idleStrategy(final int consumer)
    {
        return new YieldingIdleStrategy();
    }

    @Override
    void close();

    static ConsumerRig open(final String name, final Path directory, final int consumers)
    {
        return switch (name)
        {
            case "slipstream" -> new SlipstreamRig(directory, consumers, false);
            case "slipstream-futex" -> new SlipstreamRig(directory, consumers, true);
            case "aeron-ipc" -> new AeronIpcRig(directory, consumers);
            case "agrona-broadcast" -> new BroadcastRig(consumers);
            default -> throw new IllegalArgumentException("unknown consumer rig '" + name + "', known: " + NAMES);
        };
    }

    /**
     * A Slipstream ring with one subscription per consumer; the producer waits for the slowest. With
     * {@code futexWaits} each consumer waits with {@link FutexIdleStrategy} and its defaults (spin, yield, then sleep
     * until the producer's commit wakes it), as an application's idle consumer would.
     */
    final class SlipstreamRig implements ConsumerRig
    {
        private final boolean futexWaits;
        private final Publication publication;
        private final io.slipstream.engine.Subscription[] subscriptions;
        private final RecordHandler[] handlers;
        private final MessageSink[] sinks;

        SlipstreamRig(final Path directory, final int consumers, final boolean futexWaits)
        {
            this.futexWaits = futexWaits;
            final RingContext context = new RingContext().directory(directory).streamName("consumers")
                .capacityBytes(CAPACITY_BYTES);
            publication = Publication.open(context.copy());
            subscriptions = new io.slipstream.engine.Subscription[consumers];
            handlers = new RecordHandler[consumers];
            sinks = new MessageSink[consumers];
            for (int i = 0; i < consumers; i++)
            {
                final int consumer = i;
                subscriptions[i] = io.slipstream.engine.Subscription.open(context.copy());
                handlers[i] = (typeId, buffer, offset, length) -> sinks[consumer].onMessage(buffer, offset, length);
            }
        }

        @Override
        public boolean offer(final DirectBuffer buffer, final int length)
        {
            final long result = publication.offer(buffer, 0, length);
            if (result == Publication.CLOSED)
            {
                throw new HarnessException("slipstream publication closed");
            }
            return result > 0;
        }

        @Override
        public int poll(final int consumer, final MessageSink sink)
        {
            sinks[consumer] = sink;
            return subscriptions[consumer].poll(handlers[consumer], 1);
        }

        @Override
        public boolean lossless()
        {
            return true;
        }

        @Override
        public IdleStrategy idleStrategy(final int consumer)
        {
            if (!futexWaits)
            {
                return ConsumerRig.super.idleStrategy(consumer);
            }
            return FutexIdleStrategy.forSubscription(subscriptions[consumer], FutexIdleStrategy.DEFAULT_SPINS,
                FutexIdleStrategy.DEFAULT_YIELDS, FutexIdleStrategy.DEFAULT_TIMEOUT_NS);
        }

        @Override
        public void close()
        {
            CloseHelper.closeAll(subscriptions);
            publication.close();
        }
    }

    /**
     * Aeron IPC: an embedded driver (SHARED threading, Aeron's default idle strategy) in the point's directory, an
     * exclusive publication and one subscription per consumer on the same stream, the term pre-touched and not
     * sparse; the publication waits for the slowest subscription.
     */
    final class AeronIpcRig implements ConsumerRig
    {
        private static final String CHANNEL = "aeron:ipc?term-length=1m|sparse=false";
        private static final int STREAM_ID = 1001;

        private final MediaDriver driver;
        private final Aeron aeron;
        private final ExclusivePublication publication;
        private final Subscription[] subscriptions;
        private final FragmentHandler[] handlers;
        private final MessageSink[] sinks;

        AeronIpcRig(final Path directory, final int consumers)
        {
            driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                .aeronDirectoryName(directory.resolve("aeron").toString())
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .threadingMode(ThreadingMode.SHARED)
                .termBufferSparseFile(false));
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName())
                .preTouchMappedMemory(true));
            subscriptions = new Subscription[consumers];
            handlers = new FragmentHandler[consumers];
            sinks = new MessageSink[consumers];
            for (int i = 0; i < consumers; i++)
            {
                final int consumer = i;
                subscriptions[i] = aeron.addSubscription(CHANNEL, STREAM_ID);
                handlers[i] = (buffer, offset, length, header) -> sinks[consumer].onMessage(buffer, offset, length);
            }
            publication = aeron.addExclusivePublication(CHANNEL, STREAM_ID);
            final long deadlineNs = System.nanoTime() + 30_000_000_000L;
            while (!publication.isConnected() || !allConnected())
            {
                if (System.nanoTime() - deadlineNs > 0)
                {
                    close();
                    throw new HarnessException("aeron-ipc: subscriptions not connected within 30 s");
                }
                Thread.yield();
            }
        }

        private boolean allConnected()
        {
            for (final Subscription subscription : subscriptions)
            {
                if (subscription.imageCount() == 0)
                {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean offer(final DirectBuffer buffer, final int length)
        {
            final long result = publication.offer(buffer, 0, length);
            if (result == io.aeron.Publication.CLOSED || result == io.aeron.Publication.MAX_POSITION_EXCEEDED)
            {
                throw new HarnessException("aeron-ipc publication failed: " + io.aeron.Publication.errorString(result));
            }
            return result > 0;
        }

        @Override
        public int poll(final int consumer, final MessageSink sink)
        {
            sinks[consumer] = sink;
            return subscriptions[consumer].poll(handlers[consumer], 1);
        }

        @Override
        public boolean lossless()
        {
            return true;
        }

        @Override
        public void close()
        {
            CloseHelper.closeAll(publication);
            CloseHelper.closeAll(subscriptions);
            CloseHelper.closeAll(aeron, driver);
        }
    }

    /**
     * Agrona's broadcast buffer: a transmitter that never waits and one receiver per consumer; a consumer that falls
     * a whole buffer behind is lapped and loses messages, which the point counts.
     */
    final class BroadcastRig implements ConsumerRig
    {
        private final BroadcastTransmitter transmitter;
        private final BroadcastReceiver[] receivers;
        private final UnsafeBuffer[] copies;

        BroadcastRig(final int consumers)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(
                ByteBuffer.allocateDirect(CAPACITY_BYTES + BroadcastBufferDescriptor.TRAILER_LENGTH));
            transmitter = new BroadcastTransmitter(buffer);
            receivers = new BroadcastReceiver[consumers];
            copies = new UnsafeBuffer[consumers];
            for (int i = 0; i < consumers; i++)
            {
                receivers[i] = new BroadcastReceiver(buffer);
                copies[i] = new UnsafeBuffer(new byte[2 * Long.BYTES]);
            }
        }

        @Override
        public boolean offer(final DirectBuffer buffer, final int length)
        {
            transmitter.transmit(1, buffer, 0, length);
            return true;
        }

        @Override
        public int poll(final int consumer, final MessageSink sink)
        {
            final BroadcastReceiver receiver = receivers[consumer];
            if (!receiver.receiveNext())
            {
                return 0;
            }
            final long seq = receiver.buffer().getLong(receiver.offset());
            final long stampNs = receiver.buffer().getLong(receiver.offset() + Long.BYTES);
            // A message overwritten while it was read is lost, not delivered.
            if (!receiver.validate())
            {
                return 0;
            }
            final UnsafeBuffer copy = copies[consumer];
            copy.putLong(0, seq);
            copy.putLong(Long.BYTES, stampNs);
            sink.onMessage(copy, 0, 2 * Long.BYTES);
            return 1;
        }

        @Override
        public boolean lossless()
        {
            return false;
        }

        @Override
        public void close()
        {
        }
    }
}
