package io.slipstream.engine;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static io.slipstream.engine.RingDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A valid ring (wrapped, with padding) is mutated at random (header fields and record lengths set to boundary or
 * random values, bit flips, the file cut or extended) and read by a {@link RingReader}: each file must be read or
 * refused with a {@link RingFileException} naming it; any other exception, a read outside a delivered message, or a
 * hang fails the test.
 */
class RingReaderFuzzTest
{
    private static final int CAPACITY_BYTES = 4096;
    private static final int MAX_MESSAGE_LENGTH = 300;
    private static final int FILES = 20_000;
    private static final long SEED = 12;
    private static final long[] BOUNDARIES = {0, 1, -1, 7, 8, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE,
        Long.MIN_VALUE, CAPACITY_BYTES, CAPACITY_BYTES - 8, CAPACITY_BYTES + 8, MAX_MESSAGE_LENGTH + 8,
        MAX_MESSAGE_LENGTH + 9, 1L << 32};

    private Path directory;
    private Path path;
    private byte[] pristine;
    private int[] recordIndexes;

    @BeforeEach
    void createPristineRing() throws IOException
    {
        directory = TestRings.newDirectory();
        final RingContext context = TestRings.packedContext(directory, "fuzz", CAPACITY_BYTES)
            .maxMessageLengthBytes(MAX_MESSAGE_LENGTH);
        final SplittableRandom random = new SplittableRandom(SEED);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[MAX_MESSAGE_LENGTH]);
        try (Publication publication = Publication.open(context.copy());
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
            path = publication.ringFile().path();
            pristine = Files.readAllBytes(path);
            recordIndexes = recordIndexes(publication.ringFile().data(),
                publication.ringFile().header().getLongVolatile(PRODUCER_LIMIT_OFFSET) - CAPACITY_BYTES);
        }
        assertTrue(recordIndexes.length > 10, "the pristine ring holds records");
    }

    @AfterEach
    void deleteDirectory()
    {
        TestRings.delete(directory);
    }

    @Test
    void shouldReadOrRefuseEveryMutatedFile() throws IOException
    {
        final long[] outcome = assertTimeoutPreemptively(Duration.ofMinutes(5), this::fuzz);
        System.out.printf("RingReaderFuzzTest: %d mutated files: %d read, %d refused with RingFileException, " +
            "%d unexpected%n", FILES, outcome[0], outcome[1], outcome[2]);
        assertEquals(0, outcome[2], "unexpected outcomes");
        assertTrue(outcome[0] > FILES / 20 && outcome[1] > FILES / 20,
            "the mutations should leave some files readable and make others refused");
    }

    private long[] fuzz() throws IOException
    {
        final SplittableRandom random = new SplittableRandom(SEED);
        final long[] outcome = new long[3];
        final List<String> examples = new ArrayList<>();
        final Touch touch = new Touch();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE))
        {
            for (int i = 0; i < FILES; i++)
            {
                final ByteBuffer contents = mutate(random);
                channel.truncate(0);
                while (contents.hasRemaining())
                {
                    channel.write(contents, contents.position());
                }
                try (RingReader reader = RingReader.open(path,
                    random.nextBoolean() ? StartPosition.EARLIEST : StartPosition.LATEST))
                {
                    for (int poll = 0; poll < 4; poll++)
                    {
                        reader.poll(touch, 1 + random.nextInt(64));
                    }
                    reader.hasData();
                    reader.isEndOfStream();
                    reader.earliestPosition();
                    outcome[0]++;
                }
                catch (final RingFileException ex)
                {
                    outcome[1]++;
                    if (ex.getMessage() == null || !ex.getMessage().contains(path.getFileName().toString()))
                    {
                        outcome[2]++;
                        examples.add("file " + i + ": message does not name the file: " + ex.getMessage());
                    }
                }
                catch (final Throwable t)
                {
                    outcome[2]++;
                    examples.add("file " + i + ": " + t);
                }
            }
        }
        assertTrue(examples.isEmpty(), examples.subList(0, Math.min(5, examples.size())).toString());
        return outcome;
    }

    private ByteBuffer mutate(final SplittableRandom random)
    {
        byte[] bytes = pristine.clone();
        final int header = headerLength(RingDescriptor.DEFAULT_CONSUMER_SLOTS);
        final ByteBuffer view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        final int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++)
        {
            switch (random.nextInt(5))
            {
                case 0 -> view.putInt(8 + 4 * random.nextInt(8), (int)value(random));
                case 1 -> view.putLong(PRODUCER_POSITION_OFFSET, value(random));
                case 2 -> view.putLong(random.nextBoolean() ? PRODUCER_LIMIT_OFFSET : END_OF_STREAM_POSITION_OFFSET,
                    value(random));
                case 3 -> view.putInt(header + recordIndexes[random.nextInt(recordIndexes.length)], (int)value(random));
                default ->
                {
                    final int at = random.nextInt(bytes.length);
                    bytes[at] ^= (byte)(1 << random.nextInt(8));
                }
            }
        }
        if (random.nextInt(20) == 0)
        {
            bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length + 64));
        }
        return ByteBuffer.wrap(bytes);
    }

    private static long value(final SplittableRandom random)
    {
        return random.nextBoolean() ? BOUNDARIES[random.nextInt(BOUNDARIES.length)] : random.nextLong();
    }

    private static int[] recordIndexes(final UnsafeBuffer data, final long from)
    {
        final List<Integer> indexes = new ArrayList<>();
        int index = (int)from & (CAPACITY_BYTES - 1);
        for (int i = 0; i < CAPACITY_BYTES / RecordDescriptor.HEADER_LENGTH; i++)
        {
            final int length = data.getInt(index);
            indexes.add(index);
            if (length == 0)
            {
                break;
            }
            index = (index + RecordDescriptor.alignedLength(length)) & (CAPACITY_BYTES - 1);
        }
        return indexes.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Reads every byte of each delivered payload, so a message reaching past its buffer would be caught. */
    private static final class Touch implements RecordHandler
    {
        long sum;

        @Override
        public void onMessage(final int typeId, final DirectBuffer buffer, final int offset, final int length)
        {
            buffer.boundsCheck(offset, length);
            for (int i = 0; i < length; i++)
            {
                sum += buffer.getByte(offset + i);
            }
        }
    }
}
