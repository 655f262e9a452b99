package io.slipstream.perf.transport;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.slipstream.perf.core.HarnessException;
import io.slipstream.perf.core.MessageSink;
import org.agrona.DirectBuffer;

/**
 * One side of an Aeron ping-pong: an exclusive publication out, a subscription in (polled a fragment at a time, or
 * {@link #BATCH_FRAGMENT_LIMIT} at a time by a one-way receiver, reassembled), and the client that owns both.
 */
final class AeronEndpoint extends PollingEndpoint
{
    private static final int FRAGMENT_LIMIT = 1;
    /** A one-way receiver's fragment limit: what Aeron's samples poll with ({@code aeron.sample.frameCountLimit}). */
    static final int BATCH_FRAGMENT_LIMIT = 20;

    private final String transportName;
    private final Aeron aeron;
    private final ExclusivePublication publication;
    private final Subscription subscription;
    private final FragmentHandler assembler = new FragmentAssembler(this::onFragment);

    /**
     * @param spin whether a refused offer or an empty poll keeps the core rather than yielding it.
     */
    AeronEndpoint(final String transportName, final Aeron aeron, final ExclusivePublication publication,
        final Subscription subscription, final boolean spin)
    {
        super(spin);
        this.transportName = transportName;
        this.aeron = aeron;
        this.publication = publication;
        this.subscription = subscription;
    }

    @Override
    public boolean offer(final DirectBuffer buffer, final int offset, final int length)
    {
        final long result = publication.offer(buffer, offset, length);
        if (result > 0)
        {
            return true;
        }
        if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
        {
            throw new HarnessException(transportName + " publication failed: " + Publication.errorString(result));
        }
        return refused();
    }

    @Override
    public int poll(final MessageSink sink)
    {
        pollInto(sink);
        return polled(subscription.poll(assembler, FRAGMENT_LIMIT));
    }

    @Override
    public int pollBatch(final MessageSink sink)
    {
        pollInto(sink);
        return polled(subscription.poll(assembler, BATCH_FRAGMENT_LIMIT));
    }

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        deliver(buffer, offset, length);
    }

    @Override
    public void close()
    {
        publication.close();
        subscription.close();
        aeron.close();
    }
}
