package io.slipstream.engine;

import org.agrona.DirectBuffer;

/**
 * Receives messages from {@link Subscription#poll} (and {@link RingReader#poll}).
 * <p>
 * The position of the record being handled is {@link Subscription#recordPosition()} (its start) and
 * {@link Subscription#recordEndPosition()} (its end), read during the call. A handler that throws ends the poll: the
 * record it was handed counts as consumed (it is not delivered again) and the exception reaches the poll's caller.
 */
@FunctionalInterface
public interface RecordHandler
{
    /**
     * @param typeId the type id given when the message was offered.
     * @param buffer the ring's data region: read only {@code [offset, offset + length)}, and only during this call;
     *               an SBE flyweight can wrap it in place.
     * @param offset where the message starts in the buffer.
     * @param length the message's length in bytes.
     */
    void onMessage(int typeId, DirectBuffer buffer, int offset, int length);
}
