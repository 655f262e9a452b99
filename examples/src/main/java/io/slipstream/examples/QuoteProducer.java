package io.slipstream.examples;

import io.slipstream.engine.Publication;
import io.slipstream.engine.RingContext;
import io.slipstream.engine.RuntimeAccess;
import io.slipstream.engine.WaitStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

/**
 * The producer process of the README's two-process example: offers the quotes 0 to count - 1 (one {@code long}
 * each, type id 1) to the ring {@code quotes}, waiting while the ring is full, then closes the ring, which ends the
 * stream for {@link QuoteConsumer}. Arguments: the ring directory and the count.
 */
public final class QuoteProducer
{
    /** The type id of a quote record. */
    public static final int QUOTE_TYPE_ID = 1;

    private QuoteProducer()
    {
    }

    public static void main(final String[] args)
    {
        RuntimeAccess.ensureAvailableOrExit();
        final Path directory = Path.of(args[0]);
        final long count = Long.parseLong(args[1]);
        final RingContext ctx = new RingContext().directory(directory).streamName("quotes").capacityBytes(1 << 20);
        try (Publication pub = Publication.open(ctx))
        {
            final UnsafeBuffer msg = new UnsafeBuffer(new byte[64]);
            final IdleStrategy full = WaitStrategy.BACKOFF.forPublication(pub);    // waits while the ring is full
            for (long quote = 0; quote < count; quote++)
            {
                msg.putLong(0, quote);
                if (pub.offer(msg, 0, 8, QUOTE_TYPE_ID, full) == Publication.CLOSED)
                {
                    throw new IllegalStateException("the ring was closed");
                }
            }
        }
        System.out.println("sent " + count + " quotes");
    }
}
