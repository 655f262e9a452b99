package io.slipstream.perf.curves;

import io.slipstream.perf.core.HarnessException;
import io.slipstream.perf.core.MessageSink;
import org.HdrHistogram.Histogram;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One point of the consumers curve, in one process: a producer thread and {@code n} consumer threads on one ring.
 * First the producer sends as fast as the ring takes (its rate per interval and its refused offers), then it sends
 * timestamped events at a fixed low rate and every consumer records the time from the publish to having the event
 * (wake latency). Consumers wait with Agrona's {@code YieldingIdleStrategy} (with up to five threads on a host's
 * cores a spinning consumer would hold a core its peers need), or as the rig says ({@code slipstream-futex}: the
 * futex wait strategy). Each consumer checks the sequence of every message: a
 * gap fails the point on a ring with back-pressure and counts as lost on one without.
 * <pre>
 *   0       8            16          length
 *   +-------+------------+----- ... --+
 *   |  seq  | publish ns |  (zeroes)  |
 *   +-------+------------+----- ... --+
 * </pre>
 */
final class ConsumersPoint
{
    /** Consumers a rig supports at most. */
    static final int MAX_RIG_CONSUMERS = 8;
    /** Time between wake events: long enough for every consumer to be idle again before the next. */
    static final long WAKE_INTERVAL_NS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);
    private static final long HIGHEST_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(10);
    private static final int LIVENESS_CHECK_MASK = (1 << 16) - 1;

    /**
     * @param producer  the producer's one-way rate, interval rates and refused offers.
     * @param lost      messages the consumers missed (lapped), summed over consumers; 0 on a ring with back-pressure.
     * @param wake      publish-to-consumer latency of the wake events, every consumer's merged, ns.
     */
    record Result(OneWayResult producer, long lost, Histogram wake)
    {
    }

    private ConsumersPoint()
    {
    }

    static Result run(
        final String rigName,
        final int consumers,
        final int sizeBytes,
        final long warmup,
        final long measured,
        final long wakeEvents,
        final Path directory)
    {
        if (consumers < 1 || consumers > MAX_RIG_CONSUMERS)
        {
            throw new IllegalArgumentException("consumers must be 1.." + MAX_RIG_CONSUMERS + ": " + consumers);
        }
        try (ConsumerRig rig = ConsumerRig.open(rigName, directory, consumers))
        {
            final long wakeFrom = warmup + measured;
            final long total = wakeFrom + wakeEvents;
            final Consumer[] threads = new Consumer[consumers];
            for (int i = 0; i < consumers; i++)
            {
                threads[i] = new Consumer(rig, i, total, wakeFrom);
                threads[i].start();
            }
            try
            {
                final Producer producer = new Producer(rig, sizeBytes, threads);
                producer.oneWay(0, warmup);
                final long intervalMessages = Math.max(1, measured / IntervalThroughput.INTERVALS);
                final int intervals = (int)Math.min(IntervalThroughput.INTERVALS, measured);
                final long[] boundariesNs = new long[intervals + 1];
                producer.failedOffers = 0;
                boundariesNs[0] = System.nanoTime();
                producer.send(warmup, wakeFrom, boundariesNs, intervalMessages);
                producer.awaitConsumers(wakeFrom);
                final long endNs = System.nanoTime();
                boundariesNs[intervals] = endNs;
                final double[] rates = new double[intervals];
                for (int i = 0; i < intervals; i++)
                {
                    final long messages = i == intervals - 1 ?
                        measured - intervalMessages * (intervals - 1) : intervalMessages;
                    rates[i] = messages * 1e9 / Math.max(1, boundariesNs[i + 1] - boundariesNs[i]);
                }
                final OneWayResult oneWay = new OneWayResult(measured * 1e9 / Math.max(1, endNs - boundariesNs[0]),
                    producer.failedOffers, intervalMessages, rates);
                producer.wake(wakeFrom, total);
                producer.awaitConsumers(total);
                final Histogram wake = new Histogram(HIGHEST_TRACKABLE_NS, 3);
                long lost = 0;
                for (final Consumer consumer : threads)
                {
                    consumer.join(TimeUnit.NANOSECONDS.toMillis(TIMEOUT_NS));
                    consumer.rethrow();
                    wake.add(consumer.wake);
                    lost += consumer.lost;
                }
                if (rig.lossless() && lost != 0)
                {
                    throw new HarnessException(rigName + ": " + lost + " messages lost on a ring with back-pressure");
                }
                return new Result(oneWay, lost, wake);
            }
            finally
            {
                for (final Consumer consumer : threads)
                {
                    consumer.interrupt();
                }
                for (final Consumer consumer : threads)
                {
                    consumer.join(TimeUnit.NANOSECONDS.toMillis(TIMEOUT_NS));
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new HarnessException("consumers point interrupted", ex);
        }
    }

    private static final class Producer
    {
        private final ConsumerRig rig;
        private final int sizeBytes;
        private final Consumer[] consumers;
        private final UnsafeBuffer message;
        private long failedOffers;

        Producer(final ConsumerRig rig, final int sizeBytes, final Consumer[] consumers)
        {
            this.rig = rig;
            this.sizeBytes = sizeBytes;
            this.consumers = consumers;
            this.message = new UnsafeBuffer(ByteBuffer.allocateDirect(
                BitUtil.align(sizeBytes, BitUtil.CACHE_LINE_LENGTH) * 2).alignedSlice(BitUtil.CACHE_LINE_LENGTH));
        }

        void oneWay(final long fromSeq, final long toSeq)
        {
            send(fromSeq, toSeq, null, 0);
            awaitConsumers(toSeq);
        }

        void send(final long fromSeq, final long toSeq, final long[] boundariesNs, final long intervalMessages)
        {
            int boundary = 1;
            long inInterval = 0;
            for (long seq = fromSeq; seq < toSeq; seq++)
            {
                message.putLong(0, seq);
                offer(seq);
                if (boundariesNs != null && ++inInterval == intervalMessages && boundary < boundariesNs.length - 1)
                {
                    boundariesNs[boundary++] = System.nanoTime();
                    inInterval = 0;
                }
            }
        }

        void wake(final long fromSeq, final long toSeq)
        {
            long nextNs = System.nanoTime() + WAKE_INTERVAL_NS;
            for (long seq = fromSeq; seq < toSeq; seq++, nextNs += WAKE_INTERVAL_NS)
            {
                while (System.nanoTime() - nextNs < 0)
                {
                    Thread.onSpinWait();
                }
                message.putLong(0, seq);
                message.putLong(Long.BYTES, System.nanoTime());
                offer(seq);
            }
        }

        private void offer(final long seq)
        {
            if (rig.offer(message, sizeBytes))
            {
                return;
            }
            final long startNs = System.nanoTime();
            long spins = 0;
            do
            {
                failedOffers++;
                if ((++spins & LIVENESS_CHECK_MASK) == 0)
                {
                    check(startNs, "space to send message " + seq);
                }
                Thread.onSpinWait();
            }
            while (!rig.offer(message, sizeBytes));
        }

        void awaitConsumers(final long messages)
        {
            final long startNs = System.nanoTime();
            for (final Consumer consumer : consumers)
            {
                long spins = 0;
                while (consumer.progress.get() < messages)
                {
                    if ((++spins & LIVENESS_CHECK_MASK) == 0)
                    {
                        check(startNs, "consumers to reach message " + messages);
                    }
                    Thread.yield();
                }
            }
        }

        private void check(final long startNs, final String what)
        {
            for (final Consumer consumer : consumers)
            {
                consumer.rethrow();
            }
            if (System.nanoTime() - startNs > TIMEOUT_NS)
            {
                throw new HarnessException("no progress within 60 s waiting for " + what);
            }
        }
    }

    private static final class Consumer extends Thread
    {
        private final ConsumerRig rig;
        private final int index;
        private final long total;
        private final long wakeFrom;
        private final AtomicLong progress = new AtomicLong();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Histogram wake = new Histogram(HIGHEST_TRACKABLE_NS, 3);
        private final MessageSink sink = this::onMessage;
        private long expectedSeq;
        private long lost;

        Consumer(final ConsumerRig rig, final int index, final long total, final long wakeFrom)
        {
            super("consumer-" + index);
            setDaemon(true);
            this.rig = rig;
            this.index = index;
            this.total = total;
            this.wakeFrom = wakeFrom;
        }

        @Override
        public void run()
        {
            try
            {
                final IdleStrategy idle = rig.idleStrategy(index);
                while (expectedSeq < total && !isInterrupted())
                {
                    idle.idle(rig.poll(index, sink));
                }
            }
            catch (final Throwable ex)
            {
                failure.set(ex);
            }
        }

        private void onMessage(final DirectBuffer buffer, final int offset, final int length)
        {
            final long seq = buffer.getLong(offset);
            if (seq < expectedSeq)
            {
                throw new HarnessException("consumer " + index + ": message " + seq + " after " + (expectedSeq - 1));
            }
            if (seq >= wakeFrom)
            {
                final long latencyNs = System.nanoTime() - buffer.getLong(offset + Long.BYTES);
                wake.recordValue(Math.max(0, Math.min(latencyNs, HIGHEST_TRACKABLE_NS)));
            }
            lost += seq - expectedSeq;
            expectedSeq = seq + 1;
            progress.lazySet(expectedSeq);
        }

        void rethrow()
        {
            final Throwable ex = failure.get();
            if (ex != null)
            {
                throw new HarnessException("consumer " + index + " failed: " + ex, ex);
            }
        }
    }
}
