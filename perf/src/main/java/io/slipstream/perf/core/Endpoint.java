package io.slipstream.perf.core;

/**
 * One side's view of a transport: messages out to the peer, messages in from it. Non-blocking; the loops that
 * use it spin.
 */
public interface Endpoint extends AutoCloseable
{
    /**
     * @return true if the message was accepted, false if back-pressured (try again).
     * @throws HarnessException if the transport is closed or broken.
     */
    boolean offer(org.agrona.DirectBuffer buffer, int offset, int length);

    /**
     * Deliver at most one waiting message to {@code sink}.
     *
     * @return the number of messages delivered, 0 or 1.
     */
    int poll(MessageSink sink);

    /**
     * Deliver the waiting messages a one-way receiver takes in one poll, as the transport's own documentation polls
     * for throughput (a batch limit, or all that is waiting); by default one, as {@link #poll}.
     *
     * @return the number of messages delivered.
     */
    default int pollBatch(final MessageSink sink)
    {
        return poll(sink);
    }

    @Override
    void close();
}
