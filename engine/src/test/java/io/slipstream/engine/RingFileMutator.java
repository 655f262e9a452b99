package io.slipstream.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;

import static io.slipstream.engine.RingDescriptor.*;

/**
 * Seeded mutations of a valid ring file's bytes: every header field (metadata, producer lines, futex lines, each
 * consumer slot's fields) and the record headers in the data region, set to boundary or random values; random bit
 * flips; and a changed file length. Deterministic for a seed, so a failure names the iteration that reproduces it.
 */
final class RingFileMutator
{
    /** Mutation kinds, counted by the fuzz test to show each was exercised. */
    enum Kind
    {
        HEADER_FIELD, SLOT_FIELD, RECORD_LENGTH, RECORD_TYPE, BIT_FLIP, FILE_LENGTH
    }

    /** {offset, width in bytes} of every header field before the consumer slots. */
    private static final int[][] HEADER_FIELDS = {
        {MAGIC_OFFSET, 8}, {VERSION_OFFSET, 4}, {HEADER_LENGTH_OFFSET, 4}, {CAPACITY_OFFSET, 4},
        {MAX_MESSAGE_LENGTH_OFFSET, 4}, {CONSUMER_SLOTS_OFFSET, 4}, {RECORD_FORMAT_OFFSET, 4},
        {CREATED_EPOCH_MS_OFFSET, 8}, {TAG_STAMP_OFFSET, 8},
        {PRODUCER_POSITION_OFFSET, 8}, {PRODUCER_OWNER_OFFSET, 8},
        {PRODUCER_LIMIT_OFFSET, 8}, {END_OF_STREAM_POSITION_OFFSET, 8}, {END_OF_STREAM_FLAG_OFFSET, 4},
        {DATA_FUTEX_SEQ_OFFSET, 4}, {DATA_WAITER_MASK_OFFSET, 8}, {SPACE_FUTEX_SEQ_OFFSET, 4},
        {SPACE_WAITING_OFFSET, 4}};
    /** {offset within a slot, width} of every consumer slot field. */
    private static final int[][] SLOT_FIELDS = {
        {SLOT_OWNER_OFFSET, 8}, {SLOT_POSITION_OFFSET, 8}, {SLOT_CLAIM_COUNT_OFFSET, 4}, {SLOT_FLAGS_OFFSET, 4}};

    private final byte[] pristine;
    private final int headerLength;
    private final int capacity;
    private final int consumerSlots;
    private final int[] recordIndexes;
    private final long[] interesting;
    private final byte[] bytes;
    private final ByteBuffer view;
    private final SplittableRandom random;
    private final long[] kindCounts = new long[Kind.values().length];
    private int length;
    private String description;

    /**
     * @param pristine      a valid ring file.
     * @param recordIndexes data indexes of the records in it, whose headers are mutation targets.
     * @param seed          the seed of the whole sequence.
     */
    RingFileMutator(final byte[] pristine, final int[] recordIndexes, final long seed)
    {
        this.pristine = pristine.clone();
        final ByteBuffer header = ByteBuffer.wrap(pristine).order(ByteOrder.LITTLE_ENDIAN);
        this.headerLength = header.getInt(HEADER_LENGTH_OFFSET);
        this.capacity = header.getInt(CAPACITY_OFFSET);
        this.consumerSlots = header.getInt(CONSUMER_SLOTS_OFFSET);
        this.recordIndexes = recordIndexes.clone();
        this.bytes = new byte[pristine.length * 2];
        this.view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        this.random = new SplittableRandom(seed);
        final long maxRecord = header.getInt(MAX_MESSAGE_LENGTH_OFFSET) + RecordDescriptor.HEADER_LENGTH;
        final long position = header.getLong(PRODUCER_POSITION_OFFSET);
        this.interesting = new long[] {0, 1, -1, 4, 7, 8, 12, 16, -8, 64, 128, 4096, Integer.MAX_VALUE,
            Integer.MIN_VALUE, Integer.MAX_VALUE - 7, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 7,
            capacity, capacity - 8, capacity + 8, 2L * capacity, capacity / 2, capacity * 3L / 2, capacity - 1,
            maxRecord, maxRecord + 8, maxRecord - 1, headerLength, headerLength + LINE_LENGTH, MIN_CAPACITY / 2,
            MAX_CAPACITY, MAX_CAPACITY * 2L, MAX_CONSUMER_SLOTS, MAX_CONSUMER_SLOTS + 1, consumerSlots + 1,
            RingDescriptor.LAYOUT_VERSION + 1, RingDescriptor.MAGIC, RecordDescriptor.PADDING_TYPE_ID,
            position, position + 8, position - 8, position + capacity, position - capacity, position + 2L * capacity,
            ProcessIdentity.current(), 1L << 32, 0x7FFF_FFF0L << 32};
    }

