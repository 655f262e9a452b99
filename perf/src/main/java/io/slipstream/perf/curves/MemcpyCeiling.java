package io.slipstream.perf.curves;

import org.agrona.BitUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * The ceiling of the size curve: one thread copying the same bytes a transport moves, message after message, into a
 * ring-sized region ({@code UnsafeBuffer.putBytes}), with no second thread, no framing and no check. No transport
 * can carry bytes between two processes faster than this thread copies them.
 */
final class MemcpyCeiling
{
    /** The destination: the size of the transports' rings, so large copies leave the cache as theirs do. */
    static final int REGION_BYTES = 1 << 20;

    private MemcpyCeiling()
    {
    }

    /**
     * @return messages per second copying {@code messages} copies of {@code sizeBytes} after {@code warmup} copies.
     */
    static double messagesPerSecond(final int sizeBytes, final long warmup, final long messages)
    {
        final int strideBytes = BitUtil.align(sizeBytes, BitUtil.CACHE_LINE_LENGTH);
        final int regionBytes = Math.max(REGION_BYTES, 2 * strideBytes);
        final UnsafeBuffer source = new UnsafeBuffer(
            ByteBuffer.allocateDirect(strideBytes + BitUtil.CACHE_LINE_LENGTH).alignedSlice(BitUtil.CACHE_LINE_LENGTH));
        final UnsafeBuffer region = new UnsafeBuffer(
            ByteBuffer.allocateDirect(regionBytes + BitUtil.CACHE_LINE_LENGTH).alignedSlice(BitUtil.CACHE_LINE_LENGTH));
        source.setMemory(0, sizeBytes, (byte)7);
        region.setMemory(0, regionBytes, (byte)0);
        copy(source, region, sizeBytes, strideBytes, warmup);
        final long startNs = System.nanoTime();
        final long checksum = copy(source, region, sizeBytes, strideBytes, messages);
        final long elapsedNs = System.nanoTime() - startNs;
        if (checksum == Long.MIN_VALUE)
        {
            System.out.print(""); // keeps the reads of the copies alive
        }
        return messages * 1e9 / Math.max(1, elapsedNs);
    }

    private static long copy(
        final UnsafeBuffer source, final UnsafeBuffer region, final int sizeBytes, final int strideBytes,
        final long messages)
    {
        final int capacity = region.capacity() - strideBytes;
        int offset = 0;
        long checksum = 0;
        for (long i = 0; i < messages; i++)
        {
            source.putLong(0, i);
            region.putBytes(offset, source, 0, sizeBytes);
            checksum += region.getByte(offset + sizeBytes - 1);
            offset += strideBytes;
            if (offset > capacity)
            {
                offset = 0;
            }
        }
        return checksum;
    }
}
