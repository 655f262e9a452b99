package io.slipstream.engine;

import org.agrona.DirectBuffer;

/**
 * Receives messages from {@link Subscription#controlledPoll} and says what to do next.
 * <p>
 * The record's position is read as for a {@link RecordHandler}. A handler that throws is treated as by
 * {@link Subscription#poll}: its record counts as consumed, as if it had returned {@link Action#BREAK}, and the
 * exception reaches the poll's caller. To have a record delivered again, return {@link Action#ABORT} instead.
 */
@FunctionalInterface
public interface ControlledRecordHandler
{
    /** What the poll does after a message. */
    enum Action
    {
        /** Leave this message unconsumed and stop: the next poll delivers it again. */
        ABORT,
        /** Consume this message and stop. */
        BREAK,
        /** Consume this message, publish the position to the producer now, and go on. */
        COMMIT,
        /** Consume this message and go on. */
        CONTINUE
    }

    /** As {@link RecordHandler#onMessage}, returning what to do next. */
    Action onMessage(int typeId, DirectBuffer buffer, int offset, int length);
}
