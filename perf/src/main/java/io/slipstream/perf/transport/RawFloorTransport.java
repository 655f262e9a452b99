package io.slipstream.perf.transport;

import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.BooleanSupplier;

import io.slipstream.perf.Endpoint;
import io.slipstream.perf.MessageSink;
import io.slipstream.perf.RunSpec;
import io.slipstream.perf.Side;
import io.slipstream.perf.Transport;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The floor. For ping-pong (one message in flight): the payload copied into a mapped /dev/shm region and a counter
 * stored after it with release semantics; the peer spins on the counter. No framing, no back-pressure.
 * <pre>
 *   0                 stride                2 * stride
 *   +-----------------+---------------------+
 *   | ping -> pong    | pong -> ping        |   region: [counter 8 B][payload], stride a multiple of 128 B
 *   +-----------------+---------------------+
 * </pre>
 * With a 32 B message each direction is one cache line. Regions are 128 B apart against adjacent-line prefetch.
 * <p>
 * For the streaming modes (open loop, throughput) one {@link RawSlotRing} per direction: fixed-size slots, each
 * announced by a sequence word, and the reader's consumed count for back-pressure, with nothing else.
 */
public final class RawFloorTransport implements Transport
{
    public static final String NAME = "raw";
    private static final int PREFETCH_PAIR_BYTES = 128;
    private static final String FILE_NAME = "raw-floor.shm";

    @Override
    public String name()
    {
        return NAME;
    }

    static int strideBytes(final int messageLengthBytes)
    {
        return BitUtil.align(Long.BYTES + messageLengthBytes, PREFETCH_PAIR_BYTES);
    }

    @Override
    public Infrastructure prepare(final RunSpec spec)
    {
        if (spec.mode().streaming())
        {
            final long regionBytes = RawSlotRing.regionBytes(spec.messageLengthBytes());
            MappedFiles.create(slotFile(spec, Side.PING), regionBytes);
            MappedFiles.create(slotFile(spec, Side.PONG), regionBytes);
        }
        else
        {
            MappedFiles.create(file(spec), 2L * strideBytes(spec.messageLengthBytes()));
        }
        return Infrastructure.NONE;
    }

    @Override
    public Endpoint open(final RunSpec spec, final Side side, final BooleanSupplier peerAlive)
    {
        if (spec.mode().streaming())
        {
            final Side peer = side == Side.PING ? Side.PONG : Side.PING;
            return new SlotEndpoint(MappedFiles.map(slotFile(spec, side)), MappedFiles.map(slotFile(spec, peer)),
                spec.messageLengthBytes());
        }
        return new RawEndpoint(MappedFiles.map(file(spec)), side, spec.messageLengthBytes());
    }

    private static Path file(final RunSpec spec)
    {
        return spec.runDir().resolve(FILE_NAME);
    }

    /**
     * The slot ring a side writes to.
     */
    private static Path slotFile(final RunSpec spec, final Side writer)
    {
        return spec.runDir().resolve("raw-" + writer.name().toLowerCase(Locale.ROOT) + ".slots");
    }

    private static final class SlotEndpoint implements Endpoint
    {
        private final MappedByteBuffer outMapped;
        private final MappedByteBuffer inMapped;
        private final RawSlotRing out;
        private final RawSlotRing in;

        SlotEndpoint(final MappedByteBuffer outMapped, final MappedByteBuffer inMapped, final int lengthBytes)
        {
            this.outMapped = outMapped;
            this.inMapped = inMapped;
            this.out = new RawSlotRing(new UnsafeBuffer(outMapped), lengthBytes);
            this.in = new RawSlotRing(new UnsafeBuffer(inMapped), lengthBytes);
        }

        @Override
        public boolean offer(final DirectBuffer buffer, final int offset, final int length)
        {
            return out.offer(buffer, offset, length);
        }

        @Override
        public int poll(final MessageSink sink)
        {
            return in.poll(sink);
        }

        @Override
        public void close()
        {
            IoUtil.unmap(outMapped);
            IoUtil.unmap(inMapped);
        }
    }

    private static final class RawEndpoint implements Endpoint
    {
        private final MappedByteBuffer mapped;
        private final UnsafeBuffer buffer;
        private final int outOffset;
        private final int inOffset;
        private final int lengthBytes;
        private long sentCount;
        private long receivedCount;

        RawEndpoint(final MappedByteBuffer mapped, final Side side, final int lengthBytes)
        {
            this.mapped = mapped;
            this.buffer = new UnsafeBuffer(mapped);
            final int stride = strideBytes(lengthBytes);
            this.outOffset = side == Side.PING ? 0 : stride;
            this.inOffset = side == Side.PING ? stride : 0;
            this.lengthBytes = lengthBytes;
        }

        @Override
        public boolean offer(final DirectBuffer src, final int offset, final int length)
        {
            buffer.putBytes(outOffset + Long.BYTES, src, offset, length);
            // Release: the payload is visible before the counter that announces it.
            buffer.putLongRelease(outOffset, ++sentCount);
            return true;
        }

        @Override
        public int poll(final MessageSink sink)
        {
            final long counter = buffer.getLongVolatile(inOffset);
            if (counter == receivedCount)
            {
                return 0;
            }
            receivedCount = counter;
            sink.onMessage(buffer, inOffset + Long.BYTES, lengthBytes);
            return 1;
        }

        @Override
        public void close()
        {
            IoUtil.unmap(mapped);
        }
    }
}
