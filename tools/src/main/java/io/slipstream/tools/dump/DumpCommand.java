package io.slipstream.tools.dump;

import io.slipstream.engine.RingDescriptor;
import io.slipstream.engine.RingReader;
import io.slipstream.engine.RuntimeAccess;
import io.slipstream.engine.StartPosition;
import io.slipstream.engine.WaitStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code scripts/dump}: prints every SBE message of a ring, or of a raw capture (SBE messages laid end to end in a
 * file), one line per message, through SBE's on-the-fly decoder and the trading schema's IR.
 */
@Command(name = "dump", mixinStandardHelpOptions = true, sortOptions = false,
    version = "slipstream dump 0.1.0 (trading schema id 1, version 2)",
    description = {
        "Prints every SBE message of a Slipstream ring, or of a raw capture file, one line per message.",
        "",
        "A ring is read read-only, without joining it: the producer never waits for the dump, however slow",
        "its reader (a stopped pager). It is read from the oldest message still held to the producer's",
        "position; with --follow it then waits for new messages until the producer ends the stream, or",
        "Ctrl-C. If the producer overwrites messages before the dump reads them, a line on standard error",
        "says how many bytes were lost, and the dump goes on from the oldest message still held. A missing",
        "file is an error: the dump never creates a ring. A raw capture is a file of SBE messages laid end",
        "to end.",
        "",
        "A malformed or unknown message is printed as an ERROR line and the dump goes on (in a capture, whose",
        "messages carry no framing, it stops there).",
        "",
        "Exit status: 0 (also after lost bytes); 1 if any message was malformed or unknown; 2 if the file is",
        "missing or cannot be read."},
    usageHelpWidth = 110)
public final class DumpCommand implements Callable<Integer>
{
    private static final int POLL_LIMIT = 256;
    private static final int MAGIC_LENGTH = 8;

    @Parameters(index = "0", paramLabel = "<ring-or-file>",
        description = "A ring file (<dir>/<stream>.ring), or a raw capture of SBE messages.")
    private Path path;

    @Option(names = "--json", description = "One JSON object per line instead of name=value text.")
    private boolean json;

    @Option(names = {"-f", "--follow"}, description = "After the existing messages, keep printing new ones until " +
        "the producer ends the stream (rings only).")
    private boolean follow;

    @Option(names = "--limit", paramLabel = "N", description = "Stop after N messages (default: no limit).")
    private long limit = Long.MAX_VALUE;

    private final PrintStream out;
    private final PrintStream err;
    private long sequence;
    private long malformed;

    /**
     * @param out where message lines go.
     * @param err where lost bytes are reported.
     */
    public DumpCommand(final PrintStream out, final PrintStream err)
    {
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the dump tool.
     *
     * @param args the command line; {@code --help} describes it.
     */
    public static void main(final String[] args)
    {
        RuntimeAccess.ensureAvailableOrExit();
        System.exit(run(System.out, System.err, args));
    }

    /**
     * Runs the dump tool with the given streams (for tests).
     *
     * @param out  standard output.
     * @param err  standard error.
     * @param args the command line.
     * @return the exit status.
     */
    public static int run(final PrintStream out, final PrintStream err, final String... args)
    {
        final CommandLine commandLine = new CommandLine(new DumpCommand(out, err));
        commandLine.setOut(new java.io.PrintWriter(out, true));
        commandLine.setErr(new java.io.PrintWriter(err, true));
        commandLine.setExecutionExceptionHandler((ex, cmd, parsed) ->
        {
            cmd.getErr().println("dump: " + ex.getMessage());
            return 2;
        });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() throws IOException
    {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS))
        {
            throw new IOException("no such file: " + path + " (the dump reads existing rings, it never creates one)");
        }
        if (!Files.isRegularFile(path))
        {
            throw new IOException(path + " is not a regular file");
        }
        final MessagePrinter printer = MessagePrinter.forTradingSchema().json(json);
        if (isRing(path))
        {
            dumpRing(printer);
        }
        else
        {
            if (follow)
            {
                throw new IOException(path + " is not a ring (no ring magic): --follow needs a ring");
            }
            dumpCapture(printer);
        }
        out.flush();
        return malformed == 0 ? 0 : 1;
    }

    private static boolean isRing(final Path path) throws IOException
    {
        try (InputStream in = Files.newInputStream(path))
        {
            final byte[] magic = in.readNBytes(MAGIC_LENGTH);
            return magic.length == MAGIC_LENGTH &&
                new UnsafeBuffer(magic).getLong(0, ByteOrder.nativeOrder()) == RingDescriptor.MAGIC;
        }
    }

    private void dumpRing(final MessagePrinter printer)
    {
        try (RingReader reader = RingReader.open(path, StartPosition.EARLIEST, true))
        {
            reader.lossListener((fromPosition, resumePosition, lostBytes) ->
            {
                out.flush();
                err.println("dump: lapped by the producer: lost " + lostBytes + " bytes (positions " + fromPosition +
                    " to " + resumePosition + "), going on from the oldest message still held");
                err.flush();
            });
            final IdleStrategy idle = WaitStrategy.BACKOFF.newIdleStrategy();
            while (sequence < limit)
            {
                final int count = reader.poll((typeId, buffer, offset, length) ->
                {
                    if (sequence < limit)
                    {
                        print(printer, printer.print(sequence++, buffer, offset, length));
                    }
                }, POLL_LIMIT);
                if (count == 0 && !reader.hasData())
                {
                    out.flush();
                    if (!follow || reader.isEndOfStream())
                    {
                        break;
                    }
                    idle.idle();
                }
                else
                {
                    idle.reset();
                }
            }
        }
    }

    private void dumpCapture(final MessagePrinter printer) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(path);
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        int offset = 0;
        while (offset < bytes.length && sequence < limit)
        {
            print(printer, printer.print(sequence++, buffer, offset, bytes.length - offset));
            if (printer.lastLength() == 0)
            {
                out.println("# stopped at byte " + offset + " of " + bytes.length +
                    ": the capture's next message cannot be found after a malformed one");
                return;
            }
            offset += printer.lastLength();
        }
    }

    private void print(final MessagePrinter printer, final String line)
    {
        if (printer.lastLength() == 0)
        {
            malformed++;
        }
        out.println(line);
    }
}
