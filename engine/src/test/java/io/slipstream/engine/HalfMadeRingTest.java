package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.slipstream.engine.RingDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A file whose creator died before storing the layout version is not a dead end: the next Publication or
 * Subscription takes it over under the creation lock and makes it afresh. While its creator lives (holding the
 * creation lock) it is not touched, and a read-only kind of open ({@link RingFile#openExisting}) never takes over.
 */
class HalfMadeRingTest extends RingDirectoryTest
{
    private static final String STREAM = "half";
    private static final int CAPACITY = 64 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private RingContext context()
    {
        return TestRings.context(directory, STREAM, CAPACITY).readyTimeoutNs(TimeUnit.MILLISECONDS.toNanos(200));
    }

    @Test
    void shouldTakeOverAFileLeftWithoutItsVersionByAKilledCreator() throws Exception
    {
        try (ChildProcess creator = ChildProcess.start("creator", directory, HalfMadeCreatorMain.class,
            directory.toString(), STREAM, Integer.toString(CAPACITY)))
        {
            creator.awaitLine("HALF", TIMEOUT);
            // Control: while the creator lives it holds the creation lock, and nobody takes its file over.
            final RingFileException busy = assertThrows(RingFileException.class, () -> Publication.open(context()));
            assertTrue(busy.getMessage().contains("still creating"), busy.getMessage());
            assertEquals(0, readVersion(), "the creator's file was touched");

            creator.process().destroyForcibly(); // kill -9
            assertTrue(creator.process().waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        }
        final RingFileException refused = assertThrows(RingFileException.class,
            () -> RingFile.openExisting(context().ringFile(), context()));
        assertTrue(refused.getMessage().contains("never finished"), refused.getMessage());
        assertSendsAndReceives(true);
    }

    @Test
    void shouldTakeOverAnEmptyFileLeftByACreatorKilledBeforeSizingIt() throws IOException
    {
        Files.createDirectories(directory);
        Files.write(context().ringFile(), new byte[0]);
        assertSendsAndReceives(true);
    }

    @Test
    void shouldTakeOverAFullLengthFileWithoutVersionWrittenByHand() throws IOException
    {
        final ByteBuffer bytes = ByteBuffer.allocate(headerLength(DEFAULT_CONSUMER_SLOTS) + CAPACITY)
            .order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(MAGIC_OFFSET, MAGIC);
        bytes.putInt(CAPACITY_OFFSET, 12345); // garbage a dead creator might leave: the takeover starts afresh
        bytes.putLong(PRODUCER_POSITION_OFFSET, 777);
        Files.write(context().ringFile(), bytes.array());
        assertSendsAndReceives(true);
    }

    @Test
    void shouldRefuseToRemakeARingInUseWhoseVersionWasOverwritten()
    {
        try (Publication publication = Publication.open(context()))
        {
            publication.ringFile().header().putIntVolatile(VERSION_OFFSET, 0);
            final RingFileException ex = assertThrows(RingFileException.class, () -> Subscription.open(context()));
            assertTrue(ex.getMessage().contains("in use"), ex.getMessage());
            assertEquals(0, publication.ringFile().header().getIntVolatile(VERSION_OFFSET));
            publication.ringFile().header().putIntVolatile(VERSION_OFFSET, LAYOUT_VERSION);
        }
    }

    private int readVersion() throws IOException
    {
        final byte[] bytes = Files.readAllBytes(context().ringFile());
        return bytes.length < VERSION_OFFSET + 4 ? 0 :
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(VERSION_OFFSET);
    }

    private void assertSendsAndReceives(final boolean expectCreated)
    {
        try (Subscription subscription = Subscription.open(context());
            Publication publication = Publication.open(context()))
        {
            assertEquals(expectCreated, subscription.ringFile().created(), "the first opener makes the file");
            assertEquals(CAPACITY, publication.capacity());
            assertEquals(0, publication.position());
            final UnsafeBuffer message = new UnsafeBuffer(new byte[8]);
            for (int i = 0; i < 100; i++)
            {
                message.putInt(0, i);
                assertTrue(publication.offer(message, 0, 8) > 0);
            }
            final List<Integer> received = new ArrayList<>();
            while (subscription.poll((t, b, o, l) -> received.add(b.getInt(o)), 1000) > 0)
            {
                // drain
            }
            assertEquals(100, received.size());
            for (int i = 0; i < 100; i++)
            {
                assertEquals(i, received.get(i));
            }
        }
    }
}
