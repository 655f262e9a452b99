package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child process for {@link ShrunkWhileMappedTest}: maps a ring, prints {@code MAPPED}, waits for a line on stdin
 * (the test truncates the file meanwhile), then polls or offers and closes. Prints {@code THREW <class>: <message>}
 * (exit 0 for a {@link RingFileException}, 3 for anything else) or {@code RETURNED ...} (exit 2); a JVM killed by
 * SIGBUS exits with neither.
 * <p>
 * Arguments: directory stream mode, where mode is {@code poll}, {@code controlled-poll},
 * {@code offer}, or {@code raw} (reads the mapped data directly, without the engine's conversion).
 */
public final class ShrunkRingMain
{
    private ShrunkRingMain()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final RingContext context = new RingContext().directory(Path.of(args[0])).streamName(args[1])
            .readyTimeoutNs(0);
        final String mode = args[2];
        final BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try
        {
            final String result;
            if (mode.equals("raw"))
            {
                try (RingFile ringFile = RingFile.openExisting(context.ringFile(), context))
                {
                    mapped(stdin);
                    result = "raw read " + ringFile.data().getInt(0);
                }
            }
            else if (mode.equals("offer"))
            {
                try (Publication publication = Publication.open(context))
                {
                    mapped(stdin);
                    final UnsafeBuffer message = new UnsafeBuffer(new byte[64]);
                    result = "offer returned " + publication.offer(message, 0, message.capacity());
                }
            }
            else
            {
                try (Subscription subscription = Subscription.open(context))
                {
                    mapped(stdin);
                    result = (mode.equals("poll") ? subscription.poll((t, b, o, l) -> { }, 10) :
                        subscription.controlledPoll((t, b, o, l) -> ControlledRecordHandler.Action.CONTINUE, 10)) +
                        " messages delivered";
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

    private static void mapped(final BufferedReader stdin) throws IOException
    {
        System.out.println("MAPPED");
        System.out.flush();
        stdin.readLine();
    }
}
