package io.slipstream.perf;

import io.slipstream.engine.RuntimeAccess;
import io.slipstream.perf.core.ChildProcess;
import io.slipstream.perf.core.HarnessException;
import io.slipstream.perf.core.Mode;
import io.slipstream.perf.core.Verification;
import io.slipstream.perf.curves.CurveModes;
import io.slipstream.perf.curves.CurveSuite;
import io.slipstream.perf.curves.JmhGroups;
import io.slipstream.perf.curves.JmhOptions;
import io.slipstream.perf.transport.AeronThreading;
import io.slipstream.perf.transport.Transports;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code slipstream-perf}: the side-by-side cross-process latency harness.
 */
@Command(
    name = "slipstream-perf",
    mixinStandardHelpOptions = true,
    subcommands = WakeCommand.class,
    version = "slipstream-perf 0.1",
    sortOptions = false,
    description = "Cross-process latency and throughput over each transport, side by side: the sending side in " +
        "one child JVM, the pong/receiver side in another, both fresh for every run. Runs are sequential, rounds " +
        "interleaved across transports. Writes .hgrm percentile files (values in µs), .hlog interval logs, " +
        "summary.md (with the targets table) and percentiles*.png to results/<timestamp>/.")
public final class PerfCommand implements Callable<Integer>
{
    private static final String RELAUNCHED_PROPERTY = "slipstream.perf.relaunched";
    private static final int USAGE_ERROR = 2;
    private static final long WAKE_WARMUP_EVENTS = 2_000;

    @Option(names = "--preset", paramLabel = "quick|full", defaultValue = "quick",
        description = "Run sizes: quick (default, a few minutes on 2 cores) or full (longer, steadier).")
    Preset preset;

    @Option(names = "--transports", split = ",", splitSynopsisLabel = ",", paramLabel = "NAME",
        description = "Transports in round order (default: all but the variants slipstream-nofutex and " +
            "slipstream-packed and those across loopback UDP, aeron-udp, slipstream-udp and slipstream-udp-driver). " +
            "Known: " +
            "${COMPLETION-CANDIDATES}",
        completionCandidates = TransportNames.class)
    List<String> transports;

    @Option(names = "--mode", split = ",", splitSynopsisLabel = ",", paramLabel = "MODE",
        description = "Default: pingpong,throughput. pingpong, open-loop (fixed rate, latency from the intended " +
            "send time, naive figure beside it), throughput (one-way, M msg/s and MB/s), wake (wait strategies' " +
            "cross-process wake-up, run once after the others, added to summary.md), codecs (the SBE codecs' cost " +
            "per message type, JMH, about 2 minutes, added to summary.md). Several run interleaved in each round. " +
            CurveModes.DESCRIPTION)
    List<String> modes;

    @Option(names = "--rate", paramLabel = "MSG_PER_S", defaultValue = "100000",
        description = "Open-loop send rate in messages per second (default ${DEFAULT-VALUE}).")
    long ratePerSecond;

    @Option(names = "--messages", paramLabel = "N",
        description = "Measured messages per run (overrides preset); one-way throughput runs carry 5 x as many, " +
            "and 50 x the warm-up.")
    Long messages;

    @Option(names = "--warmup", paramLabel = "N", description = "Warm-up round trips per run (overrides preset).")
    Long warmup;

    @Option(names = "--rounds", paramLabel = "N", description = "Rounds over all transports (overrides preset).")
    Integer rounds;

    @Option(names = "--size", split = ",", splitSynopsisLabel = ",", paramLabel = "BYTES",
        description = "Message lengths in bytes, at least 16, each mode run at each (default: 32 for pingpong and " +
            "open-loop, 32 and 256 for throughput).")
    List<Integer> sizesBytes;

    @Option(names = "--wake-events", paramLabel = "N", defaultValue = "20000",
        description = "With --mode wake: events per wait strategy (default ${DEFAULT-VALUE}).")
    long wakeEvents;

