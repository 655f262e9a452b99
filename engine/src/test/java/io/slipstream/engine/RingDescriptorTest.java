package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static io.slipstream.engine.RingDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

class RingDescriptorTest
{
    @Test
    void shouldKeepFieldsOfDifferentWritersOn128ByteLinesApart()
    {
        final int[] lines = {PRODUCER_POSITION_OFFSET, PRODUCER_OWNER_OFFSET, DATA_FUTEX_SEQ_OFFSET,
            SPACE_FUTEX_SEQ_OFFSET, slotOffset(0), slotOffset(1)};
        assertEquals(0, MAGIC_OFFSET);
        for (int i = 0; i < lines.length; i++)
        {
            assertEquals(0, lines[i] % LINE_LENGTH, "line " + i + " starts on a 128-byte boundary");
            if (i > 0)
            {
                assertTrue(lines[i] - lines[i - 1] >= LINE_LENGTH);
            }
        }
        final List<Integer> producerLine = List.of(PRODUCER_OWNER_OFFSET,
            PRODUCER_LIMIT_OFFSET, END_OF_STREAM_POSITION_OFFSET, END_OF_STREAM_FLAG_OFFSET);
        for (final int offset : producerLine)
        {
            assertEquals(PRODUCER_OWNER_OFFSET / LINE_LENGTH, offset / LINE_LENGTH);
        }
        assertTrue(SLOT_FLAGS_OFFSET + 4 <= LINE_LENGTH);
        assertEquals(headerLength(3), slotOffset(3));
    }

    /** Every field of layout 2 with its width: none overlaps another, none crosses its 128-byte line. */
    @Test
    void shouldPackEveryFieldWithoutOverlapWithinItsLine()
    {
        final int[][] fields = {
            {MAGIC_OFFSET, 8}, {VERSION_OFFSET, 4}, {HEADER_LENGTH_OFFSET, 4}, {CAPACITY_OFFSET, 4},
            {MAX_MESSAGE_LENGTH_OFFSET, 4}, {CONSUMER_SLOTS_OFFSET, 4}, {CREATED_EPOCH_MS_OFFSET, 8},
            {PRODUCER_POSITION_OFFSET, 8}, {PRODUCER_OWNER_OFFSET, 8}, {PRODUCER_LIMIT_OFFSET, 8},
            {END_OF_STREAM_POSITION_OFFSET, 8}, {END_OF_STREAM_FLAG_OFFSET, 4}, {DATA_FUTEX_SEQ_OFFSET, 4},
            {DATA_WAITER_MASK_OFFSET, 8}, {SPACE_FUTEX_SEQ_OFFSET, 4}, {SPACE_WAITING_OFFSET, 4},
            {slotOwnerOffset(0), 8}, {slotPositionOffset(0), 8}, {slotClaimCountOffset(0), 4},
            {slotFlagsOffset(0), 4}};
        final boolean[] used = new boolean[slotOffset(1)];
        for (final int[] field : fields)
        {
            assertEquals(0, field[0] % field[1], "aligned to its width: " + field[0]);
            assertEquals(field[0] / LINE_LENGTH, (field[0] + field[1] - 1) / LINE_LENGTH, "within one line");
            for (int i = field[0]; i < field[0] + field[1]; i++)
            {
                assertFalse(used[i], "byte " + i + " belongs to two fields");
                used[i] = true;
            }
        }
    }

    @Test
    void shouldComputeSlotFieldsFromTheSlotLine()
    {
        for (int i = 0; i < MAX_CONSUMER_SLOTS; i++)
        {
            assertEquals(slotOffset(i) + SLOT_OWNER_OFFSET, slotOwnerOffset(i));
            assertEquals(slotOffset(i) + SLOT_POSITION_OFFSET, slotPositionOffset(i));
            assertEquals(slotOffset(i) + SLOT_CLAIM_COUNT_OFFSET, slotClaimCountOffset(i));
            assertEquals(slotOffset(i) + SLOT_FLAGS_OFFSET, slotFlagsOffset(i));
            assertEquals(slotOffset(i), slotLockOffset(i));
        }
        assertEquals(headerLength(8) + 4096L, fileLength(8, 4096));
        assertEquals(slotLockOffset(MAX_CONSUMER_SLOTS), PRODUCER_LOCK_OFFSET + partyLocksLength());
    }

