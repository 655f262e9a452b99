package io.slipstream.engine;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Producer processes killed with kill -9 at random points, one after another: each generation takes the ring over
 * from the dead one. The consumer (this JVM) must get every committed record exactly once, in order, never a torn or
 * uncommitted one; it must see the producer dead; and each new producer must continue exactly where the consumer,
 * having read everything committed, stands.
 */
class ProducerKillLoopTest extends RingDirectoryTest
{
    private static final int CAPACITY_BYTES = 64 * 1024;
    private static final int MAX_MESSAGE_LENGTH = 1024;
    private static final int CONSUMER_SLOTS = 2;
    private static final long SEED = 0x6B11_9E55L;
    /** Hang guards only: a child starts in about half a second here. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_RUN_MS = 60;

    static int typeId(final int generation)
    {
        return 1 + generation;
    }

    @Test
    void shouldDeliverEveryCommittedRecordExactlyOnceAcross100ProducerKills() throws Exception
    {
        killLoop(100);
    }

    @Test
    @Tag("slow")
    void shouldDeliverEveryCommittedRecordExactlyOnceAcross1000ProducerKills() throws Exception
    {
        killLoop(1_000);
    }

    private RingContext context()
    {
        return new RingContext().directory(directory).streamName("killed").capacityBytes(CAPACITY_BYTES)
            .maxMessageLengthBytes(MAX_MESSAGE_LENGTH).consumerSlots(CONSUMER_SLOTS);
    }

    private ChildProcess startProducer(final int generation, final Path progress) throws IOException
    {
        try (FileChannel channel = FileChannel.open(progress, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
        {
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.allocate(KilledProducerMain.PROGRESS_LENGTH));
        }
        return ChildProcess.start("producer-" + generation, directory, KilledProducerMain.class, directory.toString(),
            "killed", Integer.toString(CAPACITY_BYTES), Integer.toString(MAX_MESSAGE_LENGTH),
            Integer.toString(CONSUMER_SLOTS), Long.toString(SEED), Integer.toString(generation), progress.toString());
    }

    private static void go(final ChildProcess child) throws IOException
    {
        final OutputStream stdin = child.process().getOutputStream();
        stdin.write("GO\n".getBytes(StandardCharsets.US_ASCII));
        stdin.flush();
    }

    private void killLoop(final int kills) throws Exception
    {
        final SplittableRandom random = new SplittableRandom(SEED);
        final Verifier verifier = new Verifier(kills + 1);
        int killsInsideClaim = 0;
        int killsBeforeOpen = 0;
        int killsBetweenCommitAndRecord = 0;
        long records = 0;
        int deadProducersReported = 0;
        try (Subscription subscription = Subscription.open(context()))
        {
            ChildProcess next = startProducer(0, directory.resolve("progress-0"));
            next.awaitLine("READY", TIMEOUT);
            for (int generation = 0; generation <= kills; generation++)
            {
                final ChildProcess producer = next;
                final Path progressFile = directory.resolve("progress-" + generation);
                // Everything the previous generation committed has been read: the new one must start here.
                final long consumerPositionAtStart = subscription.position();
                go(producer);
                final boolean waitForOpen = random.nextInt(10) != 0;
                if (waitForOpen)
                {
                    final String open = awaitLinePolling(producer, "OPEN", subscription, verifier);
                    assertEquals(consumerPositionAtStart, Long.parseLong(open.substring(open.indexOf('=') + 1)),
                        "generation " + generation + " must start where the consumer, having read every committed " +
                        "record, stands");
                }
                if (generation == kills)
                {
                    producer.close();
                    drain(subscription, verifier);
                    break;
                }
                next = startProducer(generation + 1, directory.resolve("progress-" + (generation + 1)));
                final long runUntilNs = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(
                    random.nextInt(waitForOpen ? MAX_RUN_MS * 1000 : 3000));
                while (System.nanoTime() < runUntilNs)
                {
                    poll(subscription, verifier);
                }
                producer.process().destroyForcibly(); // SIGKILL
                assertTrue(producer.process().waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "not killed");
                assertFalse(subscription.isProducerAlive(), "the consumer must see that producer " +
                    producer.pid() + " is dead");
                final RingInspector.RingReport report = RingInspector.inspect(context().ringFile());
                assertFalse(report.producerAlive(), "the inspector must report the producer dead: " + report);
                if (waitForOpen)
                {
                    assertEquals(producer.pid(), report.producerPid(), "the inspector names the dead producer");
                    deadProducersReported++;
                }

                drain(subscription, verifier);
                assertNull(verifier.failure, verifier.failure);
                final long received = verifier.received(generation);
                records += received;
                try (Arena arena = Arena.ofConfined(); FileChannel channel = FileChannel.open(progressFile,
                    StandardOpenOption.READ))
                {
                    final UnsafeBuffer progress = new UnsafeBuffer(channel.map(FileChannel.MapMode.READ_ONLY, 0,
                        KilledProducerMain.PROGRESS_LENGTH, arena).address(), KilledProducerMain.PROGRESS_LENGTH);
                    final long committed = progress.getLongVolatile(KilledProducerMain.COMMITTED_OFFSET);
                    final long inFlight = progress.getLongVolatile(KilledProducerMain.IN_FLIGHT_OFFSET);
                    final boolean claimHeld = progress.getIntVolatile(KilledProducerMain.CLAIM_HELD_OFFSET) != 0;
                    // The producer records "committed" just after the commit: a kill in between leaves it one short.
                    if (received == committed + 1 && inFlight == committed)
                    {
                        killsBetweenCommitAndRecord++;
                    }
                    else
                    {
                        assertEquals(committed, received, "generation " + generation + " committed " + committed +
                            " records (in flight: " + inFlight + ")");
                    }
                    if (claimHeld && received == inFlight)
                    {
                        killsInsideClaim++;
                    }
                    if (!waitForOpen && committed == 0 && received == 0)
                    {
                        killsBeforeOpen++;
                    }
                }
                next.awaitLine("READY", TIMEOUT);
            }
        }
        assertNull(verifier.failure, verifier.failure);
        System.out.printf("ProducerKillLoopTest: %d kills, %d records received exactly once, 0 torn; %d kills inside " +
            "an open claim (claim never delivered), %d between a commit and its progress record, %d before the " +
            "producer sent anything; %d dead producers named by pid by RingInspector%n", kills, records,
            killsInsideClaim, killsBetweenCommitAndRecord, killsBeforeOpen, deadProducersReported);
        assertTrue(killsInsideClaim > 0, "no kill landed inside a claim: the test did not exercise what it claims");
    }

    private static String awaitLinePolling(final ChildProcess child, final String prefix,
        final Subscription subscription, final Verifier verifier) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadlineNs)
        {
            for (final String line : child.stdout())
            {
                if (line.startsWith(prefix))
                {
                    return line;
                }
            }
            if (!child.process().isAlive())
            {
                fail(child.describe());
            }
            poll(subscription, verifier);
            Thread.sleep(0, 100_000);
        }
        return child.awaitLine(prefix, Duration.ZERO);
    }

    private static void poll(final Subscription subscription, final Verifier verifier)
    {
        if (subscription.poll(verifier, 64) == 0)
        {
            Thread.yield();
        }
        if (verifier.failure != null)
        {
            fail(verifier.failure);
        }
    }

    /** Reads until nothing is left (the producer is dead, or closed). */
    private static void drain(final Subscription subscription, final Verifier verifier)
    {
        while (subscription.poll(verifier, Integer.MAX_VALUE) > 0)
        {
            assertNull(verifier.failure, verifier.failure);
        }
        assertNull(verifier.failure, verifier.failure);
    }

