package io.slipstream.driver;

import io.slipstream.engine.Publication;
import io.slipstream.engine.Subscription;
import io.slipstream.engine.WaitStrategy;
import io.slipstream.test.RingDirectoryExtension;
import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * One driver in a child JVM, killed with kill -9 mid-stream and started again, or stopped with SIGTERM; the other
 * driver in this JVM. Every message arrives exactly once and in order (the checker fails on any gap, repeat or step
 * back), and the stream goes on by itself.
 */
class PeerRestartTest
{
    private static final int MESSAGES = 400_000;
    private static final int KILL_AFTER = 100_000;
    private static final int RING_BYTES = 4 << 20;

    @RegisterExtension
    final RingDirectoryExtension directory = new RingDirectoryExtension("slipstream-driver-test-restart-");
    private Path dir;
    private Path ringsA;
    private Path ringsB;
    private String channel;

    @BeforeEach
    void setUp() throws Exception
    {
        dir = directory.path();
        ringsA = Files.createDirectories(dir.resolve("rings-a"));
        ringsB = Files.createDirectories(dir.resolve("rings-b"));
        channel = "aeron:udp?endpoint=127.0.0.1:" + TestSetup.freeUdpPort() + "|stream=12";
    }

    private DriverProcess startReceiver()
    {
        return DriverProcess.start("receiver", dir, List.of(), "--aeron-dir", dir.resolve("aeron-b").toString(),
            "--ring-dir", ringsB.toString(), "--bridge", channel + " -> ring:in", "--drain-timeout-ms", "2000");
    }

    private DriverProcess startSender()
    {
        return DriverProcess.start("sender", dir, List.of(), "--aeron-dir", dir.resolve("aeron-a").toString(),
            "--ring-dir", ringsA.toString(), "--bridge", "ring:out -> " + channel, "--drain-timeout-ms", "5000");
    }

    /** The sending driver with Aeron and its bridge on one thread ({@code --bridge-threads driver}). */
    private DriverProcess startSenderOnOneThread()
    {
        return DriverProcess.start("sender", dir, List.of(), "--aeron-dir", dir.resolve("aeron-a").toString(),
            "--ring-dir", ringsA.toString(), "--bridge", "ring:out -> " + channel, "--drain-timeout-ms", "5000",
            "--bridge-threads", "driver");
    }

    @Test
    void shouldGoOnByItselfWhenTheReceivingDriverIsKilledAndRestarted() throws Exception
    {
        final Traffic.Checker checker = streamAcrossRestart(
            TestSetup.driver(dir.resolve("aeron-a"), ringsA, "ring:out -> " + channel), this::startReceiver,
            MESSAGES, KILL_AFTER, false, DriverProcess::kill);
        assertEquals(0, checker.lost());
        assertEquals(MESSAGES, checker.received, "every message exactly once, in order");
    }

    @Test
    void shouldResumeWithoutDuplicatesWhenTheSendingDriverIsKilledAndRestarted() throws Exception
    {
        final Traffic.Checker checker = streamAcrossRestart(
            TestSetup.driver(dir.resolve("aeron-b"), ringsB, channel + " -> ring:in").peerTimeoutMs(2000),
            this::startSender, MESSAGES, KILL_AFTER, false, DriverProcess::kill);
        assertEquals(0, checker.lost());
        assertEquals(MESSAGES, checker.received, "every message exactly once, in order");
    }

    /** The same with both drivers running Aeron and their bridges on one thread each. */
    @Test
    void shouldResumeWithoutDuplicatesWhenASendingDriverOnOneThreadIsKilledAndRestarted() throws Exception
    {
        final Traffic.Checker checker = streamAcrossRestart(
            TestSetup.driver(dir.resolve("aeron-b"), ringsB, channel + " -> ring:in").peerTimeoutMs(2000)
                .bridgeThreads(BridgeThreads.DRIVER),
            this::startSenderOnOneThread, MESSAGES, KILL_AFTER, false, DriverProcess::kill);
        assertEquals(0, checker.lost());
        assertEquals(MESSAGES, checker.received, "every message exactly once, in order");
    }

    /**
     * The sending driver is stopped (SIGSTOP) for longer than Aeron's liveness timeouts, shortened here to 2 s, then
     * continued: its Aeron client closes itself, and the driver exits with {@link DriverMain#AERON_CLOSED_EXIT_STATUS}
     * and a clear error (before the bridges stopped on a closed client, it crashed with SIGSEGV touching an
     * unmapped counter); started again, it delivers every message exactly once, in order.
     */
    @Test
    void shouldLoseNothingWhenTheSendingDriverIsStoppedPastAeronsTimeouts() throws Exception
    {
        stopPastAeronsTimeouts();
    }

    /** The same with the sending driver on one thread ({@code --bridge-threads driver}). */
    @Test
    void shouldLoseNothingWhenASendingDriverOnOneThreadIsStoppedPastAeronsTimeouts() throws Exception
    {
        stopPastAeronsTimeouts("--bridge-threads", "driver");
    }