    @Test
    void shouldGiveEveryPartyItsOwnLockByte()
    {
        final java.util.Set<Integer> bytes =
            new java.util.HashSet<>(List.of(CREATION_LOCK_OFFSET, PRODUCER_LOCK_OFFSET));
        for (int i = 0; i < MAX_CONSUMER_SLOTS; i++)
        {
            assertTrue(bytes.add(slotLockOffset(i)), "slot " + i + " shares a lock byte");
        }
        assertEquals(2 + MAX_CONSUMER_SLOTS, bytes.size());
    }

    @Test
    void shouldReturnTheValidatedGeometry()
    {
        final Layout layout = checkHeader(header(4096, 8), headerLength(8) + 4096L);
        final int maxMessageLength = 4096 / 8 - RecordDescriptor.HEADER_LENGTH;
        assertEquals(new Layout(headerLength(8), 4096, maxMessageLength, 8, RecordFormat.PACKED), layout);
    }

    @Test
    void shouldAcceptWellFormedHeader()
    {
        final UnsafeBuffer header = header(4096, 8);
        checkHeader(header, headerLength(8) + 4096L);
    }

    @Test
    void shouldNameTheFieldThatIsWrong()
    {
        final List<String> messages = new ArrayList<>();
        messages.add(refuse(header(4096, 8), headerLength(8) + 4095L));
        UnsafeBuffer h = header(4096, 8);
        h.putLong(MAGIC_OFFSET, 1);
        messages.add(refuse(h, headerLength(8) + 4096L));
        h = header(4096, 8);
        h.putInt(VERSION_OFFSET, LAYOUT_VERSION + 1);
        messages.add(refuse(h, headerLength(8) + 4096L));
        h = header(4096, 8);
        h.putInt(CAPACITY_OFFSET, 4000);
        messages.add(refuse(h, headerLength(8) + 4000L));
        h = header(4096, 8);
        h.putInt(MAX_MESSAGE_LENGTH_OFFSET, 4096);
        messages.add(refuse(h, headerLength(8) + 4096L));
        h = header(4096, 8);
        h.putInt(CONSUMER_SLOTS_OFFSET, 0);
        messages.add(refuse(h, headerLength(8) + 4096L));
        h = header(4096, 8);
        h.putLong(PRODUCER_POSITION_OFFSET, 3);
        messages.add(refuse(h, headerLength(8) + 4096L));
        h = header(4096, 8);
        h.putLong(PRODUCER_LIMIT_OFFSET, 4096 * 3);
        messages.add(refuse(h, headerLength(8) + 4096L));
        messages.add(refuse(h, 100));

        final String[] words = {"truncated", "magic", "version", "power of two", "max message length",
            "consumer slot", "producer position", "limit", "truncated"};
        for (int i = 0; i < words.length; i++)
        {
            assertTrue(messages.get(i).contains(words[i]), messages.get(i) + " should mention " + words[i]);
        }
    }

    private static String refuse(final UnsafeBuffer header, final long fileLength)
    {
        return assertThrows(RingFileException.class, () -> checkHeader(header, fileLength)).getMessage();
    }

    private static UnsafeBuffer header(final int capacity, final int slots)
    {
        final UnsafeBuffer header = new UnsafeBuffer(ByteBuffer.allocateDirect(headerLength(slots)));
        header.putLong(MAGIC_OFFSET, MAGIC);
        header.putInt(VERSION_OFFSET, LAYOUT_VERSION);
        header.putInt(HEADER_LENGTH_OFFSET, headerLength(slots));
        header.putInt(CAPACITY_OFFSET, capacity);
        header.putInt(MAX_MESSAGE_LENGTH_OFFSET, defaultMaxMessageLength(capacity));
        header.putInt(CONSUMER_SLOTS_OFFSET, slots);
        header.putLong(PRODUCER_LIMIT_OFFSET, capacity);
        return header;
    }
}
