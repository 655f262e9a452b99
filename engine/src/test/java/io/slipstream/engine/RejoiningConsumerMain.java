package io.slipstream.engine;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Child process for {@link ConsumerRestartTest}: joins a ring at the given start position and reads messages that
 * carry a sequence number in their first 8 bytes, checking that each is the one after the last. Prints
 * {@code JOINED position=<p>}, then {@code FIRST seq=<s>} on the first message; after {@code readLimit} messages
 * (if not negative) prints {@code HELD read=<n>} and stops reading for ever (holding the producer back); at end of
 * stream prints {@code END read=<n> last=<seq>} and exits 0. A gap or a repeat prints {@code GAP ...}, exit 3.
 * <p>
 * Arguments: directory stream startPosition readLimit.
 */
public final class RejoiningConsumerMain
{
    private RejoiningConsumerMain()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final RingContext context = new RingContext().directory(Path.of(args[0])).streamName(args[1])
            .startPosition(StartPosition.valueOf(args[2]));
        final long readLimit = Long.parseLong(args[3]);
        final long[] state = {0, -1}; // read, last seq
        try (Subscription subscription = Subscription.open(context))
        {
            System.out.println("JOINED position=" + subscription.position());
            System.out.flush();
            final RecordHandler handler = (typeId, buffer, offset, length) ->
            {
                final long seq = buffer.getLong(offset);
                if (state[1] < 0)
                {
                    System.out.println("FIRST seq=" + seq);
                    System.out.flush();
                }
                else if (seq != state[1] + 1)
                {
                    System.out.println("GAP expected " + (state[1] + 1) + " got " + seq);
                    System.out.flush();
                    System.exit(3);
                }
                state[1] = seq;
                state[0]++;
            };
            while (!subscription.isEndOfStream())
            {
                final int limit = readLimit < 0 ? 256 : (int)Math.min(256, readLimit - state[0]);
                if (limit == 0)
                {
                    System.out.println("HELD read=" + state[0]);
                    System.out.flush();
                    Thread.sleep(TimeUnit.HOURS.toMillis(1));
                }
                if (subscription.poll(handler, limit) == 0)
                {
                    Thread.sleep(1);
                }
            }
        }
        System.out.println("END read=" + state[0] + " last=" + state[1]);
        System.out.flush();
    }
}
