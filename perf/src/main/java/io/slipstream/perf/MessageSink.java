package io.slipstream.perf;

import org.agrona.DirectBuffer;

/**
 * Receives one message; the buffer slice is valid only during the call.
 */
@FunctionalInterface
public interface MessageSink
{
    void onMessage(DirectBuffer buffer, int offset, int length);
}
