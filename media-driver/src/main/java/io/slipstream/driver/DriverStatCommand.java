package io.slipstream.driver;

import io.aeron.CncFileDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code scripts/driver stat}: prints each bridge's counters (messages, bytes, back-pressure events, lag: what the
 * source ring holds for the bridge, unacked: what was sent and not yet acknowledged, dups: messages dropped as
 * already written, unwritten: what Aeron has received for a receiving bridge and the bridge has not yet written,
 * ring full: whether a receiving bridge waits for space in its ring, connection state) and Aeron's own counters,
 * read from a running driver's CnC file without joining it as a client; refreshes until interrupted. Usable on its
 * own:
 * {@code new CommandLine(new DriverStatCommand()).execute(args)}.
 */
@Command(name = "stat", mixinStandardHelpOptions = true,
    description = "Prints a running driver's bridge counters and Aeron's counters, refreshing until Ctrl-C.")
public final class DriverStatCommand implements Callable<Integer>
{
    private static final String CLEAR_SCREEN = "\033[H\033[2J";

    @Option(names = "--aeron-dir", paramLabel = "DIR",
        description = "The driver's Aeron directory (default ${DEFAULT-VALUE}).")
    private Path aeronDir = DriverContext.DEFAULT_AERON_DIR;

    @Option(names = {"-i", "--interval-ms"}, paramLabel = "MS",
        description = "Refresh interval (default ${DEFAULT-VALUE}).")
    private long intervalMs = 1000;

    @Option(names = {"-n", "--count"}, paramLabel = "N",
        description = "Print N times then exit; 0 = until Ctrl-C (default).")
    private int count;

    @Option(names = "--once", description = "Print once and exit (same as --count 1).")
    private boolean once;

    @Option(names = "--bridges-only", description = "Leave out Aeron's own counters.")
    private boolean bridgesOnly;

    /** Sets the Aeron directory (for callers that embed the command). */
    public DriverStatCommand aeronDir(final Path aeronDir)
    {
        this.aeronDir = aeronDir;
        return this;
    }

    @Override
    public Integer call() throws InterruptedException, IOException
    {
        final Path cnc = aeronDir.resolve(CncFileDescriptor.CNC_FILE);
        if (!Files.isRegularFile(cnc))
        {
            System.err.println("stat: no driver at " + aeronDir + " (" + cnc + " is missing); is scripts/driver " +
                "running with this --aeron-dir?");
            return 1;
        }
        final MappedByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(cnc, StandardOpenOption.READ))
        {
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        }
        try
        {
            final UnsafeBuffer meta = CncFileDescriptor.createMetaDataBuffer(mapped);
            CncFileDescriptor.checkVersion(meta.getIntVolatile(CncFileDescriptor.cncVersionOffset(0)));
            final CountersReader reader = new CountersReader(
                CncFileDescriptor.createCountersMetaDataBuffer(mapped, meta),
                CncFileDescriptor.createCountersValuesBuffer(mapped, meta));
            final int times = once ? 1 : count;
            final boolean terminal = System.console() != null && System.console().isTerminal() && times != 1;
            for (int i = 0; times == 0 || i < times; i++)
            {
                if (i > 0)
                {
                    Thread.sleep(intervalMs);
                }
                if (terminal)
                {
                    System.out.print(CLEAR_SCREEN);
                }
                else if (i > 0)
                {
                    System.out.println();
                }
                print(System.out, meta, reader, !bridgesOnly);
                System.out.flush();
            }
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
        return 0;
    }

    /** Prints one snapshot: a header line, a table of bridges, and (optionally) Aeron's counters. */
    public static void print(final PrintStream out, final DirectBuffer cncMeta, final CountersReader reader,
        final boolean aeronCounters)
    {
        final long pid = CncFileDescriptor.pid(cncMeta);
        final boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        out.println("Slipstream driver pid " + pid + (alive ? "" : " (NOT RUNNING: counters are its last values)") +
            ", " + Instant.now());
        final Map<Integer, long[]> values = new TreeMap<>();
        final Map<Integer, String> labels = new TreeMap<>();
        reader.forEach((counterId, typeId, keyBuffer, label) ->
        {
            if (DriverCounters.isBridgeCounter(typeId))
            {
                final int bridge = keyBuffer.getInt(DriverCounters.BRIDGE_NUMBER_KEY_OFFSET);
                values.computeIfAbsent(bridge, b -> new long[DriverCounters.LAST_TYPE_ID -
                    DriverCounters.TYPE_ID_BASE])[typeId - DriverCounters.TYPE_ID_BASE - 1] =
                    reader.getCounterValue(counterId);
                labels.put(bridge, label);
            }
        });
        final int width = labels.values().stream().mapToInt(String::length).max().orElse(0) + 2;
        final String header = "%-" + width + "s %4s %8s %12s %14s %10s %12s %12s %10s %12s %9s %7s%n";
        final String row = "%-" + width + "s %4s %8d %12d %14d %10d %12s %12s %10s %12s %9s %7d%n";
        out.printf(header, "bridge", "conn", "connects", "messages", "bytes",
            "back-press", "lag bytes", "unacked", "dups", "unwritten", "ring full", "errors");
        if (values.isEmpty())
        {
            out.println("(no bridges)");
        }
        for (final Map.Entry<Integer, long[]> entry : values.entrySet())
        {
            final long[] v = entry.getValue();
            final boolean sending = labels.get(entry.getKey()).startsWith("ring:");
            out.printf(row, labels.get(entry.getKey()),
                v[index(DriverCounters.CONNECTED_TYPE_ID)] == 1 ? "yes" : "no",
                v[index(DriverCounters.CONNECTIONS_TYPE_ID)],
                v[index(DriverCounters.MESSAGES_TYPE_ID)],
                v[index(DriverCounters.BYTES_TYPE_ID)],
                v[index(DriverCounters.BACK_PRESSURE_TYPE_ID)],
                sending ? Long.toString(v[index(DriverCounters.LAG_TYPE_ID)]) : "-",
                sending ? Long.toString(v[index(DriverCounters.UNACKNOWLEDGED_TYPE_ID)]) : "-",
                sending ? "-" : Long.toString(v[index(DriverCounters.DUPLICATES_TYPE_ID)]),
                sending ? "-" : Long.toString(v[index(DriverCounters.UNWRITTEN_TYPE_ID)]),
                sending ? "-" : v[index(DriverCounters.RING_FULL_TYPE_ID)] == 1 ? "yes" : "no",
                v[index(DriverCounters.ERRORS_TYPE_ID)]);
        }
        if (aeronCounters)
        {
            out.println("Aeron counters:");
            reader.forEach((counterId, typeId, keyBuffer, label) ->
            {
                if (!DriverCounters.isBridgeCounter(typeId))
                {
                    out.printf("%4d %,20d  %s%n", counterId, reader.getCounterValue(counterId), label);
                }
            });
        }
    }

    private static int index(final int typeId)
    {
        return typeId - DriverCounters.TYPE_ID_BASE - 1;
    }
}
