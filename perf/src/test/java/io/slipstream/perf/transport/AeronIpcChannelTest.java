package io.slipstream.perf.transport;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AeronIpcChannelTest
{
    @Test
    void shouldUseTheSmallestTermForSmallMessages()
    {
        assertEquals("aeron:ipc?term-length=1048576", AeronIpcTransport.channel(32));
        assertEquals("aeron:ipc?term-length=1048576", AeronIpcTransport.channel(128 * 1024));
    }

    @Test
    void shouldGrowTheTermSoTheMessageFitsAeronsMaximumOfATermOverEight()
    {
        assertEquals("aeron:ipc?term-length=2097152", AeronIpcTransport.channel(128 * 1024 + 1));
        assertEquals("aeron:ipc?term-length=8388608", AeronIpcTransport.channel(1024 * 1024));
    }
}
