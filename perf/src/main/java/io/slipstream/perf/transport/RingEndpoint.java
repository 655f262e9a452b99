package io.slipstream.perf.transport;

import io.slipstream.engine.Publication;
import io.slipstream.engine.RecordHandler;
import io.slipstream.engine.Subscription;
import io.slipstream.perf.core.HarnessException;
import io.slipstream.perf.core.MessageSink;
import org.agrona.DirectBuffer;

/**
 * One side of a Slipstream ping-pong: a publication on the ring it writes, a subscription on the ring its peer
 * writes (polled a message at a time, or
 * {@link #BATCH_POLL_LIMIT} at a time by a one-way receiver).
 */
final class RingEndpoint extends PollingEndpoint
{
    private static final int POLL_LIMIT = 1;
    /** A one-way receiver's poll limit: the fragment limit Aeron's samples poll with. */
    static final int BATCH_POLL_LIMIT = AeronEndpoint.BATCH_FRAGMENT_LIMIT;

    private final String transportName;
    private final Publication publication;
    private final Subscription subscription;
    private final RecordHandler handler = (typeId, buffer, offset, length) -> deliver(buffer, offset, length);

    /**
     * @param spin whether a refused offer or an empty poll keeps the core rather than yielding it.
     */
    RingEndpoint(
        final String transportName, final Publication publication, final Subscription subscription, final boolean spin)
    {
        super(spin);
        this.transportName = transportName;
        this.publication = publication;
        this.subscription = subscription;
    }

    @Override
    public boolean offer(final DirectBuffer buffer, final int offset, final int length)
    {
        final long result = publication.offer(buffer, offset, length);
        if (result == Publication.CLOSED)
        {
            throw new HarnessException(transportName + " publication closed");
        }
        return result > 0 || refused();
    }

    @Override
    public int poll(final MessageSink sink)
    {
        pollInto(sink);
        return polled(subscription.poll(handler, POLL_LIMIT));
    }

    @Override
    public int pollBatch(final MessageSink sink)
    {
        pollInto(sink);
        return polled(subscription.poll(handler, BATCH_POLL_LIMIT));
    }

    @Override
    public void close()
    {
        subscription.close();
        publication.close();
    }
}
