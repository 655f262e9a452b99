package io.slipstream.engine;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static io.slipstream.engine.RingDescriptor.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded fuzzing of ring files: a valid file (wrapped data, padding, a consumer behind, a dead producer and a dead
 * consumer recorded in it) is mutated by {@link RingFileMutator} and written to /dev/shm, then inspected, opened as a
 * subscription (earliest or latest) and polled, or opened as a publication and written to. Each must work or throw
 * {@link RingFileException} / {@link ProducerConflictException} with a message naming the file; any other throwable
 * fails the test, and a hang guard stops a loop that never ends. The control runs a reader that trusts record lengths
 * over the same files and must be caught. The rings here hold packed records; {@link TaggedRingFileFuzzTest} runs the
 * same over tagged lines.
 */
class RingFileFuzzTest
{
    private static final int CAPACITY_BYTES = MIN_CAPACITY;
    private static final int MAX_MESSAGE_LENGTH = 120;
    private static final int CONSUMER_SLOTS = 2;
    private static final long SEED = 0x5EED_F022L;
    private static final String STREAM = "fuzz";
    /** Hang guards only: 100 000 files take well under a minute here. */
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final Duration SLOW_TIMEOUT = Duration.ofMinutes(90);
    private static final long DEAD_IDENTITY = 0x7FFF_FFF0L << 32;
    /** Tagged frame lengths, which do not depend on the stamp. */
    private static final RecordFormat TAGGED = RecordFormat.taggedLines(1);

    private Path directory;
    private Path path;
    private byte[] pristine;
    private int[] recordIndexes;

    @FunctionalInterface
    interface Target
    {
        void exercise(Path path, int iteration, SplittableRandom random);
    }

    /** What the files did. */
    static final class Outcome
    {
        long files;
        long accepted;
        long refused;
        long conflicts;
        long inspectedRefused;
        long unexpected;
        final List<String> examples = new ArrayList<>();
        volatile long current;
    }

