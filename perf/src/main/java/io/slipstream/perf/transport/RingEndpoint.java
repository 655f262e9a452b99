package io.slipstream.perf.transport;

import io.slipstream.engine.Publication;
import io.slipstream.engine.RecordHandler;
import io.slipstream.engine.Subscription;
import io.slipstream.perf.core.Endpoint;
import io.slipstream.perf.core.HarnessException;
import io.slipstream.perf.core.MessageSink;
import org.agrona.DirectBuffer;

/**
 * One side of a Slipstream ping-pong: a publication on the ring it writes, a subscription on the ring its peer
 * writes (polled a message at a time). Unless it spins, it yields the core after an offer refused or a poll that
 * found nothing, so that a bridge or Aeron thread sharing the core can move the data.
 */
final class RingEndpoint implements Endpoint
{
    private static final int POLL_LIMIT = 1;

    private final String transportName;
    private final Publication publication;
    private final Subscription subscription;
    private final boolean spin;
    private final RecordHandler handler = this::onMessage;
    private MessageSink sink;

    RingEndpoint(
        final String transportName, final Publication publication, final Subscription subscription, final boolean spin)
    {
        this.transportName = transportName;
        this.publication = publication;
        this.subscription = subscription;
        this.spin = spin;
    }

    @Override
    public boolean offer(final DirectBuffer buffer, final int offset, final int length)
    {
        final long result = publication.offer(buffer, offset, length);
        if (result == Publication.CLOSED)
        {
            throw new HarnessException(transportName + " publication closed");
        }
        if (result > 0)
        {
            return true;
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
        final int messages = subscription.poll(handler, POLL_LIMIT);
        if (messages == 0 && !spin)
        {
            // Give the core to a bridge or Aeron thread: on two cores they need it to move anything.
            Thread.yield();
        }
        return messages;
    }

    private void onMessage(final int typeId, final DirectBuffer buffer, final int offset, final int length)
    {
        sink.onMessage(buffer, offset, length);
    }

    @Override
    public void close()
    {
        subscription.close();
        publication.close();
    }
}
