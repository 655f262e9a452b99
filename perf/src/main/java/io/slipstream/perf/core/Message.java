package io.slipstream.perf.core;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The test message: a sequence number, a checksum over everything else, then filler derived from the sequence.
 * <pre>
 *   0       8          16                 length
 *   +-------+----------+------ ... -------+
 *   |  seq  | checksum |  filler(seq)     |
 *   +-------+----------+------ ... -------+
 * </pre>
 * Both ends check every message's sequence number, so a lost, duplicated or reordered message fails the run; the
 * checksum, which also catches a torn or corrupted one, is written and checked on every message or on a sample
 * ({@link Verification}).
 */
public final class Message
{
    public static final int SEQ_OFFSET = 0;
    public static final int CHECKSUM_OFFSET = 8;
    public static final int FILLER_OFFSET = 16;
    public static final int MIN_LENGTH = FILLER_OFFSET;

    private static final long SEED = 0xCBF29CE484222325L;
    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;

    private Message()
    {
    }

    /**
     * Write message {@code seq} of {@code length} bytes at {@code offset}, filler and checksum included.
     */
    public static void encode(final MutableDirectBuffer buffer, final int offset, final int length, final long seq)
    {
        encode(buffer, offset, length, seq, Verification.FULL);
    }

    /**
     * Write message {@code seq}: its sequence number, and its filler and checksum when {@code verification} checks
     * this message's checksum (otherwise the rest of the buffer is left as it was).
     */
    public static void encode(
        final MutableDirectBuffer buffer, final int offset, final int length, final long seq,
        final Verification verification)
    {
        if (!verification.checksums(seq))
        {
            buffer.putLong(offset + SEQ_OFFSET, seq);
            return;
        }
        buffer.putLong(offset + SEQ_OFFSET, seq);
        int i = FILLER_OFFSET;
        for (; i + Long.BYTES <= length; i += Long.BYTES)
        {
            buffer.putLong(offset + i, seq * MULTIPLIER + i);
        }
        for (; i < length; i++)
        {
            buffer.putByte(offset + i, (byte)(seq + i));
        }
        buffer.putLong(offset + CHECKSUM_OFFSET, checksum(buffer, offset, length));
    }

    /**
     * Check that the message at {@code offset} is intact and is message {@code expectedSeq}, checksum included.
     *
     * @throws HarnessException naming what is wrong.
     */
    public static void verify(
        final DirectBuffer buffer, final int offset, final int length, final int expectedLength, final long expectedSeq)
    {
        verify(buffer, offset, length, expectedLength, expectedSeq, Verification.FULL);
    }

    /**
     * Check that the message at {@code offset} has the expected length and is message {@code expectedSeq}, and
     * that it is intact when {@code verification} checks this message's checksum.
     *
     * @throws HarnessException naming what is wrong.
     */
    public static void verify(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int expectedLength,
        final long expectedSeq,
        final Verification verification)
    {
        if (length != expectedLength)
        {
            throw new HarnessException(
                "message " + expectedSeq + ": length " + length + " B, expected " + expectedLength + " B");
        }
        final long seq = buffer.getLong(offset + SEQ_OFFSET);
        if (seq != expectedSeq)
        {
            throw new HarnessException("expected message " + expectedSeq + " but received " + seq +
                (seq > expectedSeq ? " (" + (seq - expectedSeq) + " lost)" : " (duplicate or reordered)"));
        }
        if (!verification.checksums(seq))
        {
            return;
        }
        final long checksum = buffer.getLong(offset + CHECKSUM_OFFSET);
        final long computed = checksum(buffer, offset, length);
        if (checksum != computed)
        {
            throw new HarnessException("message " + seq + " corrupted: checksum " + Long.toHexString(checksum) +
                ", computed " + Long.toHexString(computed));
        }
    }

    static long checksum(final DirectBuffer buffer, final int offset, final int length)
    {
        long hash = mix(SEED, length);
        hash = mix(hash, buffer.getLong(offset + SEQ_OFFSET));
        int i = FILLER_OFFSET;
        for (; i + Long.BYTES <= length; i += Long.BYTES)
        {
            hash = mix(hash, buffer.getLong(offset + i));
        }
        for (; i < length; i++)
        {
            hash = mix(hash, buffer.getByte(offset + i));
        }
        return hash;
    }

    private static long mix(final long hash, final long value)
    {
        final long h = (hash ^ value) * MULTIPLIER;
        return h ^ (h >>> 29);
    }
}
