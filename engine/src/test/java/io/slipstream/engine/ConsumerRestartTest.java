package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A consumer process killed with kill -9 while it holds the producer back: the back-pressured producer frees its slot
 * (and counts it) once it sees the process gone, within {@link Publication#CONSUMER_CHECK_INTERVAL_NS} of the check;
 * a consumer process started again rejoins from the oldest record still in the ring ({@link StartPosition#EARLIEST},
 * which is where the dead one stopped: nothing is lost) or from the producer's position ({@link StartPosition#LATEST}),
 * and both then read every later message in order to the end of the stream. While the first consumer lives, the
 * producer stays held (the control).
 */
class ConsumerRestartTest extends RingDirectoryTest
{
    private static final int CAPACITY_BYTES = 64 * 1024;
    private static final int READ_BEFORE_HOLDING = 1_000;
    private static final int SENT_AFTER_REJOIN = 20_000;
    /** Hang guards only: a child starts in about a second here. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private long nextSeq;
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[16]);

    private ChildProcess consumer(final String name, final StartPosition start, final long readLimit)
    {
        return ChildProcess.start(name, directory, RejoiningConsumerMain.class, directory.toString(), "restart",
            start.name(), Long.toString(readLimit));
    }

    private long offer(final Publication publication)
    {
        message.putLong(0, nextSeq);
        final long result = publication.offer(message, 0, message.capacity());
        if (result > 0)
        {
            nextSeq++;
        }
        return result;
    }

    @Test
    void shouldReleaseAKilledConsumerAndLetARestartedOneRejoinAtEarliestOrLatest() throws Exception
    {
        final RingContext context = TestRings.context(directory, "restart", CAPACITY_BYTES).consumerSlots(4);
        try (Publication publication = Publication.open(context);
            ChildProcess first = consumer("first", StartPosition.EARLIEST, READ_BEFORE_HOLDING))
        {
            first.awaitLine("JOINED", TIMEOUT);
            final long deadlineNs = System.nanoTime() + TIMEOUT.toNanos();
            while (first.stdout().stream().noneMatch(line -> line.startsWith("HELD")))
            {
                if (offer(publication) < 0)
                {
                    Thread.sleep(1);
                }
                TestRings.failIfHung(deadlineNs, "the first consumer never read " + READ_BEFORE_HOLDING);
            }
            while (offer(publication) > 0)
            {
                // fill the ring up to the held consumer
            }
            final long sentBeforeKill = nextSeq;
            final long heldUntilNs = System.nanoTime() + 3 * Publication.CONSUMER_CHECK_INTERVAL_NS;
            while (System.nanoTime() < heldUntilNs)
            {
                assertEquals(Publication.BACK_PRESSURED, offer(publication), "a live consumer holds the producer");
                Thread.sleep(1);
            }
            assertEquals(0, publication.releasedConsumers());

            first.process().destroyForcibly(); // SIGKILL
            assertTrue(first.process().waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            final long killedNs = System.nanoTime();
            while (publication.releasedConsumers() == 0)
            {
                assertEquals(Publication.BACK_PRESSURED, offer(publication), "nothing is overwritten before a " +
                    "consumer rejoins");
                TestRings.failIfHung(killedNs + TIMEOUT.toNanos(), "the dead consumer was never released");
                Thread.sleep(1);
            }
            final double releaseMs = (System.nanoTime() - killedNs) / 1e6;
            assertEquals(1, publication.releasedConsumers());
            final RingInspector.RingReport afterRelease = RingInspector.inspect(context.ringFile());
            assertTrue(afterRelease.consumers().isEmpty(), "the dead consumer's slot is free: " + afterRelease);

            try (ChildProcess earliest = consumer("earliest", StartPosition.EARLIEST, -1))
            {
                earliest.awaitLine("JOINED", TIMEOUT);
                final String firstEarliest = earliest.awaitLine("FIRST", TIMEOUT);
                assertEquals(READ_BEFORE_HOLDING, seq(firstEarliest), "EARLIEST starts at the oldest record still " +
                    "in the ring: the first one the killed consumer had not read");
                try (ChildProcess latest = consumer("latest", StartPosition.LATEST, -1))
                {
                    latest.awaitLine("JOINED", TIMEOUT);
                    final long sentBeforeLatest = nextSeq;
                    final long sendUntil = nextSeq + SENT_AFTER_REJOIN;
                    while (nextSeq < sendUntil)
                    {
                        if (offer(publication) < 0)
                        {
                            Thread.yield();
                        }
                    }
                    publication.close();
                    final String firstLatest = latest.awaitLine("FIRST", TIMEOUT);
                    assertEquals(sentBeforeLatest, seq(firstLatest), "LATEST starts at the producer's position");
                    final String endEarliest = earliest.awaitLine("END", TIMEOUT);
                    final String endLatest = latest.awaitLine("END", TIMEOUT);
                    earliest.awaitSuccess(TIMEOUT);
                    latest.awaitSuccess(TIMEOUT);
                    assertEquals("END read=" + (nextSeq - READ_BEFORE_HOLDING) + " last=" + (nextSeq - 1), endEarliest);
                    assertEquals("END read=" + (nextSeq - sentBeforeLatest) + " last=" + (nextSeq - 1), endLatest);
                    System.out.printf("ConsumerRestartTest: consumer killed holding the producer at %d messages; " +
                        "slot released %.1f ms after the kill (%d released); EARLIEST rejoined at seq %d and read " +
                        "%d, LATEST rejoined at seq %d and read %d, none lost or repeated%n", sentBeforeKill,
                        releaseMs, publication.releasedConsumers(), READ_BEFORE_HOLDING,
                        nextSeq - READ_BEFORE_HOLDING, sentBeforeLatest, nextSeq - sentBeforeLatest);
                }
            }
        }
    }

    private static long seq(final String line)
    {
        return Long.parseLong(line.substring(line.indexOf('=') + 1));
    }
}
