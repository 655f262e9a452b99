package io.slipstream.engine;

import java.nio.file.Path;

/** Opens a ring as a producer in the directory {@code args[0]}: run by {@link MissingJvmFlagsTest} without flags. */
public final class MissingJvmFlagsMain
{
    private MissingJvmFlagsMain()
    {
    }

    public static void main(final String[] args)
    {
        final RingContext context = new RingContext().directory(Path.of(args[0])).streamName("flags")
            .capacityBytes(64 * 1024);
        try (Publication publication = Publication.open(context))
        {
            System.out.println("opened " + publication);
        }
    }
}
