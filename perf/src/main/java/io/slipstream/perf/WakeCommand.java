package io.slipstream.perf;

import io.slipstream.engine.Publication;
import io.slipstream.engine.RingContext;
import io.slipstream.perf.core.ChildProcess;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;

/**
 * {@code slipstream-perf wake}: how long a waiting consumer in another process takes to run after the producer
 * publishes, at a fixed low rate, for each wait strategy, beside a Unix-domain-socket wake-up as a reference; and
 * the CPU each waiting consumer burns while nothing arrives.
 */
@Command(
    name = "wake",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Cross-process wake-up latency (producer publish to consumer running) at a fixed low rate for " +
        "each wait strategy, and the CPU a blocked consumer uses while idle. Runs are sequential. Writes " +
        "<strategy>-wake.hgrm (µs) and wake.md to results/<timestamp>/.")
public final class WakeCommand implements Callable<Integer>
{
    @Option(names = "--strategies", split = ",", paramLabel = "NAME", defaultValue = "futex,busy-spin,backoff,uds",
        description = "Wait strategies to measure: futex, busy-spin, yielding, backoff, uds " +
            "(default: ${DEFAULT-VALUE}).")
    List<String> strategies;

    @Option(names = "--events", paramLabel = "N", defaultValue = "20000",
        description = "Events per strategy, after warm-up (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "2000",
        description = "Warm-up events per strategy, not recorded (default: ${DEFAULT-VALUE}).")
    long warmup;

    @Option(names = "--interval-us", paramLabel = "US", defaultValue = "50",
        description = "Time between events, µs (default: ${DEFAULT-VALUE}).")
    long intervalUs;

    @Option(names = "--idle-seconds", paramLabel = "S", defaultValue = "5",
        description = "How long to read the waiting consumer's CPU use with nothing arriving " +
            "(default: ${DEFAULT-VALUE}).")
    int idleSeconds;

    @Option(names = "--out", paramLabel = "DIR",
        description = "Directory for results/<timestamp> (default: results/ under the repository root).")
    Path out;

    private final PrintStream stdout;

    public WakeCommand()
    {
        this(System.out);
    }

    WakeCommand(final PrintStream stdout)
    {
        this.stdout = stdout;
    }

    @Override
    public Integer call() throws Exception
    {
        for (final String strategy : strategies)
        {
            if (!List.of("futex", "busy-spin", "yielding", "backoff", "uds").contains(strategy))
            {
                System.err.println("unknown strategy '" + strategy + "': futex, busy-spin, yielding, backoff or uds");
                return 2;
            }
        }
        if (events < 1 || warmup < 0 || intervalUs < 1 || idleSeconds < 1)
        {
            System.err.println("--events, --interval-us and --idle-seconds must be >= 1, --warmup >= 0");
            return 2;
        }
        final Path report = ReportWriter.createReportDir(out != null ? out : PerfCommand.repositoryRoot()
            .resolve("results"));
        final String table = measure(report);
        stdout.println();
        stdout.print(table);
        stdout.println("\nReport: " + report);
        return 0;
    }

