package io.slipstream.perf.transport;

import io.slipstream.perf.core.Endpoint;
import io.slipstream.perf.core.MessageSink;
import org.agrona.DirectBuffer;

/**
 * What the ring and Aeron endpoints share: the sink a poll delivers to, and whether a side spins or yields the core
 * after an offer refused or a poll that found nothing (so that a media driver, a bridge or an Aeron thread sharing
 * the core can move the data). The helpers are final, so the offer and poll of a subclass stay one call deep.
 */
abstract class PollingEndpoint implements Endpoint
{
    private final boolean spin;
    private MessageSink sink;

    PollingEndpoint(final boolean spin)
    {
        this.spin = spin;
    }

    /**
     * Remembers where this poll's messages go.
     *
     * @param sink the sink of the poll under way.
     */
    protected final void pollInto(final MessageSink sink)
    {
        this.sink = sink;
    }

    /**
     * Hands one received message to the sink of the poll under way.
     */
    protected final void deliver(final DirectBuffer buffer, final int offset, final int length)
    {
        sink.onMessage(buffer, offset, length);
    }

    /**
     * An offer the transport refused for want of room: yields the core unless spinning.
     *
     * @return false, the offer's result.
     */
    protected final boolean refused()
    {
        if (!spin)
        {
            Thread.yield();
        }
        return false;
    }

    /**
     * A poll's result, after yielding the core when it found nothing and this side does not spin.
     *
     * @param messages what the poll read.
     * @return {@code messages}.
     */
    protected final int polled(final int messages)
    {
        if (messages == 0 && !spin)
        {
            Thread.yield();
        }
        return messages;
    }
}
