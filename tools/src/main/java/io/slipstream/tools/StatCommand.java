package io.slipstream.tools;

import io.slipstream.engine.RingContext;
import io.slipstream.engine.RingInspector;
import io.slipstream.engine.RingInspector.ConsumerReport;
import io.slipstream.engine.RingInspector.RingReport;
import io.slipstream.engine.RuntimeAccess;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code slipstream-stat}: the health of rings, read without joining them (no slot is taken, nothing is written):
 * producer and consumer positions, each consumer's lag, whether the processes holding the producer role and the
 * consumer slots are alive, and, for a file the engine refuses, why.
 */
@Command(
    name = "stat",
    mixinStandardHelpOptions = true,
    version = "slipstream-stat 0.1",
    sortOptions = false,
    description = {
        "Shows the health of Slipstream rings without joining them: positions, lag per consumer, liveness of the " +
            "producer and consumers (by pid and process start time), or why a file is refused.",
        "A ring is opened and mapped read-only: no slot is taken, nothing is written, read permission is enough.",
        "Exit status: 0 every ring is readable, 1 a ring is refused or none was found, 2 bad usage."})
public final class StatCommand implements Callable<Integer>
{
    static final int OK = 0;
    static final int REFUSED = 1;
    static final String RING_SUFFIX = ".ring";

    @Parameters(paramLabel = "RING", arity = "0..*",
        description = "Ring files, or directories whose *.ring files are shown (default: the default ring " +
            "directory, /dev/shm/slipstream-<user>).")
    List<Path> targets = new ArrayList<>();

    @Option(names = "--allow-foreign-owner",
        description = "Read rings owned by another user (refused by default, as the engine refuses them); " +
            "read permission on the file is enough.")
    boolean allowForeignOwner;

    @Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args)
    {
        RuntimeAccess.ensureAvailableOrExit();
        System.exit(new CommandLine(new StatCommand()).execute(args));
    }

    @Override
    public Integer call() throws IOException
    {
        final PrintWriter out = spec.commandLine().getOut();
        final List<Path> rings = new ArrayList<>();
        final List<Path> paths = targets.isEmpty() ? List.of(RingContext.DEFAULT_DIRECTORY) : targets;
        if (targets.isEmpty() && !Files.exists(RingContext.DEFAULT_DIRECTORY, LinkOption.NOFOLLOW_LINKS))
        {
            out.println("no ring directory at " + RingContext.DEFAULT_DIRECTORY + " (no ring made there yet)");
            out.flush();
            return REFUSED;
        }
        for (final Path path : paths)
        {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS))
            {
                try (Stream<Path> files = Files.list(path))
                {
                    files.filter(file -> file.getFileName().toString().endsWith(RING_SUFFIX)).sorted()
                        .forEach(rings::add);
                }
            }
            else
            {
                rings.add(path);
            }
        }
        if (rings.isEmpty())
        {
            out.println("no ring files in " + paths);
            out.flush();
            return REFUSED;
        }
        int status = OK;
        for (final Path ring : rings)
        {
            final RingReport report = RingInspector.inspect(ring, allowForeignOwner);
            print(out, report);
            if (report.isRefused())
            {
                status = REFUSED;
            }
        }
        out.flush();
        return status;
    }

    /** Prints one ring's report: a header line, the producer, then one line per consumer slot in use. */
    static void print(final PrintWriter out, final RingReport report)
    {
        if (report.isRefused())
        {
            final String prefix = report.path() + ": ";
            out.println(prefix + "REFUSED: " + (report.refusal().startsWith(prefix) ?
                report.refusal().substring(prefix.length()) : report.refusal()));
            return;
        }
        out.printf("%s%n  capacity %d B, max message %d B, %d consumer slots (%d in use), created %s%n",
            report.path(), report.capacityBytes(), report.maxMessageLength(), report.consumerSlots(),
            report.consumers().size(), Instant.ofEpochMilli(report.createdEpochMs()));
        final String producer;
        if (report.producerPid() == 0)
        {
            producer = report.endOfStream() ? "none (closed: end of stream)" : "none";
        }
        else if (report.producerAlive())
        {
            producer = "pid " + report.producerPid() + " alive";
        }
        else
        {
            producer = "pid " + report.producerPid() + " DEAD (the next producer takes the file over)";
        }
        out.printf("  producer  %s, position %d, limit %d%n", producer, report.producerPosition(),
            report.producerLimit());
        if (report.consumers().isEmpty())
        {
            out.println("  consumers none");
        }
        for (final ConsumerReport consumer : report.consumers())
        {
            out.printf("  consumer  slot %d pid %d %s, position %d, lag %d B (%.1f %% of the ring)%s%s%n",
                consumer.slot(), consumer.pid(),
                consumer.alive() ? "alive" : "DEAD (slot freed when the producer is back-pressured)",
                consumer.position(), consumer.lagBytes(), 100.0 * consumer.lagBytes() / report.capacityBytes(),
                consumer.waiting() ? ", asleep on the futex" : "",
                consumer.problem() == null ? "" : ", CORRUPT: " + consumer.problem());
        }
    }
}
