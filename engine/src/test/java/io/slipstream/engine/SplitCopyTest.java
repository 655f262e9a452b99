package io.slipstream.engine;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.TreeSet;

import static io.slipstream.engine.RecordDescriptor.LINE_ALIGNMENT;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A message of at least {@link Publication#SPLIT_COPY_MIN_LENGTH} bytes is copied in two parts, the part in the
 * header's cache line last. Offered around that length and at every offset the header can take in its line, over
 * several laps of a small ring: each message arrives with its exact bytes, type and length, at the position its
 * frame says.
 */
class SplitCopyTest
{
    private static final int CAPACITY = 64 * 1024;
    private static final int MAX_MESSAGE_LENGTH = 6000;
    private static final int MESSAGES = 3000;
    /** At the threshold and either side of it, then at lengths that move the next header along its line. */
    private static final int[] FIRST_LENGTHS = {
        Publication.SPLIT_COPY_MIN_LENGTH - 1, Publication.SPLIT_COPY_MIN_LENGTH, Publication.SPLIT_COPY_MIN_LENGTH + 1,
        4096, MAX_MESSAGE_LENGTH, 0};

    private Path directory;

    @BeforeEach
    void setUp()
    {
        directory = TestRings.newDirectory();
    }

    @AfterEach
    void tearDown()
    {
        TestRings.delete(directory);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldDeliverEveryByteOfMessagesCopiedInTwoParts(final boolean lineAlignedRecords)
    {
        final RingContext context = TestRings.context(directory, "split", CAPACITY)
            .maxMessageLengthBytes(MAX_MESSAGE_LENGTH).lineAlignedRecords(lineAlignedRecords);
        final UnsafeBuffer source = new UnsafeBuffer(new byte[MAX_MESSAGE_LENGTH]);
        final Received received = new Received();
        final TreeSet<Integer> splitHeaderOffsets = new TreeSet<>();
        try (Subscription subscription = Subscription.open(context.copy());
            Publication publication = Publication.open(context.copy()))
        {
            final int headerLength = publication.ringFile().recordFormat().headerLength();
            for (int seq = 0; seq < MESSAGES; seq++)
            {
                final int length = length(seq);
                fill(source, seq, length);
                final int typeId = 1 + seq % 100;
                assertTrue(publication.offer(source, 0, length, typeId) > 0, "offer of message " + seq);
                assertEquals(1, subscription.poll(received, 1), "message " + seq);
                assertEquals(typeId, received.typeId, "type of message " + seq);
                assertEquals(length, received.length, "length of message " + seq);
                assertPayload(received.buffer, received.offset, seq, length);
                assertEquals(publication.position(), subscription.position(), "position after message " + seq);
                if (length >= Publication.SPLIT_COPY_MIN_LENGTH)
                {
                    splitHeaderOffsets.add((int)(subscription.recordPosition() + headerLength) & (LINE_ALIGNMENT - 1));
                }
            }
        }
        // Every offset a payload can start at in its line was copied in two parts (or whole, at offset 0).
        final int alignment = lineAlignedRecords ? RecordDescriptor.TAGGED_ALIGNMENT : RecordDescriptor.ALIGNMENT;
        assertEquals(LINE_ALIGNMENT / alignment, splitHeaderOffsets.size(), "payload offsets seen: " +
            splitHeaderOffsets);
    }

    /** Mostly long messages of many lengths, one in five short (which ends its line when tagged). */
    private static int length(final int seq)
    {
        if (seq < FIRST_LENGTHS.length)
        {
            return FIRST_LENGTHS[seq];
        }
        return seq % 5 == 4 ? (seq * 7) % 60 : 1000 + (seq * 37) % (MAX_MESSAGE_LENGTH - 1000);
    }

    private static void fill(final UnsafeBuffer buffer, final int seq, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            buffer.putByte(i, (byte)(seq * 31 + i * 7));
        }
    }

    private static void assertPayload(final DirectBuffer buffer, final int offset, final int seq, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (buffer.getByte(offset + i) != (byte)(seq * 31 + i * 7))
            {
                fail("message " + seq + " of " + length + " B: byte " + i + " is " + buffer.getByte(offset + i));
            }
        }
    }

    private static final class Received implements RecordHandler
    {
        private int typeId;
        private DirectBuffer buffer;
        private int offset;
        private int length;

        @Override
        public void onMessage(final int typeId, final DirectBuffer buffer, final int offset, final int length)
        {
            this.typeId = typeId;
            this.buffer = buffer;
            this.offset = offset;
            this.length = length;
        }
    }
}
