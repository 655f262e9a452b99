package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One side of the cross-process lost-wake-up test, run in its own JVM.
 * <pre>
 *   consume &lt;dir&gt; &lt;messages&gt; &lt;timeoutMs&gt; &lt;stopAtFirstLoss&gt;
 *   produce &lt;dir&gt; &lt;messages&gt; &lt;seed&gt;
 * </pre>
 * The producer sends {@code [sent time ns | sequence]}, waits until the consumer has taken it (its slot position in
 * the file reaches the producer's), then pauses 0.5 to 10 µs: each message is a hand-off, so a missed wake-up is not
 * rescued by the next commit. The
 * consumer sleeps on the futex as soon as it finds no data. A sleep that runs to its timeout while a message sent
 * more than half a timeout earlier is waiting is a lost wake-up. The consumer prints
 * {@code RESULT received=N sleeps=N lost=N} and exits 0, or 3 at the first loss when asked to stop there.
 */
public final class FutexHandoffMain
{
    static final String STREAM = "handoff";

    public static void main(final String[] args) throws Exception
    {
        final RingContext context = new RingContext().directory(Path.of(args[1])).streamName(STREAM)
            .capacityBytes(64 * 1024);
        final long messages = Long.parseLong(args[2]);
        if (args[0].equals("consume"))
        {
            consume(context, messages, TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[3])),
                Boolean.parseBoolean(args[4]));
        }
        else
        {
            produce(context, messages, Long.parseLong(args[3]));
        }
    }

    private static void consume(final RingContext context, final long messages, final long timeoutNs,
        final boolean stopAtFirstLoss)
    {
        try (Subscription subscription = Subscription.open(context))
        {
            final FutexIdleStrategy idle = FutexIdleStrategy.forSubscription(subscription, 0, 0, timeoutNs);
            System.out.println("READY");
            System.out.flush();
            final Checker checker = new Checker(timeoutNs / 2);
            while (checker.received < messages)
            {
                final long timeoutsBefore = idle.timeoutsWithData();
                final int count = subscription.poll(checker, 100);
                if (count == 0)
                {
                    idle.idle();
                    if (idle.timeoutsWithData() != timeoutsBefore)
                    {
                        checker.suspectSinceNs = System.nanoTime();
                    }
                }
                else
                {
                    idle.reset();
                }
                if (checker.lost > 0 && stopAtFirstLoss)
                {
                    break;
                }
            }
            System.out.println("RESULT received=" + checker.received + " sleeps=" + idle.sleeps() + " lost=" +
                checker.lost);
            System.out.flush();
            System.exit(checker.lost > 0 && stopAtFirstLoss ? 3 : 0);
        }
    }

    private static void produce(final RingContext context, final long messages, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[16]);
        try (Publication publication = Publication.open(context))
        {
            for (long sequence = 0; sequence < messages; sequence++)
            {
                final long pauseUntil = System.nanoTime() + 500 + random.nextLong(9_500);
                while (System.nanoTime() < pauseUntil)
                {
                    Thread.onSpinWait();
                }
                message.putLong(0, System.nanoTime());
                message.putLong(8, sequence);
                long position;
                while ((position = publication.offer(message, 0, 16)) < 0)
                {
                    Thread.yield();
                }
                final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (publication.header().getLongVolatile(RingDescriptor.slotOffset(0) +
                    RingDescriptor.SLOT_POSITION_OFFSET) < position)
                {
                    Thread.onSpinWait();
                    if (System.nanoTime() > deadlineNs)
                    {
                        return; // the consumer stopped (it found a loss, or died): nothing more to hand off
                    }
                }
            }
        }
    }

    private static final class Checker implements MessageHandler
    {
        private final long lateNs;
        long received;
        long lost;
        long suspectSinceNs;

        Checker(final long lateNs)
        {
            this.lateNs = lateNs;
        }

        public void onMessage(final int typeId, final org.agrona.DirectBuffer buffer, final int offset, final int length)
        {
            final long sentNs = buffer.getLong(offset);
            final long sequence = buffer.getLong(offset + 8);
            if (sequence != received)
            {
                throw new IllegalStateException("expected sequence " + received + ", got " + sequence);
            }
            received++;
            if (suspectSinceNs != 0)
            {
                // The sleep timed out with data waiting: lost if the message was there long before the timeout.
                if (suspectSinceNs - sentNs > lateNs)
                {
                    lost++;
                }
                suspectSinceNs = 0;
            }
        }
    }
}
