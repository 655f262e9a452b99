package io.slipstream.perf.core;

import org.agrona.DirectBuffer;

/**
 * Receives one message; the buffer slice is valid only during the call.
 */
@FunctionalInterface
public interface MessageSink
{
    void onMessage(DirectBuffer buffer, int offset, int length);
}
