package io.slipstream.driver;

import io.slipstream.engine.Publication;
import io.slipstream.engine.RecordHandler;
import io.slipstream.engine.Subscription;
import io.slipstream.engine.WaitStrategy;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test messages: {@code [sequence (8) | filler | checksum (8)]}, lengths varying with the sequence, every
 * {@value #LARGE_EVERY}th message longer than a UDP frame (and every {@value #HUGE_EVERY}th many frames long); the type
 * id is derived from the sequence so its crossing is checked too.
 */
final class Traffic
{
    static final int LARGE_EVERY = 997;
    static final int HUGE_EVERY = 49_999;
    static final int MAX_LENGTH = 24_000;

    private Traffic()
    {
    }

    static int length(final long seq)
    {
        if (seq % HUGE_EVERY == HUGE_EVERY - 1)
        {
            return MAX_LENGTH;
        }
        if (seq % LARGE_EVERY == LARGE_EVERY - 1)
        {
            return 1500 + (int)(seq % 3000);
        }
        return 16 + (int)((seq * 7919) % 240);
    }

    static int typeId(final long seq)
    {
        return 1 + (int)(seq % 1000);
    }

    static void encode(final UnsafeBuffer buffer, final long seq, final int length)
    {
        buffer.putLong(0, seq);
        for (int i = 8; i < length - 8; i++)
        {
            buffer.putByte(i, (byte)(seq * 31 + i));
        }
        buffer.putLong(length - 8, checksum(buffer, 0, length - 8));
    }

    static long checksum(final DirectBuffer buffer, final int offset, final int length)
    {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < length; i++)
        {
            hash = (hash ^ (buffer.getByte(offset + i) & 0xFF)) * 0x100000001b3L;
        }
        return hash;
    }

    /** Offers sequences [from, to) to the publication, waiting while back-pressured; counts back-pressured offers. */
    static final class Producer implements Runnable
    {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong backPressured = new AtomicLong();
        private final Publication publication;
        private final long from;
        private final long to;
        private final long deadlineNs;
        volatile Throwable failure;

        Producer(final Publication publication, final long from, final long to, final long timeoutSeconds)
        {
            this.publication = publication;
            this.from = from;
            this.to = to;
            this.deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        }

        @Override
        public void run()
        {
            try
            {
                final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MAX_LENGTH]);
                final IdleStrategy idle = WaitStrategy.BACKOFF.newIdleStrategy();
                for (long seq = from; seq < to; seq++)
                {
                    final int length = length(seq);
                    encode(buffer, seq, length);
                    idle.reset();
                    while (publication.offer(buffer, 0, length, typeId(seq)) == Publication.BACK_PRESSURED)
                    {
                        backPressured.incrementAndGet();
                        if (System.nanoTime() > deadlineNs) // hang guard only
                        {
                            throw new IllegalStateException("producer still back-pressured at " + seq);
                        }
                        idle.idle();
                    }
                    sent.set(seq + 1 - from);
                }
            }
            catch (final Throwable ex)
            {
                failure = ex;
            }
        }
    }

    /**
     * Sends messages 0 to {@code count} from a producer thread while this thread checks them at the destination,
     * then waits for the producer: the checker, once every message has arrived (fails on any error, or after
     * {@code timeoutSeconds} as a hang guard).
     */
    static Checker stream(final Publication source, final Subscription destination, final int count,
        final long timeoutSeconds) throws InterruptedException
    {
        final Producer producer = new Producer(source, 0, count, timeoutSeconds);
        final Thread producerThread = Thread.ofPlatform().name("producer").start(producer);
        final Checker checker = new Checker(false);
        checker.pollUntil(destination, count, timeoutSeconds);
        producerThread.join();
        if (producer.failure != null)
        {
            throw new AssertionError("producer failed", producer.failure);
        }
        return checker;
    }

    /**
     * Checks messages: the checksum and type id of each, and that sequences only ever increase by one; with gaps
     * allowed, a jump forward is recorded instead of failing (never a repeat or a step back).
     */
    static final class Checker implements RecordHandler
    {
        final List<long[]> gaps = new ArrayList<>();
        private final boolean gapsAllowed;
        private final boolean duplicatesCounted;
        long next;
        long received;
        long duplicates;
        String error;

        Checker(final boolean gapsAllowed)
        {
            this(gapsAllowed, false);
        }

        /** With {@code duplicatesCounted}, a repeat of a sequence already received is counted instead of failing. */
        Checker(final boolean gapsAllowed, final boolean duplicatesCounted)
        {
            this.gapsAllowed = gapsAllowed;
            this.duplicatesCounted = duplicatesCounted;
        }

        @Override
        public void onMessage(final int typeId, final DirectBuffer buffer, final int offset, final int length)
        {
            if (error != null)
            {
                return;
            }
            final long seq = buffer.getLong(offset);
            if (length < 16 || length != length(seq))
            {
                error = "message " + received + ": sequence " + seq + " with length " + length;
            }
            else if (buffer.getLong(offset + length - 8) != checksum(buffer, offset, length - 8))
            {
                error = "message " + received + ": sequence " + seq + " has a bad checksum";
            }
            else if (typeId != typeId(seq))
            {
                error = "sequence " + seq + " arrived with type id " + typeId + ", expected " + typeId(seq);
            }
            else if (seq < next && duplicatesCounted)
            {
                duplicates++;
            }
            else if (seq < next)
            {
                error = "sequence " + seq + " after " + (next - 1) + ": duplicated or reordered";
            }
            else if (seq > next && !gapsAllowed)
            {
                error = "sequence " + seq + " after " + (next - 1) + ": " + (seq - next) + " lost";
            }
            else
            {
                if (seq > next)
                {
                    gaps.add(new long[]{next, seq});
                }
                next = seq + 1;
                received++;
            }
        }

        long lost()
        {
            return gaps.stream().mapToLong(gap -> gap[1] - gap[0]).sum();
        }

        /** Polls until sequence {@code end - 1} has arrived or the hang guard expires; fails on a bad message. */
        void pollUntil(final Subscription subscription, final long end, final long timeoutSeconds)
        {
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            final IdleStrategy idle = WaitStrategy.BACKOFF.newIdleStrategy();
            while (next < end && error == null)
            {
                if (System.nanoTime() > deadlineNs) // hang guard only
                {
                    throw new AssertionError("timed out after " + timeoutSeconds + " s at sequence " + next +
                        " of " + end + " (" + received + " received)");
                }
                idle.idle(subscription.poll(this, 256));
            }
            if (error != null)
            {
                throw new AssertionError(error);
            }
        }
    }
}
