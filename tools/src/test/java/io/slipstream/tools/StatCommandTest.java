package io.slipstream.tools;

import io.slipstream.engine.Publication;
import io.slipstream.engine.RingContext;
import io.slipstream.engine.RingDescriptor;
import io.slipstream.engine.Subscription;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatCommandTest
{
    private static final int CAPACITY_BYTES = 64 * 1024;
    /** A pid above any kernel's pid_max: never alive. */
    private static final long DEAD_IDENTITY = 0x7FFF_FFF0L << 32;
    private static final long MY_PID = ProcessHandle.current().pid();

    private Path directory;
    private String output;

    @BeforeEach
    void createDirectory() throws IOException
    {
        final Path base = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") :
            Path.of(System.getProperty("java.io.tmpdir"));
        directory = Files.createTempDirectory(base, "slipstream-stat-test-");
    }

    @AfterEach
    void deleteDirectory() throws IOException
    {
        try (Stream<Path> paths = Files.walk(directory))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(path);
            }
        }
    }

    private RingContext context(final String stream)
    {
        return new RingContext().directory(directory).streamName(stream).capacityBytes(CAPACITY_BYTES)
            .lineAlignedRecords(false);
    }

    private int stat(final String... args)
    {
        final StringWriter text = new StringWriter();
        final CommandLine commandLine = new CommandLine(new StatCommand());
        commandLine.setOut(new PrintWriter(text, true));
        commandLine.setErr(new PrintWriter(text, true));
        final int exitCode = commandLine.execute(args);
        output = text.toString();
        System.out.println("StatCommandTest: stat " + String.join(" ", args) + " -> exit " + exitCode + "\n" + output);
        return exitCode;
    }

    @Test
    void shouldShowPositionsLagAndLivenessOfALiveRing()
    {
        try (Publication publication = Publication.open(context("live"));
            Subscription subscription = Subscription.open(context("live")))
        {
            final UnsafeBuffer message = new UnsafeBuffer(new byte[56]);
            for (int i = 0; i < 100; i++)
            {
                publication.offer(message, 0, message.capacity());
            }
            // 70 records of 64 bytes: past a batch (4 KiB), so the consumer has given its position back.
            subscription.poll((t, b, o, l) -> { }, 70);
            assertEquals(StatCommand.OK, stat(context("live").ringFile().toString()));
            assertTrue(output.contains("producer  pid " + MY_PID + " alive, position 6400"), output);
            assertTrue(output.contains("consumer  slot 0 pid " + MY_PID + " alive, position 4480, lag 1920 B"),
                output);
            assertTrue(output.contains("capacity 65536 B") && output.contains("(1 in use)"), output);
        }
    }

    @Test
    void shouldReportDeadProducerAndDeadConsumer()
    {
        // A producer and a consumer that die without closing: their identities stay in the file, their descriptors
        // close (as the kernel closes a killed process's), which releases their locks. Neither object is used again.
        final Publication publication = Publication.open(context("dead"));
        final Subscription subscription = Subscription.open(context("dead"));
        final UnsafeBuffer header = publication.ringFile().header();
        header.putLongVolatile(RingDescriptor.PRODUCER_OWNER_OFFSET, DEAD_IDENTITY);
        header.putLongVolatile(RingDescriptor.slotOffset(subscription.slotIndex()) +
            RingDescriptor.SLOT_OWNER_OFFSET, DEAD_IDENTITY);
        assertEquals(StatCommand.OK, stat(directory.toString()));
        assertTrue(output.contains("producer  pid " + (DEAD_IDENTITY >>> 32) + " alive"),
            "control: a recorded pid does not decide liveness while the lock is held: " + output);
        publication.ringFile().close();
        subscription.ringFile().close();
        output = "";
        assertEquals(StatCommand.OK, stat(directory.toString()));
        assertTrue(output.contains("producer  pid " + (DEAD_IDENTITY >>> 32) + " DEAD"), output);
        assertTrue(output.contains("consumer  slot 0 pid " + (DEAD_IDENTITY >>> 32) + " DEAD"), output);
    }

    @Test
    void shouldSayWhyAFileIsRefused() throws IOException
    {
        Publication.open(context("good")).close();
        Files.write(directory.resolve("bad.ring"), new byte[4096]);
        assertEquals(StatCommand.REFUSED, stat(directory.toString()));
        assertTrue(output.contains("bad.ring: REFUSED: ") && output.contains("magic"), output);
        assertTrue(output.contains("good.ring\n") && output.contains("producer  none (closed: end of stream)"),
            output);
    }

    @Test
    void shouldSayWhenThereIsNoRing()
    {
        assertEquals(StatCommand.REFUSED, stat(directory.toString()));
        assertTrue(output.contains("no ring files in"), output);
        assertEquals(StatCommand.REFUSED, stat(directory.resolve("missing.ring").toString()));
        assertTrue(output.contains("REFUSED: no ring file at"), output);
    }

    @Test
    void shouldPrintHelp()
    {
        assertEquals(0, stat("--help"));
        assertTrue(output.contains("Usage: stat") && output.contains("RING") &&
            output.contains("--allow-foreign-owner"), output);
    }
}
