package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Child process for {@link HeaderRewriteTest}: for {@code durationMs}, opens the ring again and again as producer or
 * consumer, offers and polls, and closes, while another process rewrites the header's geometry. Every open must
 * either succeed or fail with {@link RingFileException} (or {@link ProducerConflictException} while another child
 * is the producer); anything else, and any crash, is a failure. Prints {@code DONE opened=<n> refused=<n>} and
 * exits 0, or prints {@code UNEXPECTED ...} and exits 3.
 * <p>
 * Arguments: directory stream durationMs seed.
 */
public final class HeaderChurnMain
{
    private HeaderChurnMain()
    {
    }

    public static void main(final String[] args)
    {
        final RingContext template = new RingContext().directory(Path.of(args[0])).streamName(args[1])
            .readyTimeoutNs(0);
        final long endNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[2]));
        final SplittableRandom random = new SplittableRandom(Long.parseLong(args[3]));
        final UnsafeBuffer message = new UnsafeBuffer(new byte[64]);
        long opened = 0;
        long refused = 0;
        try
        {
            while (System.nanoTime() - endNs < 0)
            {
                try
                {
                    if (random.nextBoolean())
                    {
                        try (Publication publication = Publication.open(template.copy()))
                        {
                            opened++;
                            final int length = Math.min(message.capacity(), publication.maxMessageLength());
                            for (int i = 0; i < 200; i++)
                            {
                                publication.offer(message, 0, length, 1);
                            }
                        }
                    }
                    else
                    {
                        try (Subscription subscription = Subscription.open(template.copy()))
                        {
                            opened++;
                            for (int i = 0; i < 200; i++)
                            {
                                subscription.poll((t, b, o, l) ->
                                {
                                    if (l > 0)
                                    {
                                        b.getByte(o + l - 1); // the last byte of what was validated
                                    }
                                }, 64);
                            }
                        }
                    }
                }
                catch (final RingFileException | ProducerConflictException expected)
                {
                    refused++;
                }
            }
            System.out.println("DONE opened=" + opened + " refused=" + refused);
            System.out.flush();
            System.exit(0);
        }
        catch (final Throwable t)
        {
            System.out.println("UNEXPECTED " + t);
            System.out.flush();
            t.printStackTrace();
            System.exit(3);
        }
    }
}
