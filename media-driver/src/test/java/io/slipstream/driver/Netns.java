package io.slipstream.driver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two network namespaces joined by a veth pair, made and removed by the tests: {@code <a>} at 10.231.N.1 and
 * {@code <b>} at 10.231.N.2. Optional random packet drop with nftables in both.
 */
final class Netns implements AutoCloseable
{
    private static final String DROP_TABLE = "slipstream_drop";
    private static final Pattern PACKETS = Pattern.compile("packets (\\d+)");

    final String a;
    final String b;
    final String addressA;
    final String addressB;
    private boolean dropping;

    private Netns(final String a, final String b, final String addressA, final String addressB)
    {
        this.a = a;
        this.b = b;
        this.addressA = addressA;
        this.addressB = addressB;
    }

    /** Why these tests cannot run here, or null if they can: they need root and the {@code ip} tool. */
    static String unavailableReason()
    {
        if (!"root".equals(System.getProperty("user.name")))
        {
            return "network namespace tests skipped: they need root (running as " +
                System.getProperty("user.name") + ")";
        }
        if (!onPath("ip"))
        {
            return "network namespace tests skipped: the 'ip' tool (iproute2) is missing";
        }
        return null;
    }

    /** Installs nftables with apt-get when {@code nft} is missing; returns whether {@code nft} is there. */
    static boolean ensureNft()
    {
        if (onPath("nft"))
        {
            return true;
        }
        if (onPath("apt-get"))
        {
            run(List.of("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-q", "nftables"),
                false, 600);
        }
        return onPath("nft");
    }

    private static boolean onPath(final String tool)
    {
        for (final String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
            .concat(":/usr/sbin:/sbin").split(":"))
        {
            if (Files.isExecutable(Path.of(dir, tool)))
            {
                return true;
            }
        }
        return false;
    }

    static Netns create()
    {
        final long pid = ProcessHandle.current().pid();
        final String a = "slip-a-" + pid;
        final String b = "slip-b-" + pid;
        final String vethA = "sva" + (pid % 100_000);
        final String vethB = "svb" + (pid % 100_000);
        final String subnet = "10.231." + (pid % 250) + ".";
        final Netns netns = new Netns(a, b, subnet + "1", subnet + "2");
        try
        {
            ip("netns", "add", a);
            ip("netns", "add", b);
            ip("link", "add", vethA, "type", "veth", "peer", "name", vethB);
            ip("link", "set", vethA, "netns", a);
            ip("link", "set", vethB, "netns", b);
            ip("-n", a, "addr", "add", netns.addressA + "/24", "dev", vethA);
            ip("-n", b, "addr", "add", netns.addressB + "/24", "dev", vethB);
            for (final String[] end : new String[][]{{a, vethA}, {b, vethB}})
            {
                ip("-n", end[0], "link", "set", end[1], "up");
                ip("-n", end[0], "link", "set", "lo", "up");
            }
            return netns;
        }
        catch (final RuntimeException ex)
        {
            netns.close();
            throw ex;
        }
    }

    /** The command prefix that runs a program in namespace {@code name}. */
    static List<String> exec(final String name)
    {
        return List.of("ip", "netns", "exec", name);
    }

    /** Drops {@code percent} % of incoming UDP packets at random in both namespaces. */
    void dropUdp(final int percent)
    {
        clearDrop();
        dropping = true;
        for (final String ns : List.of(a, b))
        {
            run(List.of("ip", "netns", "exec", ns, "nft", "add", "table", "inet", DROP_TABLE), true, 30);
            run(List.of("ip", "netns", "exec", ns, "nft", "add chain inet " + DROP_TABLE +
                " input { type filter hook input priority 0 ; policy accept ; }"), true, 30);
            run(List.of("ip", "netns", "exec", ns, "nft", "add rule inet " + DROP_TABLE + " input meta l4proto udp " +
                (percent >= 100 ? "" : "numgen random mod 100 < " + percent + " ") + "counter drop"), true, 30);
        }
    }

    /** Removes the drop rules, if any. */
    void clearDrop()
    {
        if (!dropping)
        {
            return;
        }
        dropping = false;
        for (final String ns : List.of(a, b))
        {
            run(List.of("ip", "netns", "exec", ns, "nft", "delete", "table", "inet", DROP_TABLE), false, 30);
        }
    }

    /** UDP packets the drop rules have dropped so far in both namespaces. */
    long droppedPackets()
    {
        long total = 0;
        for (final String ns : List.of(a, b))
        {
            final Matcher matcher = PACKETS.matcher(run(List.of("ip", "netns", "exec", ns, "nft", "list", "table",
                "inet", DROP_TABLE), true, 30));
            while (matcher.find())
            {
                total += Long.parseLong(matcher.group(1));
            }
        }
        return total;
    }

    @Override
    public void close()
    {
        run(List.of("ip", "netns", "del", a), false, 30);
        run(List.of("ip", "netns", "del", b), false, 30);
    }

    private static void ip(final String... args)
    {
        final List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        run(command, true, 30);
    }

    /** Runs a command and returns its output; a failure throws if {@code check}. */
    static String run(final List<String> command, final boolean check, final long timeoutSeconds)
    {
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) // hang guard only
            {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            if (check && process.exitValue() != 0)
            {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() +
                    "): " + output);
            }
            return output;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot run " + command + ": " + ex, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
