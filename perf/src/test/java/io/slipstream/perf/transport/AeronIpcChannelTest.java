package io.slipstream.perf.transport;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AeronIpcChannelTest
{
    @Test
    void shouldUseTheSmallestTermForSmallMessages()
    {
        assertEquals("aeron:ipc?term-length=1048576", AeronIpcTransport.channel(32));
        assertEquals("aeron:ipc?term-length=1048576|mtu=65504", AeronIpcTransport.channel(128 * 1024));
    }

    @Test
    void shouldGrowTheTermSoTheMessageFitsAeronsMaximumOfATermOverEight()
    {
        assertEquals("aeron:ipc?term-length=2097152|mtu=65504", AeronIpcTransport.channel(128 * 1024 + 1));
        assertEquals("aeron:ipc?term-length=8388608|mtu=65504", AeronIpcTransport.channel(1024 * 1024));
    }

    @Test
    void shouldGiveStreamingRunsATermWhoseWindowOutlastsTheConductorsPause()
    {
        assertEquals("aeron:ipc?term-length=67108864", AeronIpcTransport.channel(32, true));
        assertEquals("aeron:ipc?term-length=1048576", AeronIpcTransport.channel(32, false));
        assertEquals("aeron:ipc?term-length=134217728|mtu=65504", AeronIpcTransport.channel(16 * 1024 * 1024, true));
    }

    @Test
    void shouldCarryAMessageInOneFrameUpToAeronsLargestMtu()
    {
        assertEquals(AeronIpcTransport.DEFAULT_MTU_BYTES, AeronIpcTransport.mtuFor(32));
        assertEquals(AeronIpcTransport.DEFAULT_MTU_BYTES, AeronIpcTransport.mtuFor(1408 - 32));
        assertEquals(1440, AeronIpcTransport.mtuFor(1408 - 31));
        assertEquals(4128, AeronIpcTransport.mtuFor(4096));
        assertEquals("aeron:ipc?term-length=67108864|mtu=4128", AeronIpcTransport.channel(4096, true));
        assertEquals(65504, AeronIpcTransport.mtuFor(65472));
        assertEquals(AeronIpcTransport.MAX_MTU_BYTES, AeronIpcTransport.mtuFor(64 * 1024));
    }
}
