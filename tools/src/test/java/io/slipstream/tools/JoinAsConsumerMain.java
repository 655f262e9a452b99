package io.slipstream.tools;

import io.slipstream.engine.RingContext;
import io.slipstream.engine.RingFileException;
import io.slipstream.engine.Subscription;

import java.nio.file.Path;

/** Joins the ring given as argument as a consumer (which needs write access), prints the outcome, exits 0 or 1. */
public final class JoinAsConsumerMain
{
    private JoinAsConsumerMain()
    {
    }

    public static void main(final String[] args)
    {
        final Path ring = Path.of(args[0]).toAbsolutePath();
        final String fileName = ring.getFileName().toString();
        final RingContext context = new RingContext().directory(ring.getParent())
            .streamName(fileName.substring(0, fileName.length() - ".ring".length())).allowForeignOwner(true);
        try (Subscription subscription = Subscription.open(context))
        {
            System.out.println("joined as slot " + subscription.slotIndex());
        }
        catch (final RingFileException ex)
        {
            System.out.println("refused: " + ex.getMessage() + " (" + ex.getCause() + ")");
            System.exit(1);
        }
    }
}
