package io.slipstream.engine;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A consumer that reads a given number of messages, says where it stands, and then sleeps holding its slot, durable
 * or plain, until it is killed.
 * <pre>
 *   DurableConsumerMain &lt;dir&gt; &lt;stream&gt; &lt;durable name, or - for a plain slot&gt; &lt;messages to read&gt;
 * </pre>
 * Prints {@code READY <slot> <position>} once it has read them.
 */
public final class DurableConsumerMain
{
    private DurableConsumerMain()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final RingContext context = new RingContext().directory(Path.of(args[0])).streamName(args[1])
            .durableConsumer("-".equals(args[2]) ? null : args[2]);
        final long toRead = Long.parseLong(args[3]);
        try (Subscription subscription = Subscription.open(context))
        {
            final long[] read = {0};
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (read[0] < toRead)
            {
                subscription.poll((typeId, buffer, offset, length) -> read[0]++, (int)(toRead - read[0]));
                TestRings.failIfHung(deadlineNs, "only " + read[0] + " of " + toRead + " read");
                Thread.onSpinWait();
            }
            System.out.println("READY " + subscription.slotIndex() + " " + subscription.position());
            System.out.flush();
            Thread.sleep(TimeUnit.HOURS.toMillis(1));
        }
    }
}
