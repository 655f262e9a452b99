package io.slipstream.perf.transport;

import io.slipstream.perf.core.Endpoint;
import io.slipstream.perf.core.MessageSink;
import io.slipstream.perf.core.RunSpec;
import io.slipstream.perf.core.Side;
import io.slipstream.perf.core.Transport;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Agrona's {@link OneToOneRingBuffer} over a mapped /dev/shm file, one ring per direction.
 */
public final class AgronaRingTransport implements Transport
{
    public static final String NAME = "agrona";
    private static final int CAPACITY_BYTES = 1 << 20;
    private static final int MESSAGE_TYPE_ID = 1;
    private static final int READ_LIMIT = 1;

    @Override
    public String name()
    {
        return NAME;
    }

    /**
     * Agrona's buffers without bounds checks, as Aeron's performance-testing guide runs its samples and drivers
     * ("to reduce instruction path"): given to the peers built on Agrona (Agrona's ring, Aeron IPC and UDP). Slipstream
     * keeps the checks, which its hostile-file safety and claim buffers rely on.
     */
    public static final String BOUNDS_CHECKS_OFF_FLAG = "-Dagrona.disable.bounds.checks=true";
    /** The settings line for {@link #BOUNDS_CHECKS_OFF_FLAG}. */
    static final String BOUNDS_CHECKS_OFF_SETTING = "JVM: " + BOUNDS_CHECKS_OFF_FLAG + " (Agrona's buffers without " +
        "bounds checks, as Aeron's performance-testing guide runs it)";

    @Override
    public List<String> jvmFlags()
    {
        return List.of(BOUNDS_CHECKS_OFF_FLAG);
    }

    @Override
    public List<String> settings(final RunSpec spec)
    {
        return List.of(BOUNDS_CHECKS_OFF_SETTING,
            "OneToOneRingBuffer, capacity " + CAPACITY_BYTES / 1024 + " KiB + trailer, one per direction, over a " +
                "mapped /dev/shm file",
            "write(typeId, buffer) / read(handler, limit " + READ_LIMIT + ") in ping-pong; a one-way receiver " +
                "reads all that is waiting, read(handler), Agrona's default",
            "idle strategy: none, both sides busy-spin in the harness's loops");
    }

    @Override
    public Infrastructure prepare(final RunSpec spec)
    {
        final long fileLength = CAPACITY_BYTES + RingBufferDescriptor.TRAILER_LENGTH;
        MappedFiles.create(ringFile(spec, Side.PING), fileLength);
        MappedFiles.create(ringFile(spec, Side.PONG), fileLength);
        return Infrastructure.NONE;
    }

    @Override
    public Endpoint open(final RunSpec spec, final Side side, final BooleanSupplier peerAlive)
    {
        final Side peer = side == Side.PING ? Side.PONG : Side.PING;
        return new RingEndpoint(MappedFiles.map(ringFile(spec, side)), MappedFiles.map(ringFile(spec, peer)));
    }

    /**
     * The ring a side writes to.
     */
    private static Path ringFile(final RunSpec spec, final Side writer)
    {
        return spec.runDir().resolve("agrona-" + writer.name().toLowerCase(java.util.Locale.ROOT) + ".ring");
    }

    private static final class RingEndpoint implements Endpoint
    {
        private final MappedByteBuffer outMapped;
        private final MappedByteBuffer inMapped;
        private final OneToOneRingBuffer out;
        private final OneToOneRingBuffer in;
        private final MessageHandler handler = this::onMessage;
        private MessageSink sink;

        RingEndpoint(final MappedByteBuffer outMapped, final MappedByteBuffer inMapped)
        {
            this.outMapped = outMapped;
            this.inMapped = inMapped;
            this.out = new OneToOneRingBuffer(new UnsafeBuffer(outMapped));
            this.in = new OneToOneRingBuffer(new UnsafeBuffer(inMapped));
        }

        @Override
        public boolean offer(final DirectBuffer buffer, final int offset, final int length)
        {
            return out.write(MESSAGE_TYPE_ID, buffer, offset, length);
        }

        @Override
        public int poll(final MessageSink sink)
        {
            this.sink = sink;
            return in.read(handler, READ_LIMIT);
        }

        @Override
        public int pollBatch(final MessageSink sink)
        {
            this.sink = sink;
            return in.read(handler);
        }

        private void onMessage(final int typeId, final DirectBuffer buffer, final int offset, final int length)
        {
            sink.onMessage(buffer, offset, length);
        }

        @Override
        public void close()
        {
            IoUtil.unmap(outMapped);
            IoUtil.unmap(inMapped);
        }
    }
}