    /** The mutated file's bytes, valid up to {@link #length()}. */
    byte[] bytes()
    {
        return bytes;
    }

    int length()
    {
        return length;
    }

    /** What the last {@link #next()} changed. */
    String description()
    {
        return description;
    }

    long count(final Kind kind)
    {
        return kindCounts[kind.ordinal()];
    }

    /** Makes the next mutated file: a fresh copy of the pristine one with one to three mutations. */
    void next()
    {
        System.arraycopy(pristine, 0, bytes, 0, pristine.length);
        length = pristine.length;
        final StringBuilder what = new StringBuilder();
        final int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++)
        {
            if (m > 0)
            {
                what.append("; ");
            }
            mutate(what);
        }
        description = what.toString();
    }

    private void mutate(final StringBuilder what)
    {
        final Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        kindCounts[kind.ordinal()]++;
        switch (kind)
        {
            case HEADER_FIELD ->
            {
                final int[] field = HEADER_FIELDS[random.nextInt(HEADER_FIELDS.length)];
                put(field[0], field[1], value(), what.append("header@").append(field[0]));
            }
            case SLOT_FIELD ->
            {
                final int slot = random.nextInt(consumerSlots);
                final int[] field = SLOT_FIELDS[random.nextInt(SLOT_FIELDS.length)];
                put(slotOffset(slot) + field[0], field[1], value(),
                    what.append("slot ").append(slot).append('@').append(field[0]));
            }
            case RECORD_LENGTH, RECORD_TYPE ->
            {
                final int index = random.nextInt(4) == 0 ?
                    random.nextInt(capacity) & ~(RecordDescriptor.ALIGNMENT - 1) :
                    recordIndexes[random.nextInt(recordIndexes.length)];
                final int offset = kind == Kind.RECORD_LENGTH ? RecordDescriptor.LENGTH_OFFSET :
                    RecordDescriptor.TYPE_OFFSET;
                put(headerLength + index + offset, 4, value(),
                    what.append(kind == Kind.RECORD_LENGTH ? "record length@" : "record type@").append(index));
            }
            case BIT_FLIP ->
            {
                final int flips = 1 + random.nextInt(8);
                what.append("flips");
                for (int i = 0; i < flips; i++)
                {
                    final int offset = random.nextInt(2) == 0 ? random.nextInt(headerLength) :
                        random.nextInt(Math.max(1, length));
                    bytes[offset] ^= (byte)(1 << random.nextInt(8));
                    what.append(' ').append(offset);
                }
            }
            case FILE_LENGTH ->
            {
                final int newLength = switch (random.nextInt(4))
                {
                    case 0 -> random.nextInt(headerLength + 1);
                    case 1 -> random.nextInt(pristine.length);
                    case 2 -> pristine.length + 1 + random.nextInt(pristine.length - 1);
                    default -> random.nextInt(2) == 0 ? pristine.length - 8 : pristine.length + 8;
                };
                if (newLength > length)
                {
                    Arrays.fill(bytes, length, newLength, (byte)0);
                }
                length = newLength;
                what.append("length ").append(newLength);
            }
            default -> throw new IllegalStateException(kind.name());
        }
    }

    private long value()
    {
        return switch (random.nextInt(4))
        {
            case 0, 1 -> interesting[random.nextInt(interesting.length)];
            case 2 -> random.nextLong();
            default -> interesting[random.nextInt(interesting.length)] + random.nextInt(33) - 16;
        };
    }

    private void put(final int offset, final int width, final long value, final StringBuilder what)
    {
        what.append('=').append(width == 4 ? Integer.toString((int)value) : Long.toString(value));
        if (width == 4)
        {
            view.putInt(offset, (int)value);
        }
        else
        {
            view.putLong(offset, value);
        }
    }
}