    @Option(names = "--wake-idle-seconds", paramLabel = "S", defaultValue = "5",
        description = "With --mode wake: seconds to read each waiting consumer's idle CPU (default ${DEFAULT-VALUE}).")
    int wakeIdleSeconds;

    @Option(names = "--verify", paramLabel = "sampled|full", defaultValue = "sampled",
        description = "Per-message check at both ends, in the rounds, the size and rate curves and the jmh groups: " +
            "sampled (default: the sequence number of every message, the checksum of every 1024th) or full (the " +
            "checksum of every message too).")
    String verify;

    @Option(names = "--aeron-threading", paramLabel = "auto|dedicated|shared|shared-network", defaultValue = "auto",
        description = "Aeron IPC's media driver threading: dedicated (busy-spinning agents, Aeron's low-latency " +
            "advice), shared-network (busy-spinning), shared (one agent backing off to parking); auto (default): " +
            "dedicated on 5 or more CPUs, else shared.")
    String aeronThreading;

    @Option(names = "--cpus", split = ",", splitSynopsisLabel = ",", paramLabel = "CPU",
        description = "Pin the sending side to CPU A and the pong/receiver side to CPU B (--cpus A,B, with " +
            "taskset); default unpinned.")
    List<String> cpus;

    @CommandLine.Mixin
    JmhOptions jmhOptions = new JmhOptions();

    @Option(names = "--out", paramLabel = "DIR",
        description = "Directory for results/<timestamp> (default: results/ under the repository root).")
    Path out;

    private final PrintStream stdout;

    public PerfCommand()
    {
        this(System.out);
    }

    PerfCommand(final PrintStream stdout)
    {
        this.stdout = stdout;
    }

    /**
     * Completion candidates for --transports.
     */
    static final class TransportNames implements Iterable<String>
    {
        @Override
        public java.util.Iterator<String> iterator()
        {
            final java.util.List<String> names = new java.util.ArrayList<>(Transports.allNames());
            names.addAll(Transports.udpNames());
            return names.iterator();
        }
    }

    HarnessConfig config()
    {
        return new HarnessConfig(
            transports == null || transports.isEmpty() ? Transports.names() : transports,
            modes == null || modes.isEmpty() ? preset.defaultModes() : modes.stream().map(Mode::fromLabel).toList(),
            warmup != null ? warmup : preset.warmupMessages,
            messages != null ? messages : preset.measuredMessages,
            rounds != null ? rounds : preset.rounds,
            sizesBytes == null ? List.of() : sizesBytes,
            ratePerSecond,
            new RunOptions(Verification.fromLabel(verify), AeronThreading.fromLabel(aeronThreading),
                Placement.parse(cpus)));
    }

    @Override
    public Integer call()
    {
        System.setProperty("java.awt.headless", "true");
        final HarnessConfig config = config();
        final Path outRoot = out != null ? out : repositoryRoot().resolve("results");
        final boolean overTransports = config.modes().stream().anyMatch(Mode::perTransport);
        final List<RunResult> results = overTransports ? new LatencyHarness(config, stdout).run() : List.of();
        final Path reportDir = ReportWriter.createReportDir(outRoot);
        final String wake = config.modes().contains(Mode.WAKE) ? measureWake(reportDir) : null;
        final String codecs = config.modes().contains(Mode.CODECS) ? measureCodecs(reportDir) : null;
        final String curves = config.modes().stream().anyMatch(Mode::curve) ?
            CurveSuite.measure(config.curveSettings(preset), reportDir, stdout) : null;
        final String jmh = config.modes().contains(Mode.JMH) ?
            JmhGroups.measure(repositoryRoot(), reportDir, jmhOptions.jvmArgs(),
                config.options().verification(), stdout) : null;
        final String extra = CurveSuite.join(wake, codecs, curves, jmh);
        ReportWriter.write(reportDir, config, results, extra);
        stdout.println();
        stdout.print(ReportWriter.tables(config, results));
        stdout.println("Report: " + reportDir.toAbsolutePath());
        return 0;
    }

