package io.slipstream.engine;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class RingContextTest
{
    @Test
    void shouldDefaultToPerUserDirectoryInDevShm()
    {
        final RingContext context = new RingContext().streamName("orders").conclude();
        assertTrue(context.directory().toString().startsWith("/dev/shm/slipstream-"));
        assertEquals(context.directory().resolve("orders.ring"), context.ringFile());
    }

    @Test
    void shouldRejectBadStreamNames()
    {
        for (final String name : new String[]{null, "", "../x", "a/b", ".hidden", "x".repeat(200), "sp ace"})
        {
            assertThrows(IllegalArgumentException.class, () -> new RingContext().streamName(name).conclude(),
                "name " + name);
        }
        new RingContext().streamName("md.eurusd_1-A").conclude();
    }

    @Test
    void shouldRejectBadShapes()
    {
        assertThrows(IllegalArgumentException.class, () -> ctx().capacityBytes(3000).conclude());
        assertThrows(IllegalArgumentException.class, () -> ctx().capacityBytes(512).conclude());
        assertThrows(IllegalArgumentException.class, () -> ctx().capacityBytes(1 << 31 >>> 0).conclude());
        assertThrows(IllegalArgumentException.class, () -> ctx().capacityBytes(4096).maxMessageLengthBytes(2000)
            .conclude());
        assertThrows(IllegalArgumentException.class, () -> ctx().consumerSlots(65).conclude());
        assertThrows(IllegalArgumentException.class, () -> ctx().readyTimeoutNs(-1).conclude());
        assertEquals(1016, ctx().capacityBytes(4096).maxMessageLengthBytes(1016).conclude().maxMessageLengthBytes());
    }

    @Test
    void shouldLeaveEvictionOffByDefaultAndRejectANegativeTimeout()
    {
        assertEquals(0, ctx().conclude().consumerEvictionTimeoutNs());
        assertEquals(5_000_000_000L, ctx().consumerEvictionTimeoutNs(5_000_000_000L).conclude()
            .consumerEvictionTimeoutNs());
        assertThrows(IllegalArgumentException.class, () -> ctx().consumerEvictionTimeoutNs(-1).conclude());
    }

    @Test
    void shouldCopyWithoutSharingState()
    {
        final RingContext original = ctx().capacityBytes(4096);
        final RingContext copy = original.copy().capacityBytes(8192);
        assertEquals(4096, original.capacityBytes());
        assertEquals(8192, copy.capacityBytes());
    }

    private static RingContext ctx()
    {
        return new RingContext().directory(Path.of("/tmp/x")).streamName("s");
    }
}
