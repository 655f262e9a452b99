package io.slipstream.examples;

import io.slipstream.engine.RecordHandler;
import io.slipstream.engine.RingContext;
import io.slipstream.engine.RuntimeAccess;
import io.slipstream.engine.Subscription;
import io.slipstream.engine.WaitStrategy;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;

import java.nio.file.Path;

/**
 * The consumer process of the README's two-process example: reads the ring {@code quotes} until its producer
 * ({@link QuoteProducer}) closes it, sleeping in the kernel (futex) while there is nothing to read, and prints what
 * it received: {@code received <n> quotes, <m> out of order, sum <s>}. It prints {@code joined} once it holds its
 * place in the ring, so a producer started after that line loses nothing. Argument: the ring directory.
 */
public final class QuoteConsumer
{
    private QuoteConsumer()
    {
    }

    public static void main(final String[] args)
    {
        RuntimeAccess.ensureAvailableOrExit();
        final Path directory = Path.of(args[0]);
        final RingContext ctx = new RingContext().directory(directory).streamName("quotes").capacityBytes(1 << 20);
        try (Subscription sub = Subscription.open(ctx))
        {
            System.out.println("joined");
            final QuoteCounter quotes = new QuoteCounter();
            final IdleStrategy idle = WaitStrategy.FUTEX.forSubscription(sub);    // sleeps in the kernel when idle
            while (!sub.isEndOfStream())
            {
                idle.idle(sub.poll(quotes, 10));
            }
            System.out.println(quotes);
        }
    }

    /** Counts the quotes, and those that are not the one after the previous (lost, repeated or reordered). */
    public static final class QuoteCounter implements RecordHandler
    {
        private long received;
        private long next;
        private long outOfOrder;
        private long sum;

        @Override
        public void onMessage(final int typeId, final DirectBuffer buffer, final int offset, final int length)
        {
            final long quote = buffer.getLong(offset);
            if (typeId != QuoteProducer.QUOTE_TYPE_ID || length != Long.BYTES || quote != next)
            {
                outOfOrder++;
            }
            next = quote + 1;
            received++;
            sum += quote;
        }

        @Override
        public String toString()
        {
            return "received " + received + " quotes, " + outOfOrder + " out of order, sum " + sum;
        }
    }
}
