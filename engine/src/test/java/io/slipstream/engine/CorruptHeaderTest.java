package io.slipstream.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.slipstream.engine.RingDescriptor.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ring file is untrusted input: every corrupt header field, a truncated or extended file, a symbolic link and a
 * hostile record length give a {@link RingFileException} naming the problem, from every way of opening a ring.
 * Also checks the permissions of new files and directories.
 */
class CorruptHeaderTest extends RingDirectoryTest
{
    private static final int CAPACITY_BYTES = 64 * 1024;
    private static final int MAX_MESSAGE_LENGTH = 1024;
    private static final int CONSUMER_SLOTS = 4;
    private static final int HEADER_LENGTH = headerLength(CONSUMER_SLOTS);
    private static final String STREAM = "corrupt";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** A reader child starts in about a second here; one that has not answered in ten is looping. */
    private static final Duration READER_TIMEOUT = Duration.ofSeconds(10);

    private RingContext context(final Path ringDirectory)
    {
        return new RingContext().directory(ringDirectory).streamName(STREAM).capacityBytes(CAPACITY_BYTES)
            .maxMessageLengthBytes(MAX_MESSAGE_LENGTH).consumerSlots(CONSUMER_SLOTS)
            .readyTimeoutNs(TimeUnit.MILLISECONDS.toNanos(50)).lineAlignedRecords(false);
    }

    /** Context that asks for nothing, so only the file's own header can be blamed. */
    private RingContext plainContext(final Path ringDirectory)
    {
        return new RingContext().directory(ringDirectory).streamName(STREAM)
            .readyTimeoutNs(TimeUnit.MILLISECONDS.toNanos(50));
    }

    private Path createRing()
    {
        try (RingFile ringFile = RingFile.openOrCreate(context(directory)))
        {
            assertTrue(ringFile.created());
            return ringFile.path();
        }
    }

    @FunctionalInterface
    interface Corruption
    {
        void apply(FileChannel channel) throws IOException;
    }