    @BeforeEach
    void createPristineRing() throws IOException
    {
        directory = TestRings.newDirectory();
        final RingContext context = context();
        path = context.ringFile();
        final SplittableRandom random = new SplittableRandom(SEED);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[MAX_MESSAGE_LENGTH]);
        try (Publication publication = Publication.open(context);
            Subscription subscription = Subscription.open(context.copy()))
        {
            for (int round = 0; round < 5; round++)
            {
                subscription.poll((t, b, o, l) -> { }, 3 + random.nextInt(8));
                while (publication.offer(message, 0, random.nextInt(MAX_MESSAGE_LENGTH + 1), 1 + round) > 0)
                {
                    message.putInt(0, round);
                }
            }
            final RecordClaim claim = new RecordClaim();
            publication.tryClaim(16, 9, claim); // left open: never committed, as if the producer died here
            pristine = Files.readAllBytes(path);
        }
        final ByteBuffer bytes = ByteBuffer.wrap(pristine).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(PRODUCER_OWNER_OFFSET, DEAD_IDENTITY);
        bytes.putLong(slotOwnerOffset(0), DEAD_IDENTITY + 1);
        recordIndexes = tagged() ? taggedRecordIndexes(bytes) : recordIndexes(bytes);
        assertTrue(recordIndexes.length > 10, "the pristine ring holds records");
    }

    @AfterEach
    void deleteDirectory()
    {
        TestRings.delete(directory);
    }

    private RingContext context()
    {
        return new RingContext().directory(directory).streamName(STREAM).capacityBytes(CAPACITY_BYTES)
            .maxMessageLengthBytes(MAX_MESSAGE_LENGTH).consumerSlots(CONSUMER_SLOTS).readyTimeoutNs(0)
            .lineAlignedRecords(tagged());
    }

    /** Whether the rings fuzzed hold records in tagged lines (else packed). */
    boolean tagged()
    {
        return false;
    }

    /** Indexes of the records from the consumer's position to the producer's, and the producer's. */
    private static int[] taggedRecordIndexes(final ByteBuffer bytes)
    {
        final List<Integer> indexes = new ArrayList<>();
        final int header = headerLength(CONSUMER_SLOTS);
        final long tail = bytes.getLong(PRODUCER_POSITION_OFFSET);
        for (long position = bytes.getLong(slotPositionOffset(0)); position <= tail; )
        {
            final int index = (int)position & (CAPACITY_BYTES - 1);
            indexes.add(index);
            final int length = bytes.getInt(header + index);
            if (length < RecordDescriptor.TAGGED_HEADER_LENGTH)
            {
                break;
            }
            position += TAGGED.frameLength(position, length);
        }
        return indexes.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Indexes of the records from the consumer's position to the first zero commit word. */
    private static int[] recordIndexes(final ByteBuffer bytes)
    {
        final List<Integer> indexes = new ArrayList<>();
        final int header = headerLength(CONSUMER_SLOTS);
        int index = (int)bytes.getLong(slotPositionOffset(0)) & (CAPACITY_BYTES - 1);
        for (int i = 0; i < CAPACITY_BYTES / RecordDescriptor.HEADER_LENGTH; i++)
        {
            final int length = bytes.getInt(header + index);
            indexes.add(index);
            if (length == 0)
            {
                break;
            }
            index = (index + RecordDescriptor.alignedLength(length)) & (CAPACITY_BYTES - 1);
        }
        return indexes.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void shouldWorkOrRefuseEachOfAHundredThousandMutatedFiles() throws IOException
    {
        final Outcome outcome = assertTimeoutPreemptively(TIMEOUT, () -> fuzz(100_000, this::exercise, true));
        assertClean(outcome);
    }

    @Test
    @Tag("slow")
    void shouldWorkOrRefuseEachOfAMillionMutatedFiles() throws IOException
    {
        final Outcome outcome = assertTimeoutPreemptively(SLOW_TIMEOUT, () -> fuzz(1_000_000, this::exercise, true));
        assertClean(outcome);
    }

    /** Negative control: a reader that copies a payload of whatever length the file says is caught. */
    @Test
    void shouldCatchAReaderThatTrustsRecordLengths() throws IOException
    {
        final Outcome outcome =
            assertTimeoutPreemptively(TIMEOUT, () -> fuzz(5_000, RingFileFuzzTest::trustingRead, false));
        System.out.printf("RingFileFuzzTest control: a reader trusting record lengths threw %d unexpected " +
            "exceptions over %d files, e.g. %s%n", outcome.unexpected, outcome.files,
            outcome.examples.isEmpty() ? "-" : outcome.examples.get(0));
        assertTrue(outcome.unexpected > 0, "the fuzzer did not catch a reader that trusts record lengths");
    }

    private static void assertClean(final Outcome outcome)
    {
        System.out.printf("RingFileFuzzTest: %d mutated files: %d worked, %d refused with RingFileException, %d " +
            "refused with ProducerConflictException, %d reported refused by RingInspector, %d unexpected%n",
            outcome.files, outcome.accepted, outcome.refused, outcome.conflicts, outcome.inspectedRefused,
            outcome.unexpected);
        assertEquals(0, outcome.unexpected, "unexpected throwables, first ones: " + outcome.examples);
        assertTrue(outcome.accepted > outcome.files / 20 && outcome.refused > outcome.files / 20,
            "the mutations should leave some files usable and make others refused");
    }

    private Outcome fuzz(final int files, final Target target, final boolean inspect) throws IOException
    {
        final RingFileMutator mutator = new RingFileMutator(pristine, recordIndexes, SEED);
        final SplittableRandom random = new SplittableRandom(SEED ^ 0xA5A5);
        final Outcome outcome = new Outcome();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE))
        {
            for (int i = 0; i < files; i++)
            {
                outcome.current = i;
                mutator.next();
                final ByteBuffer contents = ByteBuffer.wrap(mutator.bytes(), 0, mutator.length());
                while (contents.hasRemaining())
                {
                    channel.write(contents, contents.position());
                }
                channel.truncate(mutator.length());
                outcome.files++;
                if (inspect && RingInspector.inspect(path).isRefused())
                {
                    outcome.inspectedRefused++;
                }
                try
                {
                    target.exercise(path, i, random);
                    outcome.accepted++;
                }
                catch (final RingFileException | ProducerConflictException ex)
                {
                    if (ex instanceof RingFileException)
                    {
                        outcome.refused++;
                    }
                    else
                    {
                        outcome.conflicts++;
                    }
                    if (ex.getMessage() == null || !ex.getMessage().contains(path.getFileName().toString()))
                    {
                        unexpected(outcome, i, mutator, new AssertionError("message does not name the file: " +
                            ex.getMessage(), ex));
                    }
                }
                catch (final Throwable t)
                {
                    unexpected(outcome, i, mutator, t);
                }
            }
        }
        for (final RingFileMutator.Kind kind : RingFileMutator.Kind.values())
        {
            assertTrue(mutator.count(kind) > 0, kind + " was never exercised");
        }
        return outcome;
    }

    private static void unexpected(final Outcome outcome, final int iteration, final RingFileMutator mutator,
        final Throwable t)
    {
        outcome.unexpected++;
        if (outcome.examples.size() < 5)
        {
            outcome.examples.add("file " + iteration + " [" + mutator.description() + "]: " + t);
            if (outcome.examples.size() == 1)
            {
                t.printStackTrace();
            }
        }
    }

    /** Reads every byte of each delivered payload, so a record reaching past the region would be caught. */
    private static final class Touch implements RecordHandler
    {
        long sum;

        @Override
        public void onMessage(final int typeId, final DirectBuffer buffer, final int offset, final int length)
        {
            for (int i = 0; i < length; i++)
            {
                sum += buffer.getByte(offset + i);
            }
        }

        ControlledRecordHandler.Action controlled(final int typeId, final DirectBuffer buffer, final int offset,
            final int length)
        {
            onMessage(typeId, buffer, offset, length);
            return (sum & 3) == 0 ? ControlledRecordHandler.Action.COMMIT : ControlledRecordHandler.Action.CONTINUE;
        }
    }

    private void exercise(final Path ringPath, final int iteration, final SplittableRandom random)
    {
        switch (iteration % 3)
        {
            case 0, 1 ->
            {
                final RingContext context = context().startPosition(iteration % 3 == 0 ? StartPosition.EARLIEST :
                    StartPosition.LATEST);
                try (Subscription subscription = Subscription.open(context))
                {
                    final Touch touch = new Touch();
                    for (int i = 0; i < 4; i++)
                    {
                        subscription.poll(touch, 1 + random.nextInt(64));
                        subscription.controlledPoll((t, b, o, l) -> touch.controlled(t, b, o, l),
                            1 + random.nextInt(64));
                    }
                    subscription.hasData();
                    subscription.isEndOfStream();
                    subscription.producerPosition();
                }
            }
            default ->
            {
                try (Publication publication = Publication.open(context()))
                {
                    final UnsafeBuffer message = new UnsafeBuffer(new byte[publication.maxMessageLength()]);
                    final RecordClaim claim = new RecordClaim();
                    for (int i = 0; i < 8; i++)
                    {
                        publication.offer(message, 0, random.nextInt(publication.maxMessageLength() + 1), 1);
                    }
                    if (publication.tryClaim(8, 2, claim) > 0)
                    {
                        claim.buffer().putLong(claim.offset(), iteration);
                        claim.commit();
                    }
                    if (publication.tryClaim(8, 2, claim) > 0)
                    {
                        claim.abort();
                    }
                }
            }
        }
    }

    /** The control's reader: header checked by the engine, then record lengths trusted. */
    private static void trustingRead(final Path ringPath, final int iteration, final SplittableRandom random)
    {
        try (RingFile ringFile = RingFile.openExisting(ringPath, new RingContext().readyTimeoutNs(0)))
        {
            final UnsafeBuffer data = ringFile.data();
            final RecordFormat format = ringFile.recordFormat();
            final byte[] payload = new byte[ringFile.maxMessageLength()];
            final long start = ringFile.header().getLongVolatile(PRODUCER_LIMIT_OFFSET) - ringFile.capacity();
            int index = (int)start & (ringFile.capacity() - 1);
            for (int i = 0; i < 64; i++)
            {
                final int length = data.getInt(index);
                if (length == 0)
                {
                    break;
                }
                data.getBytes(index + format.headerLength(), payload, 0, length - format.headerLength());
                index = (index + format.frameLength(index, length)) & (ringFile.capacity() - 1);
            }
        }
    }
}
