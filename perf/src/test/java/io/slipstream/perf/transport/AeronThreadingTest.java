package io.slipstream.perf.transport;

import io.aeron.driver.ThreadingMode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AeronThreadingTest
{
    @Test
    void shouldChooseDedicatedBusySpinningAgentsOnlyWhenTheHostHasACoreForEach()
    {
        assertEquals(AeronThreading.SHARED, AeronThreading.AUTO.resolve(2));
        assertEquals(AeronThreading.SHARED, AeronThreading.AUTO.resolve(4));
        assertEquals(AeronThreading.DEDICATED, AeronThreading.AUTO.resolve(5));
        assertEquals(AeronThreading.DEDICATED, AeronThreading.AUTO.resolve(64));
        assertEquals(AeronThreading.SHARED_NETWORK, AeronThreading.SHARED_NETWORK.resolve(2));
        assertEquals(AeronThreading.DEDICATED, AeronThreading.DEDICATED.resolve(2));
    }

    @Test
    void shouldMapToAeronsModesAndIdleStrategies()
    {
        assertEquals(ThreadingMode.DEDICATED, AeronThreading.DEDICATED.threadingMode());
        assertEquals(ThreadingMode.SHARED_NETWORK, AeronThreading.SHARED_NETWORK.threadingMode());
        assertEquals(ThreadingMode.SHARED, AeronThreading.SHARED.threadingMode());
        assertTrue(AeronThreading.DEDICATED.busySpin());
        assertFalse(AeronThreading.SHARED.busySpin());
        assertThrows(IllegalStateException.class, AeronThreading.AUTO::threadingMode);
        assertEquals(AeronThreading.SHARED_NETWORK, AeronThreading.fromLabel("shared-network"));
        assertThrows(IllegalArgumentException.class, () -> AeronThreading.fromLabel("spinning"));
    }

    @Test
    void shouldNameTheResolvedThreadingInTheSettings()
    {
        final AeronIpcTransport transport = new AeronIpcTransport(AeronThreading.SHARED_NETWORK);

        final String settings = String.join("\n", transport.settings(
            new io.slipstream.perf.core.RunSpec(java.nio.file.Path.of("/dev/shm/x"), 32)));

        assertTrue(settings.contains("threading SHARED_NETWORK, idle strategy busy spin"), settings);
    }
}
