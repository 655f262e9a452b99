package io.slipstream.driver;

import io.aeron.driver.ThreadingMode;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DriverConfigParserTest
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
            driver-idle = busy-spin
            threading = shared-network
            term-length = 1m
            mtu = 8k
            publication-window = 128k
            peer-timeout-ms = 3000
            bridge-threads = shared
            bridge = ring:orders -> aeron:udp?endpoint=10.0.0.2:40123|stream=10
            aeron:udp?endpoint=10.0.0.1:40124|stream=11 -> ring:fills
            """);
        final DriverContext context = DriverConfigParser.load(file, new DriverContext()).conclude();
        assertEquals(Path.of("/dev/shm/aeron-x"), context.aeronDir());
        assertEquals(Path.of("/dev/shm/rings-x"), context.ringDir());
        assertInstanceOf(YieldingIdleStrategy.class, context.idleStrategy().get());
        assertInstanceOf(BusySpinIdleStrategy.class, context.driverIdleStrategy().get());
        assertEquals(ThreadingMode.SHARED_NETWORK, context.threadingMode());
        assertEquals(1 << 20, context.termLengthBytes());
        assertEquals(8 << 10, context.mtuBytes());
        assertEquals(128 << 10, context.publicationWindowBytes());
        assertEquals(3000, context.peerTimeoutMs());
        assertEquals(BridgeThreads.SHARED, context.bridgeThreads());
        assertEquals(2, context.bridges().size());
        assertEquals("fills", context.bridges().get(1).ringName());
    }

    @Test
    void shouldNameTheFileAndLineOfABadEntry() throws Exception
    {
        final Path file = Files.writeString(dir.resolve("bad.conf"), "idle = backoff\ncolour = blue\n");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> DriverConfigParser.load(file, new DriverContext()));
        assertTrue(ex.getMessage().startsWith(file + ":2: unknown key 'colour'"), ex.getMessage());
    }

    @Test
    void shouldRefuseTheFutexIdleStrategyAndBadNumbers()
    {
        assertThrows(IllegalArgumentException.class, () -> DriverConfigParser.parseIdle("futex"));
        assertThrows(IllegalArgumentException.class, () -> DriverConfigParser.parseIdle("sleepy"));
        assertThrows(IllegalArgumentException.class,
            () -> DriverConfigParser.apply("poll-limit", "many", new DriverContext()));
        assertThrows(IllegalArgumentException.class, () -> DriverConfigParser.parseThreading("lots"));
    }

    @Test
    void shouldParseTheBridgeThreadsAndRefuseAeronsInvokerModeOutsideTheDriversDutyCycle()
    {
        assertEquals(BridgeThreads.DEDICATED, new DriverContext().bridgeThreads());
        assertEquals(BridgeThreads.DRIVER,
            DriverConfigParser.apply("bridge-threads", " Driver ", new DriverContext()).bridgeThreads());
        assertEquals(BridgeThreads.DEDICATED,
            DriverConfigParser.apply("bridge-threads", "dedicated", new DriverContext()).bridgeThreads());
        final IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
            () -> DriverConfigParser.apply("bridge-threads", "many", new DriverContext()));
        assertTrue(bad.getMessage().contains("dedicated") && bad.getMessage().contains("driver"), bad.getMessage());
        final IllegalArgumentException invoker = assertThrows(IllegalArgumentException.class,
            () -> DriverConfigParser.parseThreading("invoker"));
        assertTrue(invoker.getMessage().contains("bridge-threads = driver"), invoker.getMessage());
        final DriverContext context = new DriverContext().threadingMode(ThreadingMode.INVOKER)
            .bridge(BridgeSpec.parse("ring:a -> aeron:udp?endpoint=h:1"));
        assertThrows(IllegalArgumentException.class, context::conclude);
        context.bridgeThreads(BridgeThreads.DRIVER).conclude();
    }

    @Test
    void shouldLetTheCommandLineOverrideTheConfigFile() throws Exception
    {
        final Path file = Files.writeString(dir.resolve("driver.conf"),
            "idle = yielding\nbridge = ring:a -> aeron:udp?endpoint=h:1\n");
        final DriverMain main = new DriverMain();
        new picocli.CommandLine(main).parseArgs("--config", file.toString(), "--idle", "busy-spin",
            "--bridge", "aeron:udp?endpoint=h:2 -> ring:b", "--poll-limit", "16", "--bridge-threads", "driver");
        final DriverContext context = main.context();
        assertInstanceOf(BusySpinIdleStrategy.class, context.idleStrategy().get());
        assertEquals(16, context.pollLimit());
        assertEquals(BridgeThreads.DRIVER, context.bridgeThreads());
        assertEquals(2, context.bridges().size());
    }

    @Test
    void shouldParseSizes()
    {
        assertEquals(65536, DriverConfigParser.parseSize("64k"));
        assertEquals(16 << 20, DriverConfigParser.parseSize("16M"));
        assertEquals(1000, DriverConfigParser.parseSize("1000"));
        assertThrows(IllegalArgumentException.class, () -> DriverConfigParser.parseSize("lots"));
        assertThrows(IllegalArgumentException.class, () -> DriverConfigParser.parseSize("4g"));
    }
}
