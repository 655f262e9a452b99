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

    @Test
    void shouldGiveStreamingRunsATermWhoseWindowOutlastsTheConductorsPause()
    {
        assertEquals("aeron:ipc?term-length=67108864", AeronIpcTransport.channel(32, true));
        assertEquals("aeron:ipc?term-length=1048576", AeronIpcTransport.channel(32, false));
        assertEquals("aeron:ipc?term-length=134217728", AeronIpcTransport.channel(16 * 1024 * 1024, true));
    }
}
