package io.slipstream.perf.jmh;

import io.slipstream.engine.Publication;
import io.slipstream.engine.RecordHandler;
import io.slipstream.engine.RingContext;
import io.slipstream.engine.Subscription;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Slipstream ring with its publication and subscription on two threads of one JMH group: the cost of an offer
 * and of a poll while the other side runs at the same time, so the ring's lines move between cores as they do in
 * use (unlike {@link RingBenchmark}, where one thread does both). Neither side waits inside a call: an offer into a
 * full ring returns {@code BACK_PRESSURED} and a poll of an empty ring returns 0, both counted as operations, so an
 * iteration can always end ({@link GroupCounters} reports the messages that moved). Run with {@code -prof gc}:
 * neither side allocates.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// Agrona needs the export and the futex calls native access; the GC and heap flags are the noise control every peer
// was measured with.
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow", "-XX:+UseSerialGC", "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"})
@State(Scope.Group)
public class SlipstreamRingGroupBenchmark
{
    /** Large enough that the producer rarely finds the ring full, small enough to stay in L2. */
    private static final int CAPACITY_BYTES = 64 * 1024;
    private static final int MAX_SIZE_BYTES = 256;
    private static final int POLL_LIMIT = 1;
    private static final Path SHM = Path.of("/dev/shm");

    @Param({"32", "256"})
    int size;

    private final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(MAX_SIZE_BYTES));
    private final RecordHandler handler = this::onMessage;
    private Path directory;
    private Publication publication;
    private Subscription subscription;
    private long received;

    /** A fresh ring per trial in a fresh directory under /dev/shm, deleted after the trial. */
    @Setup
    public void setUp() throws IOException
    {
        message.setMemory(0, MAX_SIZE_BYTES, (byte)7);
        final Path parent = Files.isDirectory(SHM) ? SHM : Path.of(System.getProperty("java.io.tmpdir"));
        directory = Files.createTempDirectory(parent, "slipstream-jmh-group-");
        final RingContext context = new RingContext()
            .directory(directory)
            .streamName("bench")
            .capacityBytes(CAPACITY_BYTES);
        publication = Publication.open(context.copy());
        subscription = Subscription.open(context.copy());
    }

    /** Closes both ends (the group's threads have stopped) and deletes the ring's directory. */
    @TearDown
    public void tearDown()
    {
        try
        {
            if (subscription != null)
            {
                subscription.close();
            }
            if (publication != null)
            {
                publication.close();
            }
        }
        finally
        {
            deleteDirectory(directory);
        }
    }

    /**
     * One offer of {@link #size} bytes.
     *
     * @return the new position, or a negative code when the ring was full.
     */
    @Benchmark
    @Group("offerPoll")
    @GroupThreads(1)
    public long offer(final GroupCounters counters)
    {
        final long position = publication.offer(message, 0, size);
        if (position > 0)
        {
            counters.sent++;
        }
        return position;
    }

    /**
     * One poll of at most one message.
     *
     * @return the number of messages read, 0 when the ring was empty.
     */
    @Benchmark
    @Group("offerPoll")
    @GroupThreads(1)
    public int poll(final GroupCounters counters)
    {
        final int read = subscription.poll(handler, POLL_LIMIT);
        counters.received += read;
        return read;
    }

    private void onMessage(final int typeId, final DirectBuffer buffer, final int offset, final int length)
    {
        received += buffer.getLong(offset) + length;
    }

    private static void deleteDirectory(final Path directory)
    {
        if (directory == null)
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(path);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
