package io.slipstream.driver;

import io.slipstream.engine.Publication;
import io.slipstream.engine.Subscription;
import io.slipstream.test.RingDirectoryExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** Ring -> driver A -> UDP over loopback -> driver B -> ring, both drivers in this JVM. */
class LoopbackTest
{
    private static final int MESSAGES = 1_000_000;
    private static final int RING_BYTES = 4 << 20;
    /** What Aeron's threads are named after: its driver's agents (alone or composed) and its client's. */
    private static final List<String> AERON_AGENT_NAMES = List.of("driver-conductor", "sender", "receiver",
        "shared", "aeron-client", "aeron-executor");

    @RegisterExtension
    final RingDirectoryExtension directory = new RingDirectoryExtension("slipstream-driver-test-loopback-");
    private Path dir;

    @BeforeEach
    void setUp()
    {
        dir = directory.path();
    }

    @Test
    void shouldCarryAMillionMessagesInOrderWithNoneLostIncludingMessagesLongerThanTheMtu() throws Exception
    {
        final int port = TestSetup.freeUdpPort();
        final String channel = "aeron:udp?endpoint=127.0.0.1:" + port + "|stream=10";
        final Path ringsA = Files.createDirectories(dir.resolve("rings-a"));
        final Path ringsB = Files.createDirectories(dir.resolve("rings-b"));
        final Path aeronB = dir.resolve("aeron-b");
        try (Publication source = Publication.open(TestSetup.ring(ringsA, "out", RING_BYTES));
            Subscription destination = Subscription.open(TestSetup.ring(ringsB, "in", RING_BYTES));
            SlipstreamDriver receiver = SlipstreamDriver.launch(
                TestSetup.driver(aeronB, ringsB, channel + " -> ring:in"));
            SlipstreamDriver sender = SlipstreamDriver.launch(
                TestSetup.driver(dir.resolve("aeron-a"), ringsA, "ring:out -> " + channel)))
        {
            final Traffic.Checker checker = Traffic.stream(source, destination, MESSAGES, 180);
            assertEquals(MESSAGES, checker.received);
            assertTrue(checker.gaps.isEmpty());

            final String stat = stat(aeronB);
            assertTrue(stat.matches("(?s).*\\Q" + channel + " -> ring:in\\E\\s+yes\\s+1\\s+" + MESSAGES + "\\s.*"),
                stat);
            assertTrue(stat.contains("Aeron counters:"), stat);
            assertEquals(MESSAGES, sender.aeron().countersReader().getCounterValue(
                counterId(sender, DriverCounters.MESSAGES_TYPE_ID)));
        }
    }

    /**
     * One driver runs both ends (ring out -> UDP -> ring in) with its bridges on one shared thread: the same exact
     * delivery, and the driver adds a single bridge thread for both.
     */
    @Test
    void shouldCarryMessagesExactlyOnceWithBothBridgesOnOneSharedThread() throws Exception
    {
        final int messages = 200_000;
        final String channel = "aeron:udp?endpoint=127.0.0.1:" + TestSetup.freeUdpPort() + "|stream=10";
        final Path rings = Files.createDirectories(dir.resolve("rings"));
        final long bridgeThreadsBefore = bridgeThreads();
        try (Publication source = Publication.open(TestSetup.ring(rings, "out", RING_BYTES));
            Subscription destination = Subscription.open(TestSetup.ring(rings, "in", RING_BYTES));
            SlipstreamDriver ignored = SlipstreamDriver.launch(TestSetup.driver(dir.resolve("aeron"), rings,
                "ring:out -> " + channel, channel + " -> ring:in").bridgeThreads(BridgeThreads.SHARED)))
        {
            assertEquals(1, bridgeThreads() - bridgeThreadsBefore, "one thread runs both bridges");
            final Traffic.Checker checker = Traffic.stream(source, destination, messages, 180);
            assertEquals(messages, checker.received);
        }
    }

