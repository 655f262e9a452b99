package io.slipstream.driver;

import io.aeron.driver.ThreadingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class DriverContextTest
{
    @TempDir
    Path dir;

    @Test
    void shouldLoadAConfigFile() throws Exception
    {
        final Path file = Files.writeString(dir.resolve("driver.conf"), """
            # a comment
            aeron-dir = /dev/shm/aeron-x
            ring-dir = /dev/shm/rings-x   # trailing comment
            idle = yielding
            threading = shared-network
            term-length = 1m
            mtu = 8k
            publication-window = 128k
            peer-timeout-ms = 3000
            bridge = ring:orders -> aeron:udp?endpoint=10.0.0.2:40123|stream=10
            aeron:udp?endpoint=10.0.0.1:40124|stream=11 -> ring:fills
            """);
        final DriverContext context = new DriverContext().load(file).conclude();
        assertEquals(Path.of("/dev/shm/aeron-x"), context.aeronDir());
        assertEquals(Path.of("/dev/shm/rings-x"), context.ringDir());
        assertEquals("yielding", context.idle());
        assertEquals(ThreadingMode.SHARED_NETWORK, context.threadingMode());
        assertEquals(1 << 20, context.termLengthBytes());
        assertEquals(8 << 10, context.mtuBytes());
        assertEquals(128 << 10, context.publicationWindowBytes());
        assertEquals(3000, context.peerTimeoutMs());
        assertEquals(2, context.bridges().size());
        assertEquals("fills", context.bridges().get(1).ringName());
    }

    @Test
    void shouldNameTheFileAndLineOfABadEntry() throws Exception
    {
        final Path file = Files.writeString(dir.resolve("bad.conf"), "idle = backoff\ncolour = blue\n");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new DriverContext().load(file));
        assertTrue(ex.getMessage().startsWith(file + ":2: unknown key 'colour'"), ex.getMessage());
    }

    @Test
    void shouldRefuseToRunWithoutBridgesOrWithAFutexIdleStrategy()
    {
        assertThrows(IllegalArgumentException.class, () -> new DriverContext().conclude());
        final DriverContext context = new DriverContext().idle("futex")
            .bridge(BridgeSpec.parse("ring:a -> aeron:udp?endpoint=h:1"));
        assertThrows(IllegalArgumentException.class, context::conclude);
    }

    @Test
    void shouldLetTheCommandLineOverrideTheConfigFile() throws Exception
    {
        final Path file = Files.writeString(dir.resolve("driver.conf"),
            "idle = yielding\nbridge = ring:a -> aeron:udp?endpoint=h:1\n");
        final DriverMain main = new DriverMain();
        new picocli.CommandLine(main).parseArgs("--config", file.toString(), "--idle", "busy-spin",
            "--bridge", "aeron:udp?endpoint=h:2 -> ring:b");
        final DriverContext context = main.context();
        assertEquals("busy-spin", context.idle());
        assertEquals(2, context.bridges().size());
    }

    @Test
    void shouldParseSizes()
    {
        assertEquals(65536, DriverContext.parseSize("64k"));
        assertEquals(16 << 20, DriverContext.parseSize("16M"));
        assertEquals(1000, DriverContext.parseSize("1000"));
        assertThrows(IllegalArgumentException.class, () -> DriverContext.parseSize("lots"));
        assertThrows(IllegalArgumentException.class, () -> DriverContext.parseSize("4g"));
    }
}
