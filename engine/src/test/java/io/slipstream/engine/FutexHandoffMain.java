package io.slipstream.engine;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One side of the cross-process lost-wake-up test, run in its own JVM.
 * <pre>
 *   consume &lt;dir&gt; &lt;messages&gt; &lt;timeoutMs&gt; &lt;stopAtFirstLoss&gt; [&lt;variant&gt;]
 *   produce &lt;dir&gt; &lt;messages&gt; &lt;seed&gt; [&lt;variant&gt;]
 * </pre>
 * The variant names a {@link WakeVariant} (default {@code CORRECT}): the wake protocol both sides run.
 * The producer sends {@code [sent time ns | sequence]}, waits until the consumer has taken it (its slot position in
 * the file reaches the producer's), then pauses 0.5 to 10 µs: each message is a hand-off, so a missed wake-up is not
 * rescued by the next commit. The
 * consumer sleeps on the futex as soon as it finds no data. A lost wake-up is a sleep that runs to its timeout
 * although the message it then finds was committed before the first half of that sleep was over. The producer
 * stores the time each commit returned in a small side file ({@value #COMMIT_TIMES}, indexed by the sequence's
 * parity). Judging by commit time and sleep start, not by the message's stamp or the time the sleeper ran again,
 * keeps a loaded machine (a producer preempted before its commit, a sleeper waiting for a core after its timeout)
 * from passing for a lost wake-up; a correct protocol can only time out on a commit made after its timeout. The
 * consumer prints
 * {@code RESULT received=N sleeps=N lost=N} and exits 0, or 3 at the first loss when asked to stop there.
 */
public final class FutexHandoffMain
{
    private FutexHandoffMain()
    {
    }

    static final String STREAM = "handoff";
    static final String COMMIT_TIMES = "commit-times";

    public static void main(final String[] args) throws Exception
    {
        final RingContext context = new RingContext().directory(Path.of(args[1])).streamName(STREAM)
            .capacityBytes(64 * 1024);
        final long messages = Long.parseLong(args[2]);
        if (args[0].equals("consume"))
        {
            consume(context, messages, TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[3])),
                Boolean.parseBoolean(args[4]), variant(args, 5));
        }
        else
        {
            produce(context, messages, Long.parseLong(args[3]), variant(args, 4));
        }
    }

    private static WakeVariant variant(final String[] args, final int index)
    {
        return args.length > index ? WakeVariant.valueOf(args[index]) : WakeVariant.CORRECT;
    }

    private static void consume(final RingContext context, final long messages, final long timeoutNs,
        final boolean stopAtFirstLoss, final WakeVariant variant)
    {
        final MappedByteBuffer mapped = IoUtil.mapNewFile(context.directory().resolve(COMMIT_TIMES).toFile(), 16);
        try (Subscription subscription = Subscription.open(context))
        {
            final FutexIdleStrategy idle = FutexIdleStrategy.forSubscription(subscription, 0, 0, timeoutNs,
                variant.factory());
            System.out.println("READY");
            System.out.flush();
            final Checker checker = new Checker(timeoutNs / 2, new UnsafeBuffer(mapped));
            while (checker.received < messages)
            {
                final long timeoutsBefore = idle.timeoutsWithData();
                final int count = subscription.poll(checker, 100);
                if (count == 0)
                {
                    final long sleepStartNs = System.nanoTime();
                    idle.idle();
                    if (idle.timeoutsWithData() != timeoutsBefore)
                    {
                        checker.suspectSleepStartNs = sleepStartNs;
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
                checker.lost + " late=" + idle.lateWakeups());
            System.out.flush();
            System.exit(checker.lost > 0 && stopAtFirstLoss ? 3 : 0);
        }
    }

    private static void produce(final RingContext context, final long messages, final long seed,
        final WakeVariant variant)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[16]);
        final UnsafeBuffer commitTimes = new UnsafeBuffer(IoUtil.mapExistingFile(
            context.directory().resolve(COMMIT_TIMES).toFile(), COMMIT_TIMES));
        try (Publication publication = Publication.open(context, variant.factory()))
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
                commitTimes.putLongRelease((int)(sequence & 1) * 8, System.nanoTime());
                final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (publication.header().getLongVolatile(RingDescriptor.slotPositionOffset(0)) < position)
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

    private static final class Checker implements RecordHandler
    {
        private final long lateNs;
        private final UnsafeBuffer commitTimes;
        long received;
        long lost;
        long suspectSleepStartNs;

        Checker(final long lateNs, final UnsafeBuffer commitTimes)
        {
            this.lateNs = lateNs;
            this.commitTimes = commitTimes;
        }

        public void onMessage(
            final int typeId, final org.agrona.DirectBuffer buffer, final int offset, final int length)
        {
            final long sentNs = buffer.getLong(offset);
            final long sequence = buffer.getLong(offset + 8);
            if (sequence != received)
            {
                throw new IllegalStateException("expected sequence " + received + ", got " + sequence);
            }
            received++;
            if (suspectSleepStartNs != 0)
            {
                // The sleep timed out with data waiting: lost if the commit came before half the sleep was over.
                // A commit time older than the message's stamp belongs to the message two before: this one's is
                // not stored yet, so its producer was slow, and it cannot be judged.
                final long committedNs = commitTimes.getLongVolatile((int)(sequence & 1) * 8);
                if (committedNs >= sentNs && committedNs - suspectSleepStartNs < lateNs)
                {
                    lost++;
                }
                suspectSleepStartNs = 0;
            }
        }
    }
}