    static Corruption putInt(final int offset, final int value)
    {
        return channel -> channel.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value),
            offset);
    }

    static Corruption putLong(final int offset, final long value)
    {
        return channel -> channel.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value),
            offset);
    }

    static Stream<Arguments> corruptions()
    {
        return Stream.of(
            Arguments.of("wrong magic", putLong(MAGIC_OFFSET, 0x0123_4567_89AB_CDEFL), "magic"),
            Arguments.of("unknown version", putInt(VERSION_OFFSET, LAYOUT_VERSION + 1), "version"),
            Arguments.of("unknown record format", putInt(RECORD_FORMAT_OFFSET, 2), "record format"),
            Arguments.of("packed records with a tag stamp", putLong(TAG_STAMP_OFFSET, 1), "record format"),
            Arguments.of("tagged lines with an even stamp", putInt(RECORD_FORMAT_OFFSET, RECORD_FORMAT_TAGGED_LINES),
                "record format"),
            Arguments.of("wrong header length", putInt(HEADER_LENGTH_OFFSET, HEADER_LENGTH + LINE_LENGTH),
                "header length"),
            Arguments.of("capacity not a power of two", putInt(CAPACITY_OFFSET, 3 * 16 * 1024), "capacity"),
            Arguments.of("capacity too small", putInt(CAPACITY_OFFSET, MIN_CAPACITY / 2), "capacity"),
            Arguments.of("capacity too large", putInt(CAPACITY_OFFSET, Integer.MIN_VALUE), "capacity"),
            Arguments.of("capacity larger than the file", putInt(CAPACITY_OFFSET, 2 * CAPACITY_BYTES), "truncated"),
            Arguments.of("max message length too large", putInt(MAX_MESSAGE_LENGTH_OFFSET,
                maxAllowedMessageLength(CAPACITY_BYTES) + 1), "max message length"),
            Arguments.of("max message length negative", putInt(MAX_MESSAGE_LENGTH_OFFSET, -1), "max message length"),
            Arguments.of("no consumer slots", putInt(CONSUMER_SLOTS_OFFSET, 0), "consumer slot count"),
            Arguments.of("65 consumer slots", putInt(CONSUMER_SLOTS_OFFSET, MAX_CONSUMER_SLOTS + 1),
                "consumer slot count"),
            Arguments.of("file truncated in the data region",
                (Corruption)channel -> channel.truncate(HEADER_LENGTH + CAPACITY_BYTES / 2), "truncated"),
            Arguments.of("file truncated in the header", (Corruption)channel -> channel.truncate(100), "truncated"),
            Arguments.of("file extended", (Corruption)channel -> channel.write(ByteBuffer.allocate(1),
                HEADER_LENGTH + CAPACITY_BYTES + 4095), "file length"),
            Arguments.of("producer position negative", putLong(PRODUCER_POSITION_OFFSET, -8), "negative"),
            Arguments.of("producer position unaligned", putLong(PRODUCER_POSITION_OFFSET, 12), "unaligned"),
            Arguments.of("limit below capacity", putLong(PRODUCER_LIMIT_OFFSET, 8), "inconsistent"),
            Arguments.of("limit unaligned", putLong(PRODUCER_LIMIT_OFFSET, CAPACITY_BYTES + 4), "inconsistent"),
            Arguments.of("limit ahead of position + capacity", putLong(PRODUCER_LIMIT_OFFSET, 3L * CAPACITY_BYTES),
                "inconsistent"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void shouldRefuseACorruptHeaderNamingTheProblem(final String name, final Corruption corruption,
        final String word) throws IOException
    {
        final Path path = createRing();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE))
        {
            corruption.apply(channel);
        }
        final List<Function<RingContext, AutoCloseable>> openers = List.of(
            RingFile::openOrCreate, Subscription::open, Publication::open,
            ctx -> RingFile.openExisting(path, ctx));
        for (final Function<RingContext, AutoCloseable> opener : openers)
        {
            for (final RingContext context : List.of(context(directory), plainContext(directory)))
            {
                final RingFileException ex = assertTimeoutPreemptively(TIMEOUT,
                    () -> assertThrows(RingFileException.class, () -> opener.apply(context).close(), name));
                assertTrue(ex.getMessage().contains(word), "'" + word + "' not in: " + ex.getMessage());
            }
        }
    }

    @Test
    void shouldOpenAnIntactRingEveryWay() throws Exception
    {
        createRing();
        try (RingFile ringFile = RingFile.openOrCreate(plainContext(directory));
            Subscription subscription = Subscription.open(context(directory));
            Publication publication = Publication.open(plainContext(directory)))
        {
            assertFalse(ringFile.created());
            assertEquals(CAPACITY_BYTES, ringFile.capacity());
            assertEquals(MAX_MESSAGE_LENGTH, subscription.ringFile().maxMessageLength());
            assertEquals(0, publication.position());
        }
    }

    @Test
    void shouldRefuseASymbolicLinkAtTheRingPath() throws IOException
    {
        final Path realDirectory = Files.createDirectory(directory.resolve("real"));
        try (RingFile real = RingFile.openOrCreate(context(realDirectory)))
        {
            assertTrue(real.created());
        }
        final Path ringDirectory = Files.createDirectory(directory.resolve("rings"));
        Files.createSymbolicLink(context(ringDirectory).ringFile(), context(realDirectory).ringFile());
        assertRefusedAsSymbolicLink(ringDirectory);
    }

    @Test
    void shouldRefuseADanglingSymbolicLinkWithoutCreatingItsTarget() throws IOException
    {
        final Path ringDirectory = Files.createDirectory(directory.resolve("rings"));
        final Path target = directory.resolve("target.ring");
        Files.createSymbolicLink(context(ringDirectory).ringFile(), target);
        assertRefusedAsSymbolicLink(ringDirectory);
        assertFalse(Files.exists(target, LinkOption.NOFOLLOW_LINKS), "the link's target was created");
    }

    @Test
    void shouldRefuseASymbolicLinkAsTheRingDirectory() throws IOException
    {
        final Path realDirectory = Files.createDirectory(directory.resolve("real"));
        final Path link = Files.createSymbolicLink(directory.resolve("link"), realDirectory);
        assertRefusedAsSymbolicLink(link);
        try (Stream<Path> files = Files.list(realDirectory))
        {
            assertEquals(0, files.count(), "a ring was created through the link");
        }
    }

    private void assertRefusedAsSymbolicLink(final Path ringDirectory)
    {
        final List<Function<RingContext, AutoCloseable>> openers = List.of(
            RingFile::openOrCreate, Subscription::open, Publication::open);
        for (final Function<RingContext, AutoCloseable> opener : openers)
        {
            final RingFileException ex = assertTimeoutPreemptively(TIMEOUT,
                () -> assertThrows(RingFileException.class, () -> opener.apply(context(ringDirectory)).close()));
            assertTrue(ex.getMessage().contains("symbolic link"), ex.getMessage());
        }
    }

    static Stream<Arguments> hostileRecords()
    {
        final int maxRecordLength = MAX_MESSAGE_LENGTH + RecordDescriptor.HEADER_LENGTH;
        final int padding = RecordDescriptor.PADDING_TYPE_ID;
        return Stream.of(
            Arguments.of("negative length", 0, -8, 1, "poll"),
            Arguments.of("length shorter than a record header", 0, 4, 1, "poll"),
            Arguments.of("length past the capacity", 0, CAPACITY_BYTES + 8, 1, "poll"),
            Arguments.of("padding past the capacity", 0, CAPACITY_BYTES + 8, padding, "poll"),
            Arguments.of("length above the max message length", 0, maxRecordLength + 8, 1, "poll"),
            Arguments.of("record running off the end of the region", CAPACITY_BYTES - 64, 128, 1, "poll"),
            Arguments.of("negative length, controlled poll", 0, -8, 1, "controlled-poll"),
            Arguments.of("length above the max message length, controlled poll", 0, maxRecordLength + 8, 1,
                "controlled-poll"),
            Arguments.of("padding of Integer.MAX_VALUE bytes", 0, Integer.MAX_VALUE, padding, "poll"),
            Arguments.of("padding of Integer.MAX_VALUE bytes, controlled poll", 0, Integer.MAX_VALUE, padding,
                "controlled-poll"),
            Arguments.of("padding whose end overflows an int", 1024, Integer.MAX_VALUE - 1023, padding, "poll"),
            Arguments.of("negative length after the producer position", 0, -8, 1, "publish"),
            Arguments.of("padding of Integer.MAX_VALUE bytes after the producer position", 0, Integer.MAX_VALUE,
                padding, "publish"));
    }

    /**
     * The reader runs in a child process: a reader that loops forever or crashes on a hostile length must not take
     * the test JVM with it. Records before {@code index} are one valid padding record.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRecords")
    void shouldRefuseAHostileRecordLength(final String name, final int index, final int recordLength,
        final int typeId, final String mode) throws Exception
    {
        createRing();
        final Path path = context(directory).ringFile();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE))
        {
            if (index > 0)
            {
                putInt(HEADER_LENGTH + RecordDescriptor.TYPE_OFFSET, RecordDescriptor.PADDING_TYPE_ID).apply(channel);
                putInt(HEADER_LENGTH + RecordDescriptor.LENGTH_OFFSET, index).apply(channel);
                if (mode.equals("publish"))
                {
                    putLong(PRODUCER_POSITION_OFFSET, index).apply(channel);
                }
            }
            putInt(HEADER_LENGTH + index + RecordDescriptor.TYPE_OFFSET, typeId).apply(channel);
            putInt(HEADER_LENGTH + index + RecordDescriptor.LENGTH_OFFSET, recordLength).apply(channel);
        }
        try (ChildProcess reader = ChildProcess.start("hostile-reader", directory, HostileRecordMain.class,
            directory.toString(), STREAM, mode))
        {
            final int exitCode;
            try
            {
                exitCode = reader.awaitExit(READER_TIMEOUT);
            }
            catch (final AssertionError ex)
            {
                throw new AssertionError(name + ": the reader hung (" + mode + ") on a record of length " +
                    recordLength + " at index " + index + " instead of refusing it", ex);
            }
            final String outcome = String.join("\n", reader.stdout());
            assertEquals(0, exitCode, name + ": expected a RingFileException, got: " + outcome +
                reader.describe());
            assertTrue(outcome.startsWith("THREW " + RingFileException.class.getName()) &&
                outcome.contains("corrupt record"), outcome);
        }
    }

    @Test
    void shouldCreateOwnerOnlyFilesAndDirectoriesByDefault() throws IOException
    {
        final Path ringDirectory = directory.resolve("rings");
        try (RingFile ringFile = RingFile.openOrCreate(context(ringDirectory)))
        {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ringFile.path(),
                LinkOption.NOFOLLOW_LINKS)));
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ringDirectory,
            LinkOption.NOFOLLOW_LINKS)));
    }

    @Test
    void shouldGrantGroupAccessWhenAsked() throws IOException
    {
        final Path ringDirectory = directory.resolve("rings");
        try (RingFile ringFile = RingFile.openOrCreate(context(ringDirectory).groupAccess(true)))
        {
            assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(ringFile.path(),
                LinkOption.NOFOLLOW_LINKS)));
        }
        assertEquals("rwxrwx---", PosixFilePermissions.toString(Files.getPosixFilePermissions(ringDirectory,
            LinkOption.NOFOLLOW_LINKS)));
    }
}
