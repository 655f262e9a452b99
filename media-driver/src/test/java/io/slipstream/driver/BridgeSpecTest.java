package io.slipstream.driver;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class BridgeSpecTest
{
    @Test
    void shouldParseARingToChannelBridgeAndTakeTheStreamIdOutOfTheUri()
    {
        final BridgeSpec spec = BridgeSpec.parse("ring:orders -> aeron:udp?endpoint=10.0.0.2:40123|stream=10");
        assertEquals(BridgeSpec.Direction.RING_TO_CHANNEL, spec.direction());
        assertEquals("orders", spec.ringName());
        assertEquals("aeron:udp?endpoint=10.0.0.2:40123", spec.channel());
        assertEquals(10, spec.streamId());
        assertEquals("ring:orders -> aeron:udp?endpoint=10.0.0.2:40123|stream=10", spec.text());
    }

    @Test
    void shouldParseAChannelToRingBridgeWithTheDefaultStreamId()
    {
        final BridgeSpec spec = BridgeSpec.parse("  aeron:udp?endpoint=0.0.0.0:40123->ring:fills ");
        assertEquals(BridgeSpec.Direction.CHANNEL_TO_RING, spec.direction());
        assertEquals("fills", spec.ringName());
        assertEquals(BridgeSpec.DEFAULT_STREAM_ID, spec.streamId());
        assertEquals("aeron:udp?endpoint=0.0.0.0:40123|stream=10 -> ring:fills", spec.text());
    }

    @Test
    void shouldRejectBadSpecsSayingWhatIsExpected()
    {
        assertMessage("ring:a", "exactly one '->'");
        assertMessage("ring:a -> ring:b", "one side must be ring:");
        assertMessage("aeron:udp?endpoint=h:1 -> aeron:udp?endpoint=h:2", "one side must be ring:");
        assertMessage("ring:a -> udp://h:1", "must start with 'aeron:'");
        assertMessage("ring:../etc -> aeron:udp?endpoint=h:1", "ring name must match");
        assertMessage("ring:a -> aeron:udp?endpoint=h:1|stream=x", "stream must be an integer");
    }

    private static void assertMessage(final String spec, final String expected)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> BridgeSpec.parse(spec));
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
    }
}