    private void stopPastAeronsTimeouts(final String... senderArgs) throws Exception
    {
        final List<String> shortTimeouts = List.of("-Daeron.client.liveness.timeout=2000000000",
            "-Daeron.driver.timeout=2000", "-Daeron.image.liveness.timeout=2000000000",
            "-Daeron.publication.unblock.timeout=3000000000");
        final List<String> args = new java.util.ArrayList<>(List.of("--aeron-dir", dir.resolve("aeron-a").toString(),
            "--ring-dir", ringsA.toString(), "--bridge", "ring:out -> " + channel, "--drain-timeout-ms", "5000"));
        args.addAll(List.of(senderArgs));
        final Supplier<DriverProcess> startSender = () -> DriverProcess.start("sender", dir, List.of(),
            shortTimeouts, args.toArray(new String[0]));
        final int messages = 200_000;
        final String[] log = {""};
        final int[] status = {-1};
        final Traffic.Checker checker = streamAcrossRestart(
            TestSetup.driver(dir.resolve("aeron-b"), ringsB, channel + " -> ring:in").peerTimeoutMs(2000),
            startSender, messages, messages / 4, false, sender ->
            {
                try
                {
                    sender.signal("STOP");
                    Thread.sleep(5000);
                    sender.signal("CONT");
                    status[0] = sender.awaitExit(60);
                    log[0] = sender.log();
                }
                catch (final Exception ex)
                {
                    throw new AssertionError(ex);
                }
            });
        assertFalse(log[0].contains("SIGSEGV"), log[0]);
        assertEquals(DriverMain.AERON_CLOSED_EXIT_STATUS, status[0], log[0]);
        assertTrue(log[0].contains("the Aeron client has closed"), log[0]);
        assertEquals(0, checker.lost());
        assertEquals(messages, checker.received, "every message exactly once, in order");
    }

    @Test
    void shouldStopCleanlyOnSigtermAndLoseNothing() throws Exception
    {
        final int messages = 200_000;
        final Traffic.Checker checker = streamAcrossRestart(
            TestSetup.driver(dir.resolve("aeron-b"), ringsB, channel + " -> ring:in").peerTimeoutMs(2000),
            this::startSender, messages, messages / 4, false, sender ->
            {
                final int status = sender.terminate();
                assertTrue(status == 0 || status == 143, "exit status " + status + sender.log());
                assertTrue(sender.log().contains("INFO stopped"), sender.log());
                assertFalse(Files.exists(dir.resolve("aeron-a")), "Aeron directory left behind" + sender.log());
            });
        assertEquals(messages, checker.received);
    }

    /**
     * The sending driver is stopped while an application consumer shares the source ring and reads everything at
     * once: the bridge's durable slot keeps what the receiver had not acknowledged, so the consumer cannot let the
     * producer overwrite it while the driver is down.
     */
    @Test
    void shouldLoseNothingOnSigtermWhileAnotherConsumerSharesTheSourceRing() throws Exception
    {
        final int messages = 200_000;
        final Traffic.Checker local = new Traffic.Checker(false);
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread localConsumer;
        try (Subscription shared = Subscription.open(TestSetup.ring(ringsA, "out", RING_BYTES)))
        {
            localConsumer = Thread.ofPlatform().name("local-consumer").start(() ->
            {
                final IdleStrategy idle = WaitStrategy.BACKOFF.newIdleStrategy();
                while (!stop.get() && local.next < messages)
                {
                    idle.idle(shared.poll(local, 256));
                }
            });
            try
            {
                final Traffic.Checker checker = streamAcrossRestart(
                    TestSetup.driver(dir.resolve("aeron-b"), ringsB, channel + " -> ring:in").peerTimeoutMs(2000),
                    this::startSender, messages, messages / 4, false, DriverProcess::terminate);
                assertEquals(messages, checker.received, "every message exactly once, in order, over the bridge");
            }
            finally
            {
                stop.set(true);
                localConsumer.join();
            }
        }
        assertNull(local.error);
        assertEquals(messages, local.received, "and the application consumer read every one too");
    }

    /**
     * Streams {@code messages} from ring {@code out} to ring {@code in} between a driver in this JVM and one in a
     * child JVM, which is stopped once {@code stopAfter} have arrived and then started again.
     *
     * @param inThisJvm          the driver that runs throughout.
     * @param startChild         starts the child's driver, the first time and again after the stop.
     * @param messages           how many messages the producer sends; all are waited for.
     * @param stopAfter          how many must have arrived before the child is stopped.
     * @param allowGaps          whether the checker accepts messages lost in flight.
     * @param stopChild          how the child is stopped.
     * @return the checker, once every message has arrived and the producer has ended without failure.
     */
    private Traffic.Checker streamAcrossRestart(
        final DriverContext inThisJvm,
        final Supplier<DriverProcess> startChild,
        final int messages,
        final int stopAfter,
        final boolean allowGaps,
        final Consumer<DriverProcess> stopChild) throws Exception
    {
        try (Publication source = Publication.open(TestSetup.ring(ringsA, "out", RING_BYTES));
            Subscription destination = Subscription.open(TestSetup.ring(ringsB, "in", RING_BYTES));
            SlipstreamDriver ignored = SlipstreamDriver.launch(inThisJvm))
        {
            final Traffic.Checker checker = new Traffic.Checker(allowGaps);
            final Traffic.Producer producer = new Traffic.Producer(source, 0, messages, 240);
            final Thread producerThread;
            try (DriverProcess child = startChild.get())
            {
                producerThread = Thread.ofPlatform().name("producer").start(producer);
                pollUntilReceived(checker, destination, stopAfter, child);
                stopChild.accept(child);
            }
            try (DriverProcess ignoredChild = startChild.get())
            {
                checker.pollUntil(destination, messages, 240);
                producerThread.join();
                assertNull(producer.failure);
            }
            return checker;
        }
    }

    private static void pollUntilReceived(final Traffic.Checker checker, final Subscription destination,
        final long count, final DriverProcess driver)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        final IdleStrategy idle = WaitStrategy.BACKOFF.newIdleStrategy();
        while (checker.received < count)
        {
            assertNull(checker.error);
            assertTrue(System.nanoTime() < deadlineNs, "only " + checker.received + " received" + driver.log());
            idle.idle(destination.poll(checker, 256));
        }
    }
}
