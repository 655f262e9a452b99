package io.slipstream.perf.transport;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.slipstream.perf.core.Endpoint;
import io.slipstream.perf.core.HarnessException;
import io.slipstream.perf.core.MessageSink;
import org.agrona.DirectBuffer;

/**
 * One side of an Aeron ping-pong: an exclusive publication out, a subscription in (polled a fragment at a time,
 * reassembled), and the client that owns both. Unless it spins, it yields the core after an offer refused or a poll
 * that found nothing, so that a media driver sharing the core can move the data.
 */
final class AeronEndpoint implements Endpoint
{
    private static final int FRAGMENT_LIMIT = 1;

    private final String transportName;
    private final Aeron aeron;
    private final ExclusivePublication publication;
    private final Subscription subscription;
    private final boolean spin;
    private final FragmentHandler assembler = new FragmentAssembler(this::onFragment);
    private MessageSink sink;

    AeronEndpoint(
        final String transportName,
        final Aeron aeron,
        final ExclusivePublication publication,
        final Subscription subscription,
        final boolean spin)
    {
        this.transportName = transportName;
        this.aeron = aeron;
        this.publication = publication;
        this.subscription = subscription;
        this.spin = spin;
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
        if (!spin)
        {
            Thread.yield();
        }
        return false;
    }

    @Override
    public int poll(final MessageSink sink)
    {
        this.sink = sink;
        final int fragments = subscription.poll(assembler, FRAGMENT_LIMIT);
        if (fragments == 0 && !spin)
        {
            // Give the core to a driver thread: on two cores the drivers need it to move anything.
            Thread.yield();
        }
        return fragments;
    }

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        sink.onMessage(buffer, offset, length);
    }

    @Override
    public void close()
    {
        publication.close();
        subscription.close();
        aeron.close();
    }
}
