package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A ring file truncated while another process has it mapped: touching the lost pages raises SIGBUS, which the JVM
 * turns into an {@link InternalError} for accesses through Unsafe (as Agrona's buffers make them); the engine reports
 * it as a {@link RingFileException} naming the file, and closing afterwards does not throw. Each reader runs in a
 * child JVM, so a fault that killed the JVM would fail the test rather than end it.
 */
class ShrunkWhileMappedTest extends RingDirectoryTest
{
    private static final int CAPACITY_BYTES = 64 * 1024;
    private static final String STREAM = "shrunk";
    /** Hang guard only: a child starts in about a second here. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"poll", "controlled-poll", "offer"})
    void shouldReportAFileTruncatedWhileMappedAsRingFileException(final String mode) throws Exception
    {
        final String outcome = truncateWhileMapped(mode);
        assertTrue(outcome.startsWith("THREW " + RingFileException.class.getName()) &&
            outcome.contains("truncated while mapped") && outcome.contains(STREAM + ".ring"), outcome);
    }

    /** Runs the child in the mode, truncates the file under it, and returns the line saying what happened. */
    private String truncateWhileMapped(final String mode) throws Exception
    {
        final RingContext context = TestRings.context(directory, STREAM, CAPACITY_BYTES);
        try (Publication publication = Publication.open(context))
        {
            final UnsafeBuffer message = new UnsafeBuffer(new byte[64]);
            for (int i = 0; i < 10; i++)
            {
                publication.offer(message, 0, message.capacity());
            }
        }
        try (ChildProcess child = ChildProcess.start("shrunk-" + mode, directory, ShrunkRingMain.class,
            directory.toString(), STREAM, mode))
        {
            child.awaitLine("MAPPED", TIMEOUT);
            try (FileChannel channel = FileChannel.open(context.ringFile(), StandardOpenOption.WRITE))
            {
                channel.truncate(0);
            }
            final OutputStream stdin = child.process().getOutputStream();
            stdin.write("GO\n".getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
            final int exitCode = child.awaitExit(TIMEOUT);
            final String outcome = child.stdout().stream().filter(line -> !line.equals("MAPPED")).findFirst()
                .orElse("(nothing)");
            System.out.println("ShrunkWhileMappedTest " + mode + ": exit " + exitCode + ", " + outcome);
            assertTrue(exitCode == 0 || exitCode == 3, "the child JVM did not survive the fault: exit " + exitCode +
                child.describe());
            return outcome;
        }
    }

    /** Control: the same fault met outside the engine's conversion surfaces as the JVM's InternalError. */
    @Test
    void shouldSeeTheRawFaultWithoutTheEnginesConversion() throws Exception
    {
        final String outcome = truncateWhileMapped("raw");
        assertTrue(outcome.startsWith("THREW " + InternalError.class.getName()), outcome);
    }

    @Test
    void shouldReportATruncatedFileAsRefusedWhenInspected() throws IOException
    {
        final RingContext context = TestRings.context(directory, STREAM, CAPACITY_BYTES);
        Publication.open(context).close();
        try (FileChannel channel = FileChannel.open(context.ringFile(), StandardOpenOption.WRITE))
        {
            channel.truncate(CAPACITY_BYTES / 2);
        }
        final RingInspector.RingReport report = RingInspector.inspect(context.ringFile());
        assertTrue(report.isRefused() && report.refusal().contains("truncated"), String.valueOf(report));
    }
}
