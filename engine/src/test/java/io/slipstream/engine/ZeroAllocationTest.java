package io.slipstream.engine;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The hot path allocates nothing: a producer thread and a consumer thread each measure the bytes they allocate
 * across a million messages after a warm-up, and both must be zero. Covers offer, tryClaim + commit, poll,
 * controlledPoll and {@link SubscriptionSelector#poll}.
 */
class ZeroAllocationTest extends RingDirectoryTest
{
    private static final int WARM_UP_MESSAGES = 200_000;
    private static final int MEASURED_MESSAGES = 1_000_000;
    private static final int TOTAL_MESSAGES = WARM_UP_MESSAGES + MEASURED_MESSAGES;
    private static final int CAPACITY_BYTES = 1 << 20;
    private static final int TYPE_ID = 7;
    private static final int POLL_LIMIT = 64;
    private static final long TIMEOUT_MS = TimeUnit.SECONDS.toMillis(120);
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @Test
    void shouldNotAllocateToOfferAndPoll() throws InterruptedException
    {
        run(false, Receive.POLL, 1);
    }

    @Test
    void shouldNotAllocateToClaimCommitAndPoll() throws InterruptedException
    {
        run(true, Receive.POLL, 1);
    }

    @Test
    void shouldNotAllocateToControlledPoll() throws InterruptedException
    {
        run(false, Receive.CONTROLLED_POLL, 1);
    }

    @Test
    void shouldNotAllocateToPollTwoRingsThroughASelector() throws InterruptedException
    {
        run(true, Receive.SELECTOR_POLL, 2);
    }

    /**
     * The producer back-pressured by a consumer in another process: its dead-consumer checks probe the consumer's
     * lock (a system call through the FFM API) and must allocate nothing either.
     */
    @Test
    void shouldNotAllocateToOfferWhileBackPressuredByAConsumerInAnotherProcess() throws Exception
    {
        final int capacity = 64 * 1024;
        final RingContext context = new RingContext().directory(directory).streamName("alloc-remote")
            .capacityBytes(capacity).consumerSlots(1);
        try (ChildProcess consumer = ChildProcess.start("slow-consumer", directory, SlowConsumerMain.class,
            directory.toString(), "alloc-remote", Integer.toString(capacity), Integer.toString(TOTAL_MESSAGES));
            Publication publication = Publication.open(context))
        {
            consumer.awaitLine("READY", java.time.Duration.ofSeconds(60));
            final Producer producer = new Producer(new Publication[] {publication}, false);
            final Thread producerThread = Thread.ofPlatform().name("alloc-producer").start(producer);
            producerThread.join(TIMEOUT_MS);
            producer.stop = true;
            producerThread.join(TimeUnit.SECONDS.toMillis(10));
            if (producer.error != null)
            {
                throw new AssertionError("producer failed", producer.error);
            }
            assertEquals(TOTAL_MESSAGES, producer.sent, "producer did not finish");
            assertEquals("DONE received=" + TOTAL_MESSAGES, consumer.awaitLine("", java.time.Duration.ofSeconds(60)));
            assertEquals(0, consumer.awaitExit(java.time.Duration.ofSeconds(60)));
            assertTrue(producer.backPressured > 1000, "the producer was rarely back-pressured: " +
                producer.backPressured);
            assertEquals(0, producer.measuredBytes, "bytes allocated by the producer thread over " +
                MEASURED_MESSAGES + " messages, back-pressured " + producer.backPressured + " times");
        }
    }

    enum Receive
    {
        POLL, CONTROLLED_POLL, SELECTOR_POLL
    }

    private void run(final boolean claim, final Receive receive, final int ringCount) throws InterruptedException
    {
        final List<AutoCloseable> resources = new ArrayList<>();
        final Publication[] publications = new Publication[ringCount];
        final Subscription[] subscriptions = new Subscription[ringCount];
        final Checker[] checkers = new Checker[ringCount];
        final SubscriptionSelector selector = new SubscriptionSelector();
        for (int i = 0; i < ringCount; i++)
        {
            final RingContext context = new RingContext().directory(directory).streamName("alloc-" + i)
                .capacityBytes(CAPACITY_BYTES).consumerSlots(1);
            subscriptions[i] = Subscription.open(context);
            resources.add(subscriptions[i]);
            publications[i] = Publication.open(context.copy());
            resources.add(publications[i]);
            checkers[i] = new Checker(i, ringCount);
            selector.add(subscriptions[i], checkers[i]);
        }
        final Producer producer = new Producer(publications, claim);
        final Consumer consumer = new Consumer(subscriptions, checkers, selector, receive);
        final Thread producerThread = Thread.ofPlatform().name("alloc-producer").start(producer);
        final Thread consumerThread = Thread.ofPlatform().name("alloc-consumer").start(consumer);
        boolean finished = false;
        try
        {
            producerThread.join(TIMEOUT_MS);
            consumerThread.join(TIMEOUT_MS);
            finished = !producerThread.isAlive() && !consumerThread.isAlive();
            if (!finished)
            {
                fail("did not finish within " + TIMEOUT_MS + " ms: producer at " + producer.sent +
                    ", consumer at " + consumer.received());
            }
        }
        finally
        {
            producer.stop = true;
            consumer.stop = true;
            producerThread.join(TimeUnit.SECONDS.toMillis(10));
            consumerThread.join(TimeUnit.SECONDS.toMillis(10));
            if (!producerThread.isAlive() && !consumerThread.isAlive())
            {
                for (final AutoCloseable resource : resources)
                {
                    try
                    {
                        resource.close();
                    }
                    catch (final Exception ex)
                    {
                        throw new IllegalStateException(ex);
                    }
                }
            }
        }
        if (producer.error != null)
        {
            throw new AssertionError("producer failed", producer.error);
        }
        if (consumer.error != null)
        {
            throw new AssertionError("consumer failed", consumer.error);
        }
        for (final Checker checker : checkers)
        {
            assertFalse(checker.failed, "ring " + checker.ring + ": message " + checker.badValue + " where " +
                checker.badExpected + " was expected");
        }
        assertEquals(TOTAL_MESSAGES, consumer.received());
        assertEquals(0, producer.measuredBytes, "bytes allocated by the producer thread over " +
            MEASURED_MESSAGES + " messages (" + (claim ? "tryClaim + commit" : "offer") + ")");
        assertEquals(0, consumer.measuredBytes, "bytes allocated by the consumer thread over " +
            MEASURED_MESSAGES + " messages (" + receive + ")");
    }

    static long allocatedBytes()
    {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().threadId());
    }

    /** What the measurement itself costs: the smallest difference between back-to-back readings. */
    static long measurementOverheadBytes()
    {
        long overhead = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++)
        {
            final long before = allocatedBytes();
            final long after = allocatedBytes();
            overhead = Math.min(overhead, after - before);
        }
        return overhead;
    }

    static int lengthOf(final long seq)
    {
        return 8 + (int)(seq % 121);
    }

    private static final class Producer implements Runnable
    {
        private final Publication[] publications;
        private final boolean claim;
        private final RecordClaim bufferClaim = new RecordClaim();
        private final UnsafeBuffer scratch = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
        volatile boolean stop;
        volatile long sent;
        long backPressured;
        long measuredBytes = -1;
        Throwable error;

        Producer(final Publication[] publications, final boolean claim)
        {
            this.publications = publications;
            this.claim = claim;
        }

        @Override
        public void run()
        {
            try
            {
                allocatedBytes();
                sendUntil(WARM_UP_MESSAGES);
                final long overhead = measurementOverheadBytes();
                final long start = allocatedBytes();
                sendUntil(TOTAL_MESSAGES);
                final long end = allocatedBytes();
                measuredBytes = end - start - overhead;
            }
            catch (final Throwable t)
            {
                error = t;
            }
        }

        private void sendUntil(final long count)
        {
            for (long seq = sent; seq < count; seq++)
            {
                final Publication publication = publications[(int)(seq % publications.length)];
                final int length = lengthOf(seq);
                if (claim)
                {
                    long result;
                    while ((result = publication.tryClaim(length, TYPE_ID, bufferClaim)) == Publication.BACK_PRESSURED)
                    {
                        if (stop)
                        {
                            return;
                        }
                        Thread.yield();
                    }
                    check(result, seq);
                    bufferClaim.buffer().putLong(bufferClaim.offset(), seq);
                    bufferClaim.commit();
                }
                else
                {
                    scratch.putLong(0, seq);
                    long result;
                    while ((result = publication.offer(scratch, 0, length, TYPE_ID)) == Publication.BACK_PRESSURED)
                    {
                        backPressured++;
                        if (stop)
                        {
                            return;
                        }
                        Thread.yield();
                    }
                    check(result, seq);
                }
                sent = seq + 1;
            }
        }

        private static void check(final long result, final long seq)
        {
            if (result <= 0)
            {
                throw new IllegalStateException("message " + seq + " refused with code " + result);
            }
        }
    }

    private static final class Consumer implements Runnable
    {
        private final Subscription[] subscriptions;
        private final Checker[] checkers;
        private final SubscriptionSelector selector;
        private final Receive receive;
        private final ControlledChecker controlledChecker;
        volatile boolean stop;
        long measuredBytes = -1;
        Throwable error;

        Consumer(final Subscription[] subscriptions, final Checker[] checkers, final SubscriptionSelector selector,
            final Receive receive)
        {
            this.subscriptions = subscriptions;
            this.checkers = checkers;
            this.selector = selector;
            this.receive = receive;
            this.controlledChecker = new ControlledChecker(checkers[0]);
        }

        @Override
        public void run()
        {
            try
            {
                allocatedBytes();
                receiveUntil(WARM_UP_MESSAGES);
                final long overhead = measurementOverheadBytes();
                final long start = allocatedBytes();
                receiveUntil(TOTAL_MESSAGES);
                final long end = allocatedBytes();
                measuredBytes = end - start - overhead;
            }
            catch (final Throwable t)
            {
                error = t;
            }
        }

        long received()
        {
            long received = 0;
            for (final Checker checker : checkers)
            {
                received += checker.received;
            }
            return received;
        }

        private void receiveUntil(final long count)
        {
            while (received() < count)
            {
                final int delivered;
                if (receive == Receive.SELECTOR_POLL)
                {
                    delivered = selector.poll(POLL_LIMIT);
                }
                else if (receive == Receive.CONTROLLED_POLL)
                {
                    delivered = subscriptions[0].controlledPoll(controlledChecker, POLL_LIMIT);
                }
                else
                {
                    delivered = subscriptions[0].poll(checkers[0], POLL_LIMIT);
                }
                if (delivered == 0)
                {
                    if (stop)
                    {
                        return;
                    }
                    Thread.yield();
                }
            }
        }
    }

    /** Checks the sequence numbers of one ring's messages in fields: no per-message allocation. */
    private static final class Checker implements RecordHandler
    {
        final int ring;
        private final int step;
        private long expected;
        volatile long received;
        boolean failed;
        long badValue;
        long badExpected;

        Checker(final int ring, final int step)
        {
            this.ring = ring;
            this.step = step;
            this.expected = ring;
        }

        @Override
        public void onMessage(final int typeId, final DirectBuffer buffer, final int offset, final int length)
        {
            final long value = buffer.getLong(offset);
            if (!failed && (value != expected || length != lengthOf(expected) || typeId != TYPE_ID))
            {
                failed = true;
                badValue = value;
                badExpected = expected;
            }
            expected += step;
            received = received + 1;
        }
    }

    /** Consumes through a {@link Checker}, publishing its position every 64 messages. */
    private static final class ControlledChecker implements ControlledRecordHandler
    {
        private final Checker checker;

        ControlledChecker(final Checker checker)
        {
            this.checker = checker;
        }

        @Override
        public Action onMessage(final int typeId, final DirectBuffer buffer, final int offset, final int length)
        {
            checker.onMessage(typeId, buffer, offset, length);
            return (checker.received & 63) == 0 ? Action.COMMIT : Action.CONTINUE;
        }
    }
}
