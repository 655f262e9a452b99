package io.slipstream.perf.curves;

import io.slipstream.engine.Futex;
import io.slipstream.engine.FutexSelectorIdleStrategy;
import io.slipstream.engine.Publication;
import io.slipstream.engine.RecordHandler;
import io.slipstream.engine.RingContext;
import io.slipstream.engine.Subscription;
import io.slipstream.engine.SubscriptionSelector;
import io.slipstream.perf.core.HarnessException;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One point of the selector curve, in one process: {@code n} rings, a {@link SubscriptionSelector} over a
 * subscription of each. First the cost of one {@link SubscriptionSelector#poll} sweep over the idle rings (nothing
 * to read: what a thread watching many quiet rings pays per look); then a thread blocked on all of them with
 * {@link FutexSelectorIdleStrategy} (no spin or yield phase: straight to {@code futex_waitv}) and a producer
 * publishing a timestamped event to one ring after another at a fixed low rate: the time from the publish to the
 * blocked thread running with it. {@code futex_waitv} takes at most {@link Futex#MAX_WAITV} words, so beyond that
 * only the sweep is measured.
 */
final class SelectorPoint
{
    static final int RING_CAPACITY_BYTES = 64 * 1024;
    static final int EVENT_LENGTH = 2 * Long.BYTES;
    private static final long WAKE_INTERVAL_NS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final long SLEEP_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(1);
    private static final long TIMEOUT_MS = 60_000;
    private static final long HIGHEST_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(10);

    /**
     * @param sweeps     measured sweeps.
     * @param nsPerSweep mean time of one sweep over every idle ring, ns.
     * @param wake       publish-to-running latency of the blocked thread, ns; null when not measured.
     * @param waitv      whether the blocked thread used {@code futex_waitv} (false: the selector's polling fallback).
     */
    record Result(long sweeps, double nsPerSweep, Histogram wake, boolean waitv)
    {
    }

    private SelectorPoint()
    {
    }

    /**
     * @return whether a thread can block on {@code rings} rings at once.
     */
    static boolean canBlockOn(final int rings)
    {
        return rings <= Futex.MAX_WAITV;
    }

    static Result run(final int rings, final long sweeps, final long wakeEvents, final Path directory)
    {
        final Publication[] publications = new Publication[rings];
        final Subscription[] subscriptions = new Subscription[rings];
        try
        {
            final SubscriptionSelector selector = new SubscriptionSelector();
            final long[] received = new long[1];
            final RecordHandler handler = (typeId, buffer, offset, length) -> received[0]++;
            for (int i = 0; i < rings; i++)
            {
                final RingContext context = new RingContext().directory(directory).streamName("ring-" + i)
                    .capacityBytes(RING_CAPACITY_BYTES);
                publications[i] = Publication.open(context.copy());
                subscriptions[i] = Subscription.open(context.copy());
                selector.add(subscriptions[i], handler);
            }
            sweep(selector, Math.max(1, sweeps / 5));
            final long startNs = System.nanoTime();
            final long delivered = sweep(selector, sweeps);
            final double nsPerSweep = (System.nanoTime() - startNs) / (double)sweeps;
            if (delivered != 0 || received[0] != 0)
            {
                throw new HarnessException("idle rings delivered " + received[0] + " messages");
            }
            if (!canBlockOn(rings) || wakeEvents == 0)
            {
                return new Result(sweeps, nsPerSweep, null, Futex.isWaitvSupported());
            }
            return new Result(sweeps, nsPerSweep, wake(selector, publications, wakeEvents),
                Futex.isWaitvSupported());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new HarnessException("selector point interrupted", ex);
        }
        finally
        {
            CloseHelper.closeAll(subscriptions);
            CloseHelper.closeAll(publications);
        }
    }

    private static long sweep(final SubscriptionSelector selector, final long sweeps)
    {
        long delivered = 0;
        for (long i = 0; i < sweeps; i++)
        {
            delivered += selector.poll(1);
        }
        return delivered;
    }

    private static Histogram wake(
        final SubscriptionSelector selector, final Publication[] publications, final long events)
        throws InterruptedException
    {
        final Histogram histogram = new Histogram(HIGHEST_TRACKABLE_NS, 3);
        final AtomicLong seen = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread waiter = new Thread(() ->
        {
            try
            {
                final long[] counts = new long[2];
                final RecordHandler recorder = (typeId, buffer, offset, length) ->
                    record(histogram, buffer, offset, counts);
                final SubscriptionSelector recording = new SubscriptionSelector();
                for (int i = 0; i < selector.size(); i++)
                {
                    recording.add(selector.subscription(i), recorder);
                }
                final FutexSelectorIdleStrategy idle =
                    FutexSelectorIdleStrategy.forSelector(recording, 0, 0, SLEEP_TIMEOUT_NS);
                while (counts[0] < events && !Thread.currentThread().isInterrupted())
                {
                    idle.idle(recording.poll(1));
                }
                if (counts[1] != events * (events - 1) / 2)
                {
                    throw new HarnessException("selector waiter: sequence sum " + counts[1] + " of " + counts[0] +
                        " events, expected " + events * (events - 1) / 2 + " (lost or duplicated events)");
                }
                seen.set(counts[0]);
            }
            catch (final Throwable ex)
            {
                failure.set(ex);
            }
        }, "selector-waiter");
        waiter.setDaemon(true);
        waiter.start();
        final UnsafeBuffer event = new UnsafeBuffer(new byte[EVENT_LENGTH]);
        final int rings = publications.length;
        long nextNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        try
        {
            for (long seq = 0; seq < events; seq++, nextNs += WAKE_INTERVAL_NS)
            {
                while (System.nanoTime() - nextNs < 0)
                {
                    Thread.onSpinWait();
                }
                event.putLong(0, seq);
                event.putLong(Long.BYTES, System.nanoTime());
                final Publication publication = publications[(int)(seq % rings)];
                while (publication.offer(event, 0, EVENT_LENGTH) < 0)
                {
                    if (!waiter.isAlive())
                    {
                        throw new HarnessException("selector waiter died: " + failure.get());
                    }
                    Thread.onSpinWait();
                }
            }
            waiter.join(TIMEOUT_MS);
        }
        finally
        {
            waiter.interrupt();
            waiter.join(TIMEOUT_MS);
        }
        if (failure.get() != null)
        {
            throw new HarnessException("selector waiter failed: " + failure.get(), failure.get());
        }
        if (seen.get() != events)
        {
            throw new HarnessException("selector waiter saw " + seen.get() + " of " + events + " events");
        }
        return histogram;
    }

    /**
     * Events come on different rings and a late waiter can find two at once, so the order is not checked; the count
     * and the sum of sequence numbers are.
     */
    private static void record(
        final Histogram histogram, final DirectBuffer buffer, final int offset, final long[] counts)
    {
        final long latencyNs = System.nanoTime() - buffer.getLong(offset + Long.BYTES);
        counts[0]++;
        counts[1] += buffer.getLong(offset);
        histogram.recordValue(Math.max(0, Math.min(latencyNs, HIGHEST_TRACKABLE_NS)));
    }
}
