package io.slipstream.perf.jmh;

import io.slipstream.engine.ControlledRecordHandler;
import io.slipstream.engine.Publication;
import io.slipstream.engine.RecordClaim;
import io.slipstream.engine.RecordHandler;
import io.slipstream.engine.Subscription;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The cost of single ring operations, producer and consumer on one thread over one ring in a fresh directory under
 * /dev/shm (deleted after each trial). The consumer is always caught up, so the ring never fills and nothing waits:
 * these are the steady-state costs of the calls themselves, with the ring's lines in this core's cache. Nothing
 * allocates; {@code -prof gc} shows it ({@code gc.alloc.rate.norm} ~0 B/op).
 * <p>
 * {@code futexWakeups} is set on both ends: {@code true} prices a commit (and a poll that frees space) with futex
 * support while nobody sleeps (a full fence and one load), {@code false} the plain release stores.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class RingBenchmark extends MeasuredBenchmark
{
    /** The {@link #offer} benchmark polls the ring empty once every this many offers. */
    static final int CATCH_UP_INTERVAL = 64;
    /** Small enough to stay in L2, large enough that a catch-up interval of the largest message fits many times. */
    private static final int CAPACITY_BYTES = 64 * 1024;
    private static final int MAX_SIZE_BYTES = 256;
    private static final int POLL_LIMIT = 1;

    @Param({"true", "false"})
    boolean futexWakeups;

    @Param({"32", "256"})
    int size;

    private final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(MAX_SIZE_BYTES));
    private final RecordClaim claim = new RecordClaim();
    private final RecordHandler handler = this::onMessage;
    private final ControlledRecordHandler controlledHandler = this::onControlledMessage;
    private ShmRing ring;
    private Publication publication;
    private Subscription subscription;
    private long checksum;
    private int sinceCatchUp;

    @Setup
    public void setUp() throws IOException
    {
        if (size > MAX_SIZE_BYTES)
        {
            throw new IllegalArgumentException("size must be at most " + MAX_SIZE_BYTES + ": " + size);
        }
        for (int i = 0; i < MAX_SIZE_BYTES; i++)
        {
            message.putByte(i, (byte)i);
        }
        ring = ShmRing.open("slipstream-jmh-", CAPACITY_BYTES, futexWakeups);
        publication = ring.publication();
        subscription = ring.subscription();
    }

    @TearDown
    public void tearDown()
    {
        CloseHelper.close(ring);
    }

    /** One message copied in and read back: the round trip through the ring without the cross-core hop. */
    @Benchmark
    public int offerThenPoll()
    {
        checkOffered(publication.offer(message, 0, size));
        return subscription.poll(handler, POLL_LIMIT);
    }

    /** As {@link #offerThenPoll}, but the message is written in place: claim, copy the same bytes, commit. */
    @Benchmark
    public int claimCommitThenPoll()
    {
        checkOffered(publication.tryClaim(size, claim));
        claim.buffer().putBytes(claim.offset(), message, 0, size);
        claim.commit();
        return subscription.poll(handler, POLL_LIMIT);
    }

    /**
     * The producer's side: one offer per operation, and every {@link #CATCH_UP_INTERVAL} offers one poll that
     * empties the ring, so the figure includes a 1/64 share of a 64-message poll.
     */
    @Benchmark
    public long offer()
    {
        final long position = publication.offer(message, 0, size);
        checkOffered(position);
        if (++sinceCatchUp == CATCH_UP_INTERVAL)
        {
            sinceCatchUp = 0;
            subscription.poll(handler, CATCH_UP_INTERVAL);
        }
        return position;
    }

    /** A poll that finds nothing: what a busy-spinning consumer pays per spin. */
    @Benchmark
    public int pollEmpty()
    {
        return subscription.poll(handler, POLL_LIMIT);
    }

    /** As {@link #offerThenPoll}, read back through {@link Subscription#controlledPoll} with a handler continuing. */
    @Benchmark
    public int offerThenControlledPoll()
    {
        checkOffered(publication.offer(message, 0, size));
        return subscription.controlledPoll(controlledHandler, POLL_LIMIT);
    }

    private void onMessage(final int typeId, final DirectBuffer buffer, final int offset, final int length)
    {
        checksum += buffer.getLong(offset) + length;
    }

    private ControlledRecordHandler.Action onControlledMessage(
        final int typeId, final DirectBuffer buffer, final int offset, final int length)
    {
        checksum += buffer.getLong(offset) + length;
        return ControlledRecordHandler.Action.CONTINUE;
    }

    /** The consumer is kept caught up, so back-pressure means the benchmark is broken, not slow. */
    private void checkOffered(final long result)
    {
        if (result < 0)
        {
            throw new IllegalStateException("offer/tryClaim returned " + result + ": the consumer fell behind");
        }
    }
}
