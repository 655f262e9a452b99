package io.slipstream.perf.transport;

import io.slipstream.perf.core.Endpoint;
import io.slipstream.perf.core.HarnessException;
import io.slipstream.perf.core.MessageSink;
import io.slipstream.perf.core.RunSpec;
import io.slipstream.perf.core.Side;
import io.slipstream.perf.core.Transport;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * The floor: the payload copied into a mapped /dev/shm region and a word stored after it with release semantics;
 * the peer spins on the word. No framing, no back-pressure beyond what the design needs. No one design is the
 * floor on every host, so there are three, each run with a bare spin and with {@link Thread#onSpinWait()} in
 * every empty spin (the {@code -spinwait} names); the report's floor is the best of those that ran.
 * <ul>
 * <li>{@code raw} ({@link Design#LINE}): ping-pong, one region per direction rewritten for every message
 * ([counter 8 B][payload], 128 B apart against adjacent-line prefetch; at 32 B one cache line). Streaming: a
 * {@link RawSlotRing} per direction whose reader stores its count after every message.</li>
 * <li>{@code raw-fresh} ({@link Design#FRESH}): ping-pong, a slot ring per direction with line-aligned slots, so
 * every message goes to fresh cache lines tagged with its sequence. Streaming: a {@link RawSlotRing} per direction
 * whose reader stores its count once per {@link RawSlotRing#BATCH_MESSAGES} messages (and when it finds the ring
 * empty), not after every message.</li>
 * <li>{@code raw-shared} ({@link Design#SHARED}): ping-pong only, one region written alternately by both sides:
 * the ping writes its payload and an odd counter, the pong overwrites the payload with its echo and the next,
 * even, counter.</li>
 * </ul>
 */
public final class RawFloorTransport implements Transport
{
    public static final String NAME = "raw";
    /** Suffix of the variants whose loops call {@link Thread#onSpinWait()} in every empty spin. */
    public static final String SPIN_WAIT_SUFFIX = "-spinwait";
    private static final int PREFETCH_PAIR_BYTES = 128;
    private static final String FILE_NAME = "raw-floor.shm";

    /**
     * The three designs.
     */
    public enum Design
    {
        /** A line per direction, rewritten (streaming: slot ring, a consumer store per message). */
        LINE(NAME),
        /** A fresh line per message (streaming: slot ring, consumer stores batched). */
        FRESH(NAME + "-fresh"),
        /** One line written alternately by both sides (ping-pong only). */
        SHARED(NAME + "-shared");

        private final String baseName;

        Design(final String baseName)
        {
            this.baseName = baseName;
        }

        public String baseName()
        {
            return baseName;
        }
    }

    private final Design design;
    private final boolean spinWait;
    private final String name;

    /**
     * {@code raw}: a line per direction, a bare spin.
     */
    public RawFloorTransport()
    {
        this(Design.LINE, false);
    }

    public RawFloorTransport(final Design design, final boolean spinWait)
    {
        this.design = design;
        this.spinWait = spinWait;
        this.name = design.baseName() + (spinWait ? SPIN_WAIT_SUFFIX : "");
    }

    /**
     * @return every floor variant's name, in report order.
     */
    public static List<String> variantNames()
    {
        final List<String> names = new ArrayList<>();
        for (final Design design : Design.values())
        {
            names.add(design.baseName());
            names.add(design.baseName() + SPIN_WAIT_SUFFIX);
        }
        return List.copyOf(names);
    }

    /**
     * @return whether {@code transport} is one of the floor's variants.
     */
    public static boolean isFloor(final String transport)
    {
        return variantNames().contains(transport);
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public boolean supportsStreaming()
    {
        return design != Design.SHARED;
    }

    @Override
    public boolean spinWait()
    {
        return spinWait;
    }

    /** The floor is the least any design can cost: its buffers skip Agrona's bounds checks, as the peers' do. */
    @Override
    public List<String> jvmFlags()
    {
        return List.of(AgronaRingTransport.BOUNDS_CHECKS_OFF_FLAG);
    }

    @Override
    public List<String> settings(final RunSpec spec)
    {
        final String spin = spinWait ? "Thread.onSpinWait() in every empty spin" : "a bare spin (no onSpinWait)";
        final int length = spec.messageLengthBytes();
        return switch (design)
        {
            case LINE -> List.of(
                "ping-pong: one region per direction, [counter][payload] rewritten for every message, " +
                    strideBytes(length) + " B apart",
                "streaming: slot ring per direction, " + RawSlotRing.slotCount(length, false) + " slots of " +
                    RawSlotRing.strideBytes(length, false) + " B, the reader stores its count after every message",
                "spin: " + spin, AgronaRingTransport.BOUNDS_CHECKS_OFF_SETTING);
            case FRESH -> List.of(
                "ping-pong: slot ring per direction, " + RawSlotRing.slotCount(length, true) + " line-aligned slots " +
                    "of " + RawSlotRing.strideBytes(length, true) + " B: each message on fresh lines tagged with " +
                    "its sequence",
                "streaming: slot ring per direction, " + RawSlotRing.slotCount(length, false) + " slots of " +
                    RawSlotRing.strideBytes(length, false) + " B, the reader stores its count once per " +
                    RawSlotRing.BATCH_MESSAGES + " messages and when it finds the ring empty",
                "spin: " + spin, AgronaRingTransport.BOUNDS_CHECKS_OFF_SETTING);
            case SHARED -> List.of(
                "ping-pong only: one region, [counter][payload], written alternately by the two sides (odd counter " +
                    "from the ping, even from the pong)",
                "spin: " + spin, AgronaRingTransport.BOUNDS_CHECKS_OFF_SETTING);
        };
    }

    static int strideBytes(final int messageLengthBytes)
    {
        return BitUtil.align(Long.BYTES + messageLengthBytes, PREFETCH_PAIR_BYTES);
    }

    @Override
    public Infrastructure prepare(final RunSpec spec)
    {
        final int length = spec.messageLengthBytes();
        if (spec.mode().streaming() || design == Design.FRESH)
        {
            final boolean lineAligned = lineAligned(spec);
            MappedFiles.create(slotFile(spec, Side.PING), RawSlotRing.regionBytes(length, lineAligned));
            MappedFiles.create(slotFile(spec, Side.PONG), RawSlotRing.regionBytes(length, lineAligned));
        }
        else
        {
            final int regions = design == Design.SHARED ? 1 : 2;
            MappedFiles.create(file(spec), (long)regions * strideBytes(length));
        }
        return Infrastructure.NONE;
    }

    @Override
    public Endpoint open(final RunSpec spec, final Side side, final BooleanSupplier peerAlive)
    {
        final int length = spec.messageLengthBytes();
        if (spec.mode().streaming() && design == Design.SHARED)
        {
            throw new HarnessException(name + " has no back-pressure: ping-pong only");
        }
        if (spec.mode().streaming() || design == Design.FRESH)
        {
            final Side peer = side == Side.PING ? Side.PONG : Side.PING;
            final boolean batched = spec.mode().streaming() && design == Design.FRESH;
            return new SlotEndpoint(MappedFiles.map(slotFile(spec, side)), MappedFiles.map(slotFile(spec, peer)),
                length, lineAligned(spec), batched);
        }
        if (design == Design.SHARED)
        {
            return new SharedLineEndpoint(MappedFiles.map(file(spec)), side, length);
        }
        return new RawEndpoint(MappedFiles.map(file(spec)), side, length);
    }

    private boolean lineAligned(final RunSpec spec)
    {
        return design == Design.FRESH && !spec.mode().streaming();
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

        SlotEndpoint(
            final MappedByteBuffer outMapped,
            final MappedByteBuffer inMapped,
            final int lengthBytes,
            final boolean lineAligned,
            final boolean batchedStores)
        {
            this.outMapped = outMapped;
            this.inMapped = inMapped;
            this.out = new RawSlotRing(new UnsafeBuffer(outMapped), lengthBytes, lineAligned, batchedStores);
            this.in = new RawSlotRing(new UnsafeBuffer(inMapped), lengthBytes, lineAligned, batchedStores);
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

    /**
     * One region for both directions: the counter counts messages in both directions, odd after the ping wrote,
     * even after the pong wrote. A side may write only when it is its turn (the ping when every ping has its echo,
     * the pong when it has read a ping it has not answered), so neither overwrites what the other has not read.
     */
    private static final class SharedLineEndpoint implements Endpoint
    {
        private final MappedByteBuffer mapped;
        private final UnsafeBuffer buffer;
        private final int lengthBytes;
        private final long parity;
        private long written;
        private long read;

        SharedLineEndpoint(final MappedByteBuffer mapped, final Side side, final int lengthBytes)
        {
            this.mapped = mapped;
            this.buffer = new UnsafeBuffer(mapped);
            this.lengthBytes = lengthBytes;
            this.parity = side == Side.PING ? 1 : 2;
        }

        /**
         * @return the counter value the n-th (0-based) message from this side carries: 1, 3, 5... from the ping,
         * 2, 4, 6... from the pong.
         */
        private long mine(final long n)
        {
            return 2 * n + parity;
        }

        @Override
        public boolean offer(final DirectBuffer src, final int offset, final int length)
        {
            // The ping's turn: all its messages echoed (read == written); the pong's: one more read than written.
            final boolean myTurn = parity == 1 ? read == written : read == written + 1;
            if (!myTurn)
            {
                return false;
            }
            buffer.putBytes(Long.BYTES, src, offset, length);
            // Release: the payload is visible before the counter that announces it.
            buffer.putLongRelease(0, mine(written));
            written++;
            return true;
        }

        @Override
        public int poll(final MessageSink sink)
        {
            // The peer's next message carries the counter just after this side's last one (the pong's first: 1).
            final long expected = parity == 1 ? mine(read) + 1 : 2 * read + 1;
            if ((parity == 1 && read == written) || buffer.getLongVolatile(0) != expected)
            {
                return 0;
            }
            read++;
            sink.onMessage(buffer, Long.BYTES, lengthBytes);
            return 1;
        }

        @Override
        public void close()
        {
            IoUtil.unmap(mapped);
        }
    }
}
