package io.slipstream.driver;

import io.slipstream.engine.RuntimeAccess;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code scripts/driver}: runs a media driver with the bridges of a config file and/or the command line until
 * SIGTERM or SIGINT, then drains the bridges, closes the rings and deletes Aeron's directory. If its Aeron client
 * closes under it (Aeron's timeouts, after the process was stopped or paused), it exits with
 * {@link #AERON_CLOSED_EXIT_STATUS}: started again, it resumes every stream where it stood.
 * {@code scripts/driver stat} prints the counters ({@link DriverStatCommand}); {@code scripts/driver remove-bridge}
 * removes a sending bridge's hold on its ring for good ({@link RemoveBridgeCommand}).
 */
@Command(name = "driver", mixinStandardHelpOptions = true,
    subcommands = {DriverStatCommand.class, RemoveBridgeCommand.class},
    modelTransformer = DriverMain.SettingOptions.class,
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
    /** The exit status of a driver whose Aeron client closed under it (see {@code AeronClosed}). */
    public static final int AERON_CLOSED_EXIT_STATUS = 3;
    private static final long AERON_CHECK_INTERVAL_MS = 100;

    /**
     * The settings the command line shares with the config file, one option each: its key (the long option without
     * {@code --}, as in the file), label, type and help. Every value goes through {@link DriverConfigParser}, as
     * the file's would.
     */
    private static final List<Setting> SETTINGS = List.of(
        new Setting("aeron-dir", "DIR", Path.class, "Aeron directory (default /dev/shm/aeron-<user>-slipstream)."),
        new Setting("ring-dir", "DIR", Path.class, "Directory of the rings (default /dev/shm/slipstream-<user>)."),
        new Setting("idle", "STRATEGY", String.class, "Bridge idle strategy: busy-spin, yielding, backoff (default)."),
        new Setting("driver-idle", "STRATEGY", String.class,
            "Idle strategy of Aeron's driver threads: busy-spin, yielding, backoff (default)."),
        new Setting("threading", "MODE", String.class,
            "Aeron threading mode: shared (default, one thread), shared-network or dedicated."),
        new Setting("term-length", "BYTES", String.class,
            "Aeron term length of the bridges' publications, e.g. 64k, 16m (default Aeron's, 16m)."),
        new Setting("mtu", "BYTES", String.class, "UDP frame size (default Aeron's, 1408)."),
        new Setting("ring-capacity", "BYTES", String.class, "Capacity of rings the driver creates."),
        new Setting("drain-timeout-ms", "MS", Long.class, "Graceful stop: longest drain (default 5000)."),
        new Setting("publication-window", "BYTES", String.class,
            "How far Aeron accepts messages ahead of what it has sent (default 256k; 0 = half a term)."),
        new Setting("peer-timeout-ms", "MS", Long.class,
            "How long a silent peer's stream is kept before it counts as gone (default 10000)."),
        new Setting("poll-limit", "N", Integer.class, "Messages per bridge duty cycle (default 64)."),
        new Setting("bridge-threads", "MODE", String.class,
            "dedicated (default, a thread per bridge), shared (every bridge on one thread) or driver (Aeron and " +
                "every bridge on one thread, idle strategy --driver-idle; --threading does not apply)."),
        new Setting("ack-channel", "CHANNEL", String.class,
            "Where sending bridges hear acknowledgements: the channel of a receiving bridge of this driver, e.g. " +
                "aeron:udp?endpoint=10.0.0.1:40124, to share its socket (default: a port per sending bridge)."));

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Config file (format below).")
    private Path config;

    @Option(names = {"-b", "--bridge"}, paramLabel = "SPEC", description = "A bridge; repeat for several.")
    private List<String> bridges = List.of();

    @Spec
    private CommandSpec spec;

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
        bridges.forEach(bridge -> context.bridge(BridgeSpec.parse(bridge)));
        for (final Setting setting : SETTINGS)
        {
            final Object value = spec.findOption("--" + setting.key()).getValue();
            if (value != null)
            {
                DriverConfigParser.apply(setting.key(), value.toString(), context);
            }
        }
        return context.conclude();
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
        while (!stopped.await(AERON_CHECK_INTERVAL_MS, TimeUnit.MILLISECONDS))
        {
            if (driver.isAeronClosed())
            {
                DriverLog.error("the Aeron client has closed (Aeron's timeouts: was the process stopped or " +
                    "paused?), so the bridges have stopped; exiting: start the driver again and every stream " +
                    "resumes where it stood");
                return AERON_CLOSED_EXIT_STATUS;
            }
        }
        return 0;
    }

    /** One setting the command line shares with the config file. */
    private record Setting(String key, String paramLabel, Class<?> type, String description)
    {
    }

    /** Adds an option for each of the shared settings to the command as picocli builds it. */
    public static final class SettingOptions implements CommandLine.IModelTransformer
    {
        @Override
        public CommandSpec transform(final CommandSpec commandSpec)
        {
            for (final Setting setting : SETTINGS)
            {
                commandSpec.addOption(OptionSpec.builder("--" + setting.key())
                    .paramLabel(setting.paramLabel())
                    .type(setting.type())
                    .description(setting.description())
                    .build());
            }
            return commandSpec;
        }
    }
}