    /** Checks each message: the expected generation, the next sequence number, its length and its checksum. */
    static final class Verifier implements RecordHandler
    {
        private final long[] received;
        private int generation;
        private long nextSeq;
        String failure;

        Verifier(final int generations)
        {
            received = new long[generations];
        }

        long received(final int generation)
        {
            return received[generation];
        }

        @Override
        public void onMessage(final int typeId, final DirectBuffer buffer, final int offset, final int length)
        {
            if (failure != null)
            {
                return;
            }
            final int messageGeneration = typeId - 1;
            if (messageGeneration != generation)
            {
                if (messageGeneration <= generation || messageGeneration >= received.length)
                {
                    failure = "message of generation " + messageGeneration + " after generation " + generation +
                        ": a dead producer's record was delivered late or twice";
                    return;
                }
                generation = messageGeneration;
                nextSeq = 0;
            }
            final long seq = nextSeq;
            final long hash = Payloads.hash(KilledProducerMain.seed(SEED, generation), seq);
            final int expectedLength = KilledProducerMain.length(hash, MAX_MESSAGE_LENGTH);
            if (length != expectedLength || buffer.getLong(offset + Payloads.SEQ_OFFSET) != seq)
            {
                failure = "generation " + generation + ": expected seq " + seq + " of length " + expectedLength +
                    ", got seq " + buffer.getLong(offset + Payloads.SEQ_OFFSET) + " of length " + length +
                    " (lost, duplicated or torn)";
                return;
            }
            final long checksum = Payloads.checksum(buffer, offset + Payloads.HEADER_LENGTH,
                length - Payloads.HEADER_LENGTH);
            if (checksum != buffer.getLong(offset + Payloads.CHECKSUM_OFFSET))
            {
                failure = "generation " + generation + " seq " + seq + ": torn record (checksum mismatch)";
                return;
            }
            nextSeq++;
            received[generation]++;
        }
    }
}
