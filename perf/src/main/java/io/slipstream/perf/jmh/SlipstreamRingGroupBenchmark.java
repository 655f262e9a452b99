package io.slipstream.perf.jmh;

import io.slipstream.engine.Publication;
import io.slipstream.engine.RecordHandler;
import io.slipstream.engine.Subscription;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;

/**
 * A Slipstream ring with its publication and subscription on two threads of one JMH group (unlike
 * {@link RingBenchmark}, where one thread does both): an offer into a full ring returns {@code BACK_PRESSURED} and a
 * poll of an empty ring returns 0. Run with {@code -prof gc}: neither side allocates.
 */
public class SlipstreamRingGroupBenchmark extends OfferPollGroupBenchmark
{
    /** Large enough that the producer rarely finds the ring full, small enough to stay in L2. */
    private static final int CAPACITY_BYTES = 64 * 1024;
    private static final int POLL_LIMIT = 1;

    private final RecordHandler handler = this::onMessage;
    private ShmRing ring;
    private Publication publication;
    private Subscription subscription;

    /** A fresh ring per trial in a fresh directory under /dev/shm, deleted after the trial. */
    @Setup
    public void setUp() throws IOException
    {
        ring = ShmRing.open("slipstream-jmh-group-", CAPACITY_BYTES, true);
        publication = ring.publication();
        subscription = ring.subscription();
    }

    /** Closes both ends (the group's threads have stopped) and deletes the ring's directory. */
    @TearDown
    public void tearDown()
    {
        CloseHelper.close(ring);
    }

    @Override
    protected boolean offerMessage(final int lengthBytes)
    {
        return publication.offer(message, 0, lengthBytes) > 0;
    }

    @Override
    protected int pollMessage()
    {
        return subscription.poll(handler, POLL_LIMIT);
    }

    private void onMessage(final int typeId, final DirectBuffer buffer, final int offset, final int length)
    {
        check(buffer, offset, length);
    }
}
