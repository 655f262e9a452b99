package io.slipstream.engine;

import java.nio.file.Path;

/**
 * Child process for {@link CorruptHeaderTest}: opens a ring whose data region holds a hostile record and reads it,
 * so that a hang or a crash cannot take the test JVM with it. Prints {@code THREW <class>: <message>} (exit 0 for a
 * {@link RingFileException}, 3 for anything else) or {@code RETURNED ...} (exit 2).
 * <p>
 * Arguments: directory stream mode, where mode is {@code poll}, {@code controlled-poll} or {@code publish}.
 */
public final class HostileRecordMain
{
    private HostileRecordMain()
    {
    }

    public static void main(final String[] args)
    {
        final RingContext context = new RingContext().directory(Path.of(args[0])).streamName(args[1])
            .readyTimeoutNs(0);
        final String mode = args[2];
        try
        {
            final String result;
            if (mode.equals("publish"))
            {
                try (Publication publication = Publication.open(context))
                {
                    result = "publication opened at position " + publication.position();
                }
            }
            else
            {
                try (Subscription subscription = Subscription.open(context))
                {
                    final int delivered = mode.equals("poll") ?
                        subscription.poll((typeId, buffer, offset, length) -> { }, 10) :
                        subscription.controlledPoll((typeId, buffer, offset, length) ->
                            ControlledRecordHandler.Action.CONTINUE, 10);
                    result = delivered + " messages delivered, position now " + subscription.position();
                }
            }
            System.out.println("RETURNED " + result);
            System.out.flush();
            System.exit(2);
        }
        catch (final Throwable t)
        {
            System.out.println("THREW " + t.getClass().getName() + ": " + t.getMessage());
            System.out.flush();
            t.printStackTrace();
            System.exit(t instanceof RingFileException ? 0 : 3);
        }
    }
}
