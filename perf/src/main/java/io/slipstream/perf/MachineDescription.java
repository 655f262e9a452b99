package io.slipstream.perf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The machine a report was measured on, so figures from different hosts are never read as comparable: CPU model
 * and topology, kernel, virtualisation, clocksource, transparent huge pages, the /dev/shm mount, the JDK build,
 * the version of every peer and the git commit of the code measured. Each fact is read from /proc, /sys, a
 * small command or the class path; one that cannot be read says so.
 */
public final class MachineDescription
{
    static final String UNKNOWN = "unknown";
    private static final long COMMAND_TIMEOUT_MS = 5_000;
    private static final List<String> LSCPU_FIELDS = List.of("Architecture", "CPU(s)", "On-line CPU(s) list",
        "Thread(s) per core", "Core(s) per socket", "Socket(s)", "NUMA node(s)", "L1d cache", "L2 cache",
        "L3 cache", "Hypervisor vendor", "Virtualization type");

    private MachineDescription()
    {
    }

    /**
     * @return every fact by name, in report order.
     */
    public static Map<String, String> collect(final Path repositoryRoot)
    {
        final Map<String, String> facts = new LinkedHashMap<>();
        facts.put("CPU model", cpuModel());
        facts.put("CPU topology", topology());
        facts.put("kernel", firstLine(Path.of("/proc/sys/kernel/osrelease")) + " (" +
            System.getProperty("os.arch") + ")");
        facts.put("virtualisation", virtualisation());
        facts.put("clocksource",
            firstLine(Path.of("/sys/devices/system/clocksource/clocksource0/current_clocksource")));
        facts.put("transparent huge pages", "enabled " +
            firstLine(Path.of("/sys/kernel/mm/transparent_hugepage/enabled")) + "; defrag " +
            firstLine(Path.of("/sys/kernel/mm/transparent_hugepage/defrag")));
        facts.put("/dev/shm", shmMount());
        facts.put("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") +
            " (" + System.getProperty("java.vendor") + "), " + Runtime.getRuntime().availableProcessors() +
            " CPUs available to the JVM");
        facts.put("peers", peers());
        facts.put("git commit", gitCommit(repositoryRoot));
        return facts;
    }

    /**
     * @return the facts as a Markdown section.
     */
    public static String markdown(final Map<String, String> facts)
    {
        final StringBuilder sb = new StringBuilder("## Machine\n\n");
        facts.forEach((name, value) -> sb.append("- ").append(name).append(": ").append(value).append('\n'));
        return sb.append('\n').toString();
    }

    private static String cpuModel()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
            {
                if (line.startsWith("model name") || line.startsWith("Model"))
                {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        }
        catch (final IOException ignore)
        {
            // Not Linux: below.
        }
        return UNKNOWN;
    }

    private static String topology()
    {
        final String lscpu = run("lscpu");
        if (lscpu == null)
        {
            return Runtime.getRuntime().availableProcessors() + " CPUs (lscpu not available)";
        }
        final List<String> parts = new ArrayList<>();
        for (final String line : lscpu.lines().toList())
        {
            final int colon = line.indexOf(':');
            if (colon > 0 && LSCPU_FIELDS.contains(line.substring(0, colon).trim()))
            {
                parts.add(line.substring(0, colon).trim() + " " + line.substring(colon + 1).trim());
            }
        }
        return parts.isEmpty() ? UNKNOWN : String.join("; ", parts);
    }

    private static String virtualisation()
    {
        final String detected = run("systemd-detect-virt");
        final String vendor = firstLine(Path.of("/sys/class/dmi/id/sys_vendor"));
        final String product = firstLine(Path.of("/sys/class/dmi/id/product_name"));
        final String dmi = vendor.equals(UNKNOWN) && product.equals(UNKNOWN) ? "" :
            " (DMI: " + vendor + " " + product + ")";
        return (detected == null || detected.isBlank() ? "systemd-detect-virt not available" : detected.strip()) +
            dmi;
    }

    private static String shmMount()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/mounts")))
            {
                final String[] fields = line.split(" ");
                if (fields.length > 3 && fields[1].equals("/dev/shm"))
                {
                    return fields[2] + " " + fields[3];
                }
            }
        }
        catch (final IOException ignore)
        {
            // Below.
        }
        return "not mounted (runs use java.io.tmpdir)";
    }

    /**
     * @return the version of every peer the harness measures, and of Slipstream's own perf module's libraries.
     */
    static String peers()
    {
        final Properties built = new Properties();
        try (InputStream in = MachineDescription.class.getResourceAsStream("peer-versions.properties"))
        {
            if (in != null)
            {
                built.load(in);
            }
        }
        catch (final IOException ignore)
        {
            // Read from the class path below.
        }
        return String.join(", ",
            "Slipstream " + built.getProperty("slipstream", UNKNOWN),
            "Aeron " + aeronVersion(),
            "Agrona " + built.getProperty("agrona", version("org.agrona", "agrona", "org.agrona.DirectBuffer")),
            "Chronicle Queue " + version("net.openhft", "chronicle-queue",
                "net.openhft.chronicle.queue.ChronicleQueue"),
            "HdrHistogram " + version("org.hdrhistogram", "HdrHistogram", "org.HdrHistogram.Histogram"));
    }

    private static String aeronVersion()
    {
        try
        {
            return (String)Class.forName("io.aeron.AeronVersion").getField("VERSION").get(null);
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            return version("io.aeron", "aeron-client", "io.aeron.Aeron");
        }
    }

    /**
     * @return the version from the artifact's pom.properties on the class path, else the manifest of the jar that
     * holds {@code className}, else the jar's file name.
     */
    static String version(final String groupId, final String artifactId, final String className)
    {
        final String resource = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = MachineDescription.class.getResourceAsStream(resource))
        {
            if (in != null)
            {
                final Properties properties = new Properties();
                properties.load(in);
                final String version = properties.getProperty("version");
                if (version != null)
                {
                    return version;
                }
            }
        }
        catch (final IOException ignore)
        {
            // Next source.
        }
        try
        {
            final Class<?> type = Class.forName(className, false, MachineDescription.class.getClassLoader());
            final String implementation = type.getPackage().getImplementationVersion();
            if (implementation != null)
            {
                return implementation;
            }
            final String location = type.getProtectionDomain().getCodeSource().getLocation().getPath();
            return "from " + location.substring(location.lastIndexOf('/') + 1);
        }
        catch (final ClassNotFoundException | RuntimeException ex)
        {
            return UNKNOWN;
        }
    }

    private static String gitCommit(final Path repositoryRoot)
    {
        final String commit = run("git", "-C", repositoryRoot.toString(), "rev-parse", "HEAD");
        if (commit == null || commit.isBlank())
        {
            return UNKNOWN + " (not a git checkout, or git not available)";
        }
        final String status = run("git", "-C", repositoryRoot.toString(), "status", "--porcelain",
            "--untracked-files=no");
        return commit.strip() + (status == null ? "" : status.isBlank() ? " (clean)" :
            " (with uncommitted changes)");
    }

    private static String firstLine(final Path file)
    {
        try
        {
            final List<String> lines = Files.readAllLines(file);
            return lines.isEmpty() ? UNKNOWN : lines.getFirst().strip();
        }
        catch (final IOException ex)
        {
            return UNKNOWN;
        }
    }

    /**
     * @return the command's standard output, or null if it could not run or timed out (its exit status is not
     * checked: systemd-detect-virt exits 1 when it prints "none").
     */
    static String run(final String... command)
    {
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            process.getOutputStream().close();
            final byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly();
                return null;
            }
            return new String(out, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            return null;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
