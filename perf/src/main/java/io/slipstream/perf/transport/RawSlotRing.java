package io.slipstream.perf.transport;

import io.slipstream.perf.MessageSink;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The streaming floor: one-way, fixed-size slots in a mapped region, each announced by a sequence word, and the
 * reader's count of messages consumed for back-pressure. It is the least a shared-memory queue of many messages
 * in flight can do: no length or type header (every message has the run's length), no padding record at the wrap
 * (slots are fixed), one reader, no waiting support.
 * <pre>
 *   0          128                     128 + stride                    128 + slots * stride
 *   +----------+-----------------------+------ ... ------+--------------+
 *   | consumed | [seq + 1][payload]    | [seq + 1][payload] ...         |
 *   +----------+-----------------------+------ ... ------+--------------+
 *   consumed: messages the reader is done with, its own 128 B; stride = 8 + length rounded up to 8 B
 * </pre>
 * The writer copies the payload into slot {@code seq % slots}, then stores {@code seq + 1} in the slot's first word
 * with release semantics; the reader spins on that word, hands the payload out in place, then stores its count
 * with release semantics. The writer reads the count only when its cached copy says the ring is full.
 */
final class RawSlotRing
{
    static final int CONSUMED_OFFSET = 0;
    static final int SLOTS_OFFSET = 128;
    private static final int TARGET_SLOT_BYTES = 1 << 20;

    private final UnsafeBuffer buffer;
    private final int lengthBytes;
    private final int strideBytes;
    private final int slotMask;
    private long nextSeq;
    private long cachedConsumed;

    RawSlotRing(final UnsafeBuffer buffer, final int lengthBytes)
    {
        this.buffer = buffer;
        this.lengthBytes = lengthBytes;
        this.strideBytes = strideBytes(lengthBytes);
        final int slots = slotCount(lengthBytes);
        this.slotMask = slots - 1;
        if (buffer.capacity() < regionBytes(lengthBytes))
        {
            throw new IllegalArgumentException("region of " + buffer.capacity() + " B < " +
                regionBytes(lengthBytes) + " B needed for " + lengthBytes + " B messages");
        }
    }

    static int strideBytes(final int lengthBytes)
    {
        return BitUtil.align(Long.BYTES + lengthBytes, Long.BYTES);
    }

    /**
     * @return the number of slots: a power of two, at most 1 MiB of slots.
     */
    static int slotCount(final int lengthBytes)
    {
        return Math.max(2, Integer.highestOneBit(TARGET_SLOT_BYTES / strideBytes(lengthBytes)));
    }

    static long regionBytes(final int lengthBytes)
    {
        return SLOTS_OFFSET + (long)slotCount(lengthBytes) * strideBytes(lengthBytes);
    }

    /**
     * Writer side.
     *
     * @return false if the ring is full.
     */
    boolean offer(final DirectBuffer src, final int offset, final int length)
    {
        if (length != lengthBytes)
        {
            throw new IllegalArgumentException("fixed slots of " + lengthBytes + " B, offered " + length + " B");
        }
        final long seq = nextSeq;
        if (seq - cachedConsumed > slotMask)
        {
            cachedConsumed = buffer.getLongVolatile(CONSUMED_OFFSET);
            if (seq - cachedConsumed > slotMask)
            {
                return false;
            }
        }
        final int slot = slotOffset(seq);
        buffer.putBytes(slot + Long.BYTES, src, offset, length);
        // Release: the payload is visible before the word that announces it.
        buffer.putLongRelease(slot, seq + 1);
        nextSeq = seq + 1;
        return true;
    }

    /**
     * Reader side: hand the next message, if it has arrived, to {@code sink} in place.
     *
     * @return 1 if a message was delivered, else 0.
     */
    int poll(final MessageSink sink)
    {
        final long seq = nextSeq;
        final int slot = slotOffset(seq);
        if (buffer.getLongVolatile(slot) != seq + 1)
        {
            return 0;
        }
        sink.onMessage(buffer, slot + Long.BYTES, lengthBytes);
        nextSeq = seq + 1;
        // Release: the slot was read before the writer may reuse it.
        buffer.putLongRelease(CONSUMED_OFFSET, seq + 1);
        return 1;
    }

    private int slotOffset(final long seq)
    {
        return SLOTS_OFFSET + ((int)seq & slotMask) * strideBytes;
    }
}
