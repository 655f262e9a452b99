package io.slipstream.perf.transport;

import java.nio.MappedByteBuffer;
import java.nio.file.Path;
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
 * The floor: the payload copied into a mapped /dev/shm region and a counter stored after it with release
 * semantics; the peer spins on the counter. No framing, no back-pressure, one message in flight.
 * <pre>
 *   0                 stride                2 * stride
 *   +-----------------+---------------------+
 *   | ping -> pong    | pong -> ping        |   region: [counter 8 B][payload], stride a multiple of 128 B
 *   +-----------------+---------------------+
 * </pre>
 * With a 32 B message each direction is one cache line. Regions are 128 B apart against adjacent-line prefetch.
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

    @Override
    public boolean supportsStreaming()
    {
        return false;
    }

    static int strideBytes(final int messageLengthBytes)
    {
        return BitUtil.align(Long.BYTES + messageLengthBytes, PREFETCH_PAIR_BYTES);
    }

    @Override
    public Infrastructure prepare(final RunSpec spec)
    {
        MappedFiles.create(file(spec), 2L * strideBytes(spec.messageLengthBytes()));
        return Infrastructure.NONE;
    }

    @Override
    public Endpoint open(final RunSpec spec, final Side side, final BooleanSupplier peerAlive)
    {
        return new RawEndpoint(MappedFiles.map(file(spec)), side, spec.messageLengthBytes());
    }

    private static Path file(final RunSpec spec)
    {
        return spec.runDir().resolve(FILE_NAME);
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
