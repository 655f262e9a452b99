package io.slipstream.perf.jmh;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Agrona's {@link OneToOneRingBuffer} with its producer and consumer on two threads of one JMH group: the cost of a
 * write and of a read while the other side runs at the same time, so the ring's lines move between cores as they do
 * in use. Neither side waits inside a call: a write into a full ring returns {@code false} and a read of an empty
 * ring returns 0, both counted as operations, so an iteration can always end ({@link GroupCounters} reports the
 * messages that moved). Run with {@code -prof gc}: neither side allocates.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// Agrona needs the export; the GC and heap flags are the noise control every peer was measured with.
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow", "-XX:+UseSerialGC", "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"})
@State(Scope.Group)
public class AgronaRingGroupBenchmark
{
    /** Large enough that the producer rarely finds the ring full, small enough to stay in L2. */
    private static final int CAPACITY_BYTES = 64 * 1024;
    private static final int MAX_SIZE_BYTES = 256;
    private static final int MESSAGE_TYPE_ID = 1;
    private static final int POLL_LIMIT = 1;

    @Param({"32", "256"})
    int size;

    private final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(MAX_SIZE_BYTES));
    private final MessageHandler handler = this::onMessage;
    private OneToOneRingBuffer ring;
    private long received;

    /**
     * A fresh ring per trial, on direct memory: the file-mapped variant costs the same per operation once mapped.
     */
    @Setup
    public void setUp()
    {
        ring = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(CAPACITY_BYTES + RingBufferDescriptor.TRAILER_LENGTH)));
        message.setMemory(0, MAX_SIZE_BYTES, (byte)7);
    }

    /**
     * One write of {@link #size} bytes.
     *
     * @return whether the ring had room, so the JIT cannot drop the call.
     */
    @Benchmark
    @Group("offerPoll")
    @GroupThreads(1)
    public boolean offer(final GroupCounters counters)
    {
        final boolean written = ring.write(MESSAGE_TYPE_ID, message, 0, size);
        if (written)
        {
            counters.sent++;
        }
        return written;
    }

    /**
     * One read of at most one message.
     *
     * @return the number of messages read, 0 when the ring was empty.
     */
    @Benchmark
    @Group("offerPoll")
    @GroupThreads(1)
    public int poll(final GroupCounters counters)
    {
        final int read = ring.read(handler, POLL_LIMIT);
        counters.received += read;
        return read;
    }

    private void onMessage(final int typeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        received += buffer.getLong(index);
    }
}
