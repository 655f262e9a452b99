package io.slipstream.engine;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Test messages that can be checked without shared state: everything about message {@code seq} (length, type id,
 * offer or claim, content) follows from {@code hash(seed, seq)}. A message of at least {@link #HEADER_LENGTH} bytes
 * carries its sequence number and a 64-bit checksum of the rest; a shorter one carries a pattern derived from the
 * sequence number, which the consumer checks byte by byte.
 */
final class Payloads
{
    static final int HEADER_LENGTH = 16;
    static final int SEQ_OFFSET = 0;
    static final int CHECKSUM_OFFSET = 8;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Payloads()
    {
    }

    static long hash(final long seed, final long seq)
    {
        return mix(seed + seq * GOLDEN);
    }

    static int length(final long hash, final int maxMessageLength)
    {
        return (int)Long.remainderUnsigned(hash, maxMessageLength + 1L);
    }

    /** A type id in [1, 32]: never the padding id. */
    static int typeId(final long hash)
    {
        return 1 + (int)(hash >>> 59);
    }

    static boolean useClaim(final long hash)
    {
        return (hash & (1L << 40)) != 0;
    }

    static void fill(final MutableDirectBuffer buffer, final int offset, final int length, final long seq,
        final long hash)
    {
        if (length < HEADER_LENGTH)
        {
            for (int i = 0; i < length; i++)
            {
                buffer.putByte(offset + i, shortByte(seq, hash, i));
            }
            return;
        }
        buffer.putLong(offset + SEQ_OFFSET, seq);
        long value = hash;
        int i = HEADER_LENGTH;
        for (; i + 8 <= length; i += 8)
        {
            buffer.putLong(offset + i, value);
            value += GOLDEN;
        }
        for (; i < length; i++)
        {
            buffer.putByte(offset + i, (byte)(value >>> ((i & 7) * 8)));
        }
        buffer.putLong(offset + CHECKSUM_OFFSET, checksum(buffer, offset + HEADER_LENGTH, length - HEADER_LENGTH));
    }

    /** Byte {@code i} of a message shorter than the header: the sequence number then the hash, little-endian. */
    static byte shortByte(final long seq, final long hash, final int i)
    {
        return (byte)((i < 8 ? seq : hash) >>> ((i & 7) * 8));
    }

    static long checksum(final DirectBuffer buffer, final int offset, final int length)
    {
        long checksum = 0xCBF29CE484222325L ^ length;
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            checksum = (checksum ^ buffer.getLong(offset + i)) * GOLDEN;
            checksum ^= checksum >>> 29;
        }
        for (; i < length; i++)
        {
            checksum = (checksum ^ (buffer.getByte(offset + i) & 0xFF)) * GOLDEN;
            checksum ^= checksum >>> 29;
        }
        return mix(checksum);
    }

    static long mix(final long value)
    {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