    /**
     * Each driver with {@code bridge-threads = driver} runs Aeron's media driver (INVOKER mode), its Aeron client and
     * its bridges on one thread: two drivers add exactly two threads, both the driver's duty cycle, and none of
     * Aeron's (conductor, sender, receiver, shared, client conductor, executor). The stream is exact as ever.
     */
    @Test
    void shouldCarryMessagesExactlyOnceWithEachDriverOnOneThread() throws Exception
    {
        final int messages = 200_000;
        final String channel = "aeron:udp?endpoint=127.0.0.1:" + TestSetup.freeUdpPort() + "|stream=10";
        final Path ringsA = Files.createDirectories(dir.resolve("rings-a"));
        final Path ringsB = Files.createDirectories(dir.resolve("rings-b"));
        final Path aeronB = dir.resolve("aeron-b");
        final Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (Publication source = Publication.open(TestSetup.ring(ringsA, "out", RING_BYTES));
            Subscription destination = Subscription.open(TestSetup.ring(ringsB, "in", RING_BYTES));
            SlipstreamDriver receiver = SlipstreamDriver.launch(TestSetup.driver(aeronB, ringsB,
                channel + " -> ring:in").bridgeThreads(BridgeThreads.DRIVER));
            SlipstreamDriver sender = SlipstreamDriver.launch(TestSetup.driver(dir.resolve("aeron-a"), ringsA,
                "ring:out -> " + channel).bridgeThreads(BridgeThreads.DRIVER)))
        {
            final List<String> started = threadsStartedSince(before);
            assertEquals(List.of(SlipstreamDriver.DUTY_CYCLE_ROLE_NAME, SlipstreamDriver.DUTY_CYCLE_ROLE_NAME),
                started, "one thread per driver");
            assertEquals(List.of(), aeronThreads(started));

            final Traffic.Checker checker = Traffic.stream(source, destination, messages, 180);
            assertNull(checker.error);
            assertEquals(messages, checker.received);
            assertEquals(messages, counter(sender, DriverCounters.MESSAGES_TYPE_ID));
            assertEquals(0, counter(receiver, DriverCounters.DUPLICATES_TYPE_ID));
            final String stat = stat(aeronB);
            assertTrue(stat.matches("(?s).*\\Q" + channel + " -> ring:in\\E\\s+yes\\s+1\\s+" + messages + "\\s.*"),
                stat);
        }
    }

    /** Negative control of the thread check: by default a driver runs Aeron's threads and the check sees them. */
    @Test
    void shouldSeeAeronsThreadsWhenTheDriverDoesNotRunOnOneThread() throws Exception
    {
        final String channel = "aeron:udp?endpoint=127.0.0.1:" + TestSetup.freeUdpPort() + "|stream=10";
        final Path rings = Files.createDirectories(dir.resolve("rings"));
        final Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (SlipstreamDriver ignored = SlipstreamDriver.launch(TestSetup.driver(dir.resolve("aeron"), rings,
            channel + " -> ring:in")))
        {
            final List<String> aeron = aeronThreads(threadsStartedSince(before));
            assertTrue(aeron.stream().anyMatch(name -> name.contains("driver-conductor")), aeron.toString());
            assertTrue(aeron.contains("aeron-client"), aeron.toString());
        }
    }

    /** Names of the live threads that were not in {@code before}, sorted. */
    private static List<String> threadsStartedSince(final Set<Thread> before)
    {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t) && t.isAlive())
            .map(Thread::getName).sorted().toList();
    }

    /** Those of the names that Aeron gives its agents' threads (driver and client). */
    private static List<String> aeronThreads(final List<String> names)
    {
        return names.stream().filter(name -> AERON_AGENT_NAMES.stream().anyMatch(name::contains)).toList();
    }

    /** Threads running bridges: an agent runner's thread is named after its agent's role, which names the bridge. */
    private static long bridgeThreads()
    {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().contains("bridge ")).count();
    }

    static int counterId(final SlipstreamDriver driver, final int typeId)
    {
        final int[] found = {-1};
        driver.aeron().countersReader().forEach((id, type, key, label) ->
        {
            if (type == typeId)
            {
                found[0] = id;
            }
        });
        assertTrue(found[0] >= 0, "no counter of type " + typeId);
        return found[0];
    }

    static long counter(final SlipstreamDriver driver, final int typeId)
    {
        return driver.aeron().countersReader().getCounterValue(counterId(driver, typeId));
    }

    /** Runs {@code driver stat --once} on an Aeron directory and returns what it printed. */
    static String stat(final Path aeronDir)
    {
        final PrintStream original = System.out;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        synchronized (LoopbackTest.class)
        {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            try
            {
                final int status = DriverMain.commandLine().execute("stat", "--once", "--aeron-dir",
                    aeronDir.toString());
                assertEquals(0, status);
            }
            finally
            {
                System.setOut(original);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
