package io.slipstream.driver;

import io.slipstream.engine.RuntimeAccess;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code scripts/driver}: runs a media driver with the bridges of a config file and/or the command line until
 * SIGTERM or SIGINT, then drains the bridges, closes the rings and deletes Aeron's directory.
 * {@code scripts/driver stat} prints the counters ({@link DriverStatCommand}).
 */
@Command(name = "driver", mixinStandardHelpOptions = true, subcommands = DriverStatCommand.class,
    description = {
        "Carries messages between rings and Aeron UDP streams. Embeds Aeron's media driver; runs until SIGTERM/SIGINT.",
        "A bridge is 'ring:<name> -> aeron:udp?endpoint=<host>:<port>|stream=<id>' (ring to network) or",
        "'aeron:udp?endpoint=<local address>:<port>|stream=<id> -> ring:<name>' (network to ring).",
        "Command-line options override the config file's."},
    footer = {"",
        "Config file: one 'key = value' per line, keys as the long options without '--', '#' comments, " +
            "'bridge = ...' repeated:",
        "  ring-dir = /dev/shm/slipstream-me",
        "  bridge = ring:orders -> aeron:udp?endpoint=10.0.0.2:40123|stream=10",
        "  bridge = aeron:udp?endpoint=10.0.0.1:40124|stream=11 -> ring:fills"})
public final class DriverMain implements Callable<Integer>
{
    /**
     * How the line the driver prints for people once it runs begins. Programs learn that a driver is ready from
     * {@link DriverReadiness}, not from this line.
     */
    public static final String READY_LINE_PREFIX = "slipstream driver ready";

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Config file (format below).")
    private Path config;

    @Option(names = {"-b", "--bridge"}, paramLabel = "SPEC", description = "A bridge; repeat for several.")
    private List<String> bridges = List.of();

    @Option(names = "--aeron-dir", paramLabel = "DIR",
        description = "Aeron directory (default /dev/shm/aeron-<user>-slipstream).")
    private Path aeronDir;

    @Option(names = "--ring-dir", paramLabel = "DIR",
        description = "Directory of the rings (default /dev/shm/slipstream-<user>).")
    private Path ringDir;

    @Option(names = "--idle", paramLabel = "STRATEGY",
        description = "Bridge idle strategy: busy-spin, yielding, backoff (default).")
    private String idle;

    @Option(names = "--driver-idle", paramLabel = "STRATEGY",
        description = "Idle strategy of Aeron's driver threads: busy-spin, yielding, backoff (default).")
    private String driverIdle;

    @Option(names = "--threading", paramLabel = "MODE",
        description = "Aeron threading mode: shared (default, one thread), shared-network or dedicated.")
    private String threading;

    @Option(names = "--term-length", paramLabel = "BYTES",
        description = "Aeron term length of the bridges' publications, e.g. 64k, 16m (default Aeron's, 16m).")
    private String termLength;

    @Option(names = "--mtu", paramLabel = "BYTES", description = "UDP frame size (default Aeron's, 1408).")
    private String mtu;

    @Option(names = "--ring-capacity", paramLabel = "BYTES", description = "Capacity of rings the driver creates.")
    private String ringCapacity;

    @Option(names = "--drain-timeout-ms", paramLabel = "MS",
        description = "Graceful stop: longest drain (default 5000).")
    private Long drainTimeoutMs;

    @Option(names = "--poll-limit", paramLabel = "N", description = "Messages per bridge duty cycle (default 64).")
    private Integer pollLimit;

    @Option(names = "--peer-timeout-ms", paramLabel = "MS",
        description = "How long a silent sender's stream is kept before a restarted sender is read (default 10000).")
    private Long peerTimeoutMs;

    @Option(names = "--publication-window", paramLabel = "BYTES",
        description = "How far Aeron accepts messages ahead of what it has sent (default 256k; 0 = half a term).")
    private String publicationWindow;

    /** Runs the command line; exits with its status. */
    public static void main(final String[] args)
    {
        RuntimeAccess.ensureAvailableOrExit();
        System.exit(commandLine().execute(args));
    }

    /** The command line with its subcommands, for embedding or tests. */
    public static CommandLine commandLine()
    {
        return new CommandLine(new DriverMain())
            .setExecutionExceptionHandler((ex, cmd, parsed) ->
            {
                cmd.getErr().println("driver: " + (ex instanceof IllegalArgumentException ? ex.getMessage() :
                    ex.toString()));
                return 2;
            });
    }

    /** The settings from the config file, then the command line (each value parsed as the file's would be). */
    DriverContext context()
    {
        final DriverContext context = new DriverContext();
        if (config != null)
        {
            DriverConfigParser.load(config, context);
        }
        bridges.forEach(spec -> context.bridge(BridgeSpec.parse(spec)));
        apply(context, "aeron-dir", aeronDir);
        apply(context, "ring-dir", ringDir);
        apply(context, "idle", idle);
        apply(context, "driver-idle", driverIdle);
        apply(context, "threading", threading);
        apply(context, "term-length", termLength);
        apply(context, "mtu", mtu);
        apply(context, "ring-capacity", ringCapacity);
        apply(context, "drain-timeout-ms", drainTimeoutMs);
        apply(context, "publication-window", publicationWindow);
        apply(context, "peer-timeout-ms", peerTimeoutMs);
        apply(context, "poll-limit", pollLimit);
        return context.conclude();
    }

    private static void apply(final DriverContext context, final String key, final Object value)
    {
        if (value != null)
        {
            DriverConfigParser.apply(key, value.toString(), context);
        }
    }

    @Override
    public Integer call() throws InterruptedException
    {
        final DriverContext context = context();
        final SlipstreamDriver driver = SlipstreamDriver.launch(context);
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            DriverLog.info("stopping: draining bridges");
            driver.close();
            DriverLog.info("stopped");
            stopped.countDown();
        }, "driver-shutdown"));
        System.out.println(READY_LINE_PREFIX + ": pid " + ProcessHandle.current().pid() + ", aeron dir " +
            driver.aeronDirectoryName() + ", " + context.bridges().size() + " bridge(s)");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