    /**
     * Measure every strategy, write {@code <strategy>-wake.hgrm} and {@code wake.md} into {@code report}.
     *
     * @return the wake-up table and its notes in Markdown (what wake.md holds).
     */
    String measure(final Path report) throws Exception
    {
        final Path work = Files.createTempDirectory(Path.of("/dev/shm"), "slipstream-wake-");
        stdout.printf("Runs are sequential, one strategy at a time: %,d events each, one every %d µs, then %d s " +
            "idle.%n", events + warmup, intervalUs, idleSeconds);
        final List<String> rows = new ArrayList<>();
        try
        {
            for (final String strategy : strategies)
            {
                final Path directory = Files.createDirectories(work.resolve(strategy));
                final double[] cpuPercent = new double[1];
                final Histogram histogram = strategy.equals("uds") ?
                    runSocket(directory, cpuPercent) : runRing(directory, strategy, cpuPercent);
                writeHgrm(report.resolve(strategy + "-wake.hgrm"), histogram);
                final String row = String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |",
                    strategy, us(histogram.getValueAtPercentile(50)), us(histogram.getValueAtPercentile(90)),
                    us(histogram.getValueAtPercentile(99)), us(histogram.getValueAtPercentile(99.9)),
                    us(histogram.getMaxValue()), cpuPercent[0]);
                rows.add(row);
                stdout.println("[wake] " + row);
            }
        }
        finally
        {
            deleteTree(work);
        }
        final StringBuilder table = new StringBuilder()
            .append("## Wake-up latency, producer publish to consumer running, µs (one event every ")
            .append(intervalUs).append(" µs, ").append(String.format("%,d", events)).append(" events)\n\n")
            .append("| strategy | p50 | p90 | p99 | p99.9 | max | waiting consumer CPU, % of a core over ")
            .append(idleSeconds).append(" s idle |\n|---|---|---|---|---|---|---|\n");
        rows.forEach(row -> table.append(row).append('\n'));
        table.append("\nfutex: sleeps at once (no spin or yield phase), so this is the kernel wake-up itself. ")
            .append("uds: a blocking read on a Unix domain socket, the usual way to wake another process.\n");
        Files.writeString(report.resolve("wake.md"), table);
        return table.toString();
    }

    private Histogram runRing(final Path directory, final String strategy, final double[] cpuPercent)
        throws Exception
    {
        final RingContext context = new RingContext().directory(directory).streamName(WakeConsumerMain.STREAM)
            .capacityBytes(1 << 20);
        final Publication publication = Publication.open(context);
        try (ChildProcess consumer = startConsumer(directory, strategy))
        {
            final UnsafeBuffer event = new UnsafeBuffer(new byte[WakeConsumerMain.EVENT_LENGTH]);
            final long intervalNs = TimeUnit.MICROSECONDS.toNanos(intervalUs);
            long nextNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
            for (long sequence = 0; sequence < events + warmup; sequence++, nextNs += intervalNs)
            {
                while (System.nanoTime() < nextNs)
                {
                    Thread.onSpinWait();
                }
                event.putLong(0, System.nanoTime());
                event.putLong(8, sequence);
                while (publication.offer(event, 0, WakeConsumerMain.EVENT_LENGTH) < 0)
                {
                    Thread.onSpinWait();
                }
            }
            final Histogram histogram = decode(consumer.awaitLine("RESULT ", 60_000));
            cpuPercent[0] = idleCpu(consumer);
            publication.close(); // end of stream: the consumer exits
            return histogram;
        }
        finally
        {
            publication.close();
        }
    }

    private Histogram runSocket(final Path directory, final double[] cpuPercent) throws Exception
    {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX))
        {
            server.bind(UnixDomainSocketAddress.of(directory.resolve(WakeConsumerMain.SOCKET)));
            try (ChildProcess consumer = startConsumer(directory, "uds");
                SocketChannel channel = server.accept())
            {
                final ByteBuffer event = ByteBuffer.allocateDirect(WakeConsumerMain.EVENT_LENGTH)
                    .order(ByteOrder.nativeOrder());
                final long intervalNs = TimeUnit.MICROSECONDS.toNanos(intervalUs);
                long nextNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
                for (long sequence = 0; sequence < events + warmup; sequence++, nextNs += intervalNs)
                {
                    while (System.nanoTime() < nextNs)
                    {
                        Thread.onSpinWait();
                    }
                    event.clear();
                    event.putLong(0, System.nanoTime());
                    event.putLong(8, sequence);
                    while (event.hasRemaining())
                    {
                        channel.write(event);
                    }
                }
                final Histogram histogram = decode(consumer.awaitLine("RESULT ", 60_000));
                cpuPercent[0] = idleCpu(consumer);
                return histogram;
            }
        }
    }

    private ChildProcess startConsumer(final Path directory, final String strategy)
    {
        final ChildProcess consumer = ChildProcess.start("wake-" + strategy, WakeConsumerMain.class, directory,
            List.of(directory.toString(), strategy, Long.toString(events + warmup), Long.toString(warmup)));
        if (!strategy.equals("uds"))
        {
            consumer.awaitLine(ChildProcess.READY, 60_000);
        }
        return consumer;
    }

    /** CPU time of the waiting consumer's whole process over the idle window, in percent of one core. */
    private double idleCpu(final ChildProcess consumer) throws InterruptedException
    {
        final long startTicks = CpuAccounting.processTicks(consumer.pid());
        final long startNs = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(idleSeconds));
        final long ticks = CpuAccounting.processTicks(consumer.pid()) - startTicks;
        return 100.0 * ticks / CpuAccounting.TICKS_PER_SECOND / ((System.nanoTime() - startNs) / 1e9);
    }

    private static Histogram decode(final String line) throws DataFormatException
    {
        final byte[] bytes = Base64.getDecoder().decode(line.substring("RESULT ".length()).trim());
        return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
    }

    private static void writeHgrm(final Path file, final Histogram histogram) throws IOException
    {
        try (PrintStream stream = new PrintStream(Files.newOutputStream(file), false, "UTF-8"))
        {
            histogram.outputPercentileDistribution(stream, 1000.0);
        }
    }

    private static double us(final long ns)
    {
        return ns / 1000.0;
    }

    private static void deleteTree(final Path root) throws IOException
    {
        try (var paths = Files.walk(root))
        {
            for (final Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(path);
            }
        }
    }
}
