package io.slipstream.perf.jmh;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Setup;

import java.nio.ByteBuffer;

/**
 * Agrona's {@link OneToOneRingBuffer} with its producer and consumer on two threads of one JMH group: a write into a
 * full ring returns {@code false} and a read of an empty ring returns 0. Run with {@code -prof gc}: neither side
 * allocates. Its fork runs without Agrona's bounds checks, as Aeron's performance-testing guide runs Agrona.
 */
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow", "-XX:+UseSerialGC", "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch",
    OfferPollGroupBenchmark.BOUNDS_CHECKS_OFF_FLAG})
public class AgronaRingGroupBenchmark extends OfferPollGroupBenchmark
{
    /** Large enough that the producer rarely finds the ring full, small enough to stay in L2. */
    private static final int CAPACITY_BYTES = 64 * 1024;
    private static final int MESSAGE_TYPE_ID = 1;
    private static final int POLL_LIMIT = 1;

    private final MessageHandler handler = this::onMessage;
    private OneToOneRingBuffer ring;

    /**
     * A fresh ring per trial, on direct memory: the file-mapped variant costs the same per operation once mapped.
     */
    @Setup
    public void setUp()
    {
        ring = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(CAPACITY_BYTES + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    @Override
    protected boolean offerMessage(final int lengthBytes)
    {
        return ring.write(MESSAGE_TYPE_ID, message, 0, lengthBytes);
    }

    @Override
    protected int pollMessage()
    {
        return ring.read(handler, POLL_LIMIT);
    }

    private void onMessage(final int typeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        check(buffer, index, length);
    }
}
