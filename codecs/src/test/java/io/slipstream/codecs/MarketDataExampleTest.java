package io.slipstream.codecs;

import io.slipstream.codecs.example.MarketDataPublisher;
import io.slipstream.codecs.example.OrderBookConsumer;
import io.slipstream.engine.RingDirectoryTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's example, briefly: the market-data publisher and the order-book consumer in two JVMs over one ring.
 * The consumer must receive every message and end with the same books (checksums) as the publisher built, in a
 * first run and in a second run over the ring the first one left.
 */
class MarketDataExampleTest extends RingDirectoryTest
{
    private static final int MESSAGES = 50_000;
    /** Hang guard only, not a timing assertion. */
    private static final long TIMEOUT_S = 120;

    @Test
    void shouldBuildTheSameBooksInTheConsumerProcessTwiceOnOneRing() throws Exception
    {
        // The second run reuses the ring the first one ended: the consumer must not stop at the old end of stream
        // nor count the old messages.
        run("1", 42);
        run("2", 43);
    }

    private void run(final String round, final long seed) throws Exception
    {
        final Process consumer = start(OrderBookConsumer.class, "consumer" + round, "--dir", directory.toString(),
            "--stream", "md", "--wait", "BACKOFF", "--print-every", "0");
        Process publisher = null;
        try
        {
            awaitLine(directory.resolve("consumer" + round + ".out"), "waiting for market data on ", consumer);
            publisher = start(MarketDataPublisher.class, "publisher" + round, "--dir", directory.toString(),
                "--stream", "md", "--messages", Integer.toString(MESSAGES), "--seed", Long.toString(seed));
            assertTrue(publisher.waitFor(TIMEOUT_S, TimeUnit.SECONDS), "publisher did not finish");
            assertTrue(consumer.waitFor(TIMEOUT_S, TimeUnit.SECONDS), "consumer did not finish");
            final List<String> published = Files.readAllLines(directory.resolve("publisher" + round + ".out"));
            final List<String> consumed = Files.readAllLines(directory.resolve("consumer" + round + ".out"));
            assertEquals(0, publisher.exitValue(), String.join("\n", published));
            assertEquals(0, consumer.exitValue(), String.join("\n", consumed));
            assertEquals(books(published), books(consumed));
            assertEquals(4, books(consumed).size());
            assertTrue(consumed.stream().anyMatch(line -> line.startsWith("received " + MESSAGES + " messages: ") &&
                line.endsWith(" 0 malformed")), String.join("\n", consumed));
        }
        finally
        {
            if (publisher != null)
            {
                publisher.destroyForcibly();
            }
            consumer.destroyForcibly();
        }
    }

    private static void awaitLine(final Path file, final String prefix, final Process process) throws Exception
    {
        // Hang guard only: polls the child's output until it has joined the ring.
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (System.nanoTime() < deadlineNs)
        {
            if (Files.exists(file) && Files.readAllLines(file).stream().anyMatch(line -> line.startsWith(prefix)))
            {
                return;
            }
            assertTrue(process.isAlive(), "the consumer exited early: " + Files.readString(file));
            Thread.sleep(20);
        }
        throw new AssertionError("the consumer never joined the ring");
    }

    private static List<String> books(final List<String> lines)
    {
        return lines.stream().filter(line -> line.startsWith("book ")).toList();
    }

    private Process start(final Class<?> mainClass, final String name, final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--enable-native-access=ALL-UNNAMED", "-Xmx128m", "-cp", System.getProperty("java.class.path"),
            mainClass.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(directory.resolve(name + ".out").toFile()).start();
    }
}
