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

    @Override
    void close();
}
