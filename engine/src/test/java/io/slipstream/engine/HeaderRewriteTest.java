package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static io.slipstream.engine.RingDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The header's geometry is read once: a ring is built from the values its check validated. Child JVMs open, poll
 * and write a ring while this process keeps rewriting its capacity, slot count, max message length and header
 * length: each open succeeds or is refused with a RingFileException, and no child crashes (no hs_err file, no exit
 * 134 or 139) or hangs.
 */
class HeaderRewriteTest extends RingDirectoryTest
{
    private static final String STREAM = "churn";
    private static final int CAPACITY = 64 * 1024;
    private static final int CHILDREN = 2;
    private static final long CHURN_MS = 3000;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void shouldRefuseOrWorkButNeverCrashWhileAnotherProcessRewritesTheGeometry() throws Exception
    {
        final RingContext context = TestRings.context(directory, STREAM, CAPACITY);
        Publication.open(context).close();
        final AtomicBoolean running = new AtomicBoolean(true);
        final long[] rewrites = new long[1];
        final Thread rewriter = Thread.ofPlatform().name("rewriter").start(() -> rewrite(context.ringFile(),
            running, rewrites));
        final List<ChildProcess> children = new ArrayList<>();
        final List<String> outcomes = new ArrayList<>();
        try
        {
            for (int i = 0; i < CHILDREN; i++)
            {
                children.add(ChildProcess.start("churn-" + i, directory, HeaderChurnMain.class, directory.toString(),
                    STREAM, Long.toString(CHURN_MS), Long.toString(i + 1)));
            }
            for (final ChildProcess child : children)
            {
                final int exitCode = child.awaitExit(TIMEOUT);
                final String outcome = String.join(" | ", child.stdout());
                outcomes.add(outcome);
                assertEquals(0, exitCode, "child crashed or failed: " + outcome + child.describe());
                assertTrue(outcome.startsWith("DONE opened="), outcome);
                assertNoCrashReport(child.pid());
            }
        }
        finally
        {
            running.set(false);
            rewriter.join();
            children.forEach(ChildProcess::close);
        }
        assertTrue(rewrites[0] > 0);
        System.out.println("HeaderRewriteTest: " + rewrites[0] + " rewrites; " + outcomes);
    }

    private static void assertNoCrashReport(final long pid) throws IOException
    {
        try (Stream<Path> files = Files.list(Path.of("")))
        {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().equals("hs_err_pid" + pid + ".log")),
                "child " + pid + " left a JVM crash report");
        }
    }

    /** Flips the geometry fields between their true values and random ones, in place, as fast as it can. */
    private static void rewrite(final Path ringFile, final AtomicBoolean running, final long[] rewrites)
    {
        final SplittableRandom random = new SplittableRandom(42);
        try (FileChannel channel = FileChannel.open(ringFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
            Arena arena = Arena.ofShared())
        {
            final MemorySegment segment = channel.map(FileChannel.MapMode.READ_WRITE, 0, headerLength(1), arena);
            final UnsafeBuffer header = new UnsafeBuffer(segment.address(), headerLength(1));
            final int[] offsets = {CAPACITY_OFFSET, CONSUMER_SLOTS_OFFSET, MAX_MESSAGE_LENGTH_OFFSET,
                HEADER_LENGTH_OFFSET};
            final int[] truth = new int[offsets.length];
            for (int i = 0; i < offsets.length; i++)
            {
                truth[i] = header.getInt(offsets[i]);
            }
            final int[] hostile = {Integer.MAX_VALUE, 1 << 30, MAX_CAPACITY, 2 * CAPACITY, MAX_CONSUMER_SLOTS, 1,
                maxAllowedMessageLength(MAX_CAPACITY), 0, headerLength(MAX_CONSUMER_SLOTS), -1};
            while (running.get())
            {
                final int field = random.nextInt(offsets.length);
                header.putIntVolatile(offsets[field], random.nextBoolean() ? truth[field] :
                    hostile[random.nextInt(hostile.length)]);
                rewrites[0]++;
                if ((rewrites[0] & 0xFF) == 0)
                {
                    Thread.yield();
                }
            }
            for (int i = 0; i < offsets.length; i++)
            {
                header.putIntVolatile(offsets[i], truth[i]);
            }
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
    }
}