    /**
     * The {@code wake} measurement with its default strategies, into the same report directory.
     */
    private String measureWake(final Path reportDir)
    {
        if (wakeEvents < 1 || wakeIdleSeconds < 1)
        {
            throw new IllegalArgumentException("--wake-events and --wake-idle-seconds must be >= 1");
        }
        final WakeCommand wake = new WakeCommand(stdout);
        new CommandLine(wake).parseArgs("--events", Long.toString(wakeEvents),
            "--warmup", Long.toString(Math.min(wakeEvents, WAKE_WARMUP_EVENTS)),
            "--idle-seconds", Integer.toString(wakeIdleSeconds));
        try
        {
            return wake.measure(reportDir);
        }
        catch (final RuntimeException ex)
        {
            throw ex;
        }
        catch (final Exception ex)
        {
            throw new HarnessException("wake measurement failed: " + ex, ex);
        }
    }

    private String measureCodecs(final Path reportDir)
    {
        try
        {
            return CodecCost.measure(repositoryRoot(), reportDir, stdout);
        }
        catch (final java.io.IOException ex)
        {
            throw new HarnessException("codec measurement failed: " + ex, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new HarnessException("codec measurement interrupted", ex);
        }
    }

    /**
     * @return the nearest directory at or above the working directory holding {@code mvnw} or {@code .git}.
     */
    static Path repositoryRoot()
    {
        final Path cwd = Path.of("").toAbsolutePath();
        for (Path dir = cwd; dir != null; dir = dir.getParent())
        {
            if (Files.exists(dir.resolve("mvnw")) || Files.exists(dir.resolve(".git")))
            {
                return dir;
            }
        }
        return cwd;
    }

    /**
     * Parse and run; returns the exit code instead of exiting (for tests).
     */
    public static int execute(final PrintStream stdout, final String... args)
    {
        final CommandLine commandLine = new CommandLine(new PerfCommand(stdout))
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setExecutionExceptionHandler((ex, cmd, parseResult) ->
            {
                if (ex instanceof IllegalArgumentException)
                {
                    cmd.getErr().println("slipstream-perf: " + ex.getMessage());
                    cmd.usage(cmd.getErr());
                    return USAGE_ERROR;
                }
                cmd.getErr().println("slipstream-perf: FAILED: " + ex.getMessage());
                if (!(ex instanceof HarnessException))
                {
                    ex.printStackTrace(cmd.getErr());
                }
                return 1;
            });
        return commandLine.execute(args);
    }

    /**
     * This JVM takes the host probe before and after every run, and the wake measurement's producer runs in it,
     * so it runs with the same flags as the child JVMs; when it was started without them it restarts itself in a
     * child JVM that has them.
     */
    public static void main(final String[] args)
    {
        RuntimeAccess.ensureAvailableOrExit();
        final List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
        if (!Boolean.getBoolean(RELAUNCHED_PROPERTY) && !jvmArgs.containsAll(ChildProcess.NOISE_FLAGS))
        {
            System.exit(relaunch(args));
        }
        System.exit(execute(System.out, args));
    }

    private static int relaunch(final String[] args)
    {
        System.err.println("slipstream-perf: running in a JVM with the measurement flags " +
            String.join(" ", ChildProcess.NOISE_FLAGS));
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ChildProcess.JVM_FLAGS);
        command.add("-D" + RELAUNCHED_PROPERTY + "=true");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(PerfCommand.class.getName());
        command.addAll(List.of(args));
        try
        {
            return new ProcessBuilder(command).inheritIO().start().waitFor();
        }
        catch (final IOException ex)
        {
            System.err.println("slipstream-perf: cannot restart with the measurement flags: " + ex.getMessage());
            return 1;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
