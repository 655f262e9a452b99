package io.slipstream.engine;

import java.nio.file.Path;

import static io.slipstream.engine.RecordDescriptor.*;

/**
 * What a consumer of a ring checks and decides as it reads, shared by {@link Subscription} and {@link ReadAhead}: a
 * record header from the shared file is used only if it is within bounds, and consumed space goes back to the
 * producer in batches.
 */
final class ConsumerRecords
{
    private ConsumerRecords()
    {
    }

    /**
     * Whether a record header read at {@code index} is usable: at least a header long, within the region, and no
     * longer than the ring's largest record unless it is padding. {@code capacity - index} cannot overflow
     * ({@code 0 <= index < capacity}), and a length within it aligns within it too, so a hostile length can neither
     * wrap an int nor move the position backwards.
     */
    static boolean isValid(final int index, final int recordLength, final int typeId, final int capacity,
        final int headerLength, final int maxRecordLength)
    {
        return recordLength >= headerLength && recordLength <= capacity - index &&
            (recordLength <= maxRecordLength || typeId == PADDING_TYPE_ID);
    }

    /** The error for a record header that is not {@link #isValid}. */
    static RingFileException corrupt(final Path path, final long position, final int recordLength,
        final int capacity, final int headerLength, final int maxRecordLength)
    {
        return new RingFileException(path + ": corrupt record at position " + position + ": length " + recordLength +
            " (record lengths are in [" + headerLength + ", " + maxRecordLength + "] and end within the " +
            capacity + "-byte region)");
    }

    /**
     * How far a consumer's position may run ahead of the one it has given back to the producer: an eighth of the
     * ring, at most {@link Subscription#MAX_POSITION_BATCH_BYTES}.
     */
    static int positionBatchBytes(final int capacity)
    {
        return Math.min(Subscription.MAX_POSITION_BATCH_BYTES, capacity / 8);
    }

    /**
     * The batching rule: give the position back if it moved and either the poll reached the end of what is committed
     * (or ended abnormally) or it is a batch past what was given back. A consumer is idle only after a poll that
     * reached the end, so it never idles, or sleeps, holding back space it has consumed.
     */
    static boolean mustGiveBack(final long position, final long publishedPosition, final boolean reachedEnd,
        final int batchBytes)
    {
        return position != publishedPosition && (reachedEnd || position - publishedPosition >= batchBytes);
    }
}
