package io.slipstream.perf.transport;

import io.slipstream.perf.core.MessageSink;
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
 *   consumed: messages the reader is done with, its own 128 B
 *   stride: 8 + length rounded up to 8 B, or to 64 B when every message takes fresh cache lines
 * </pre>
 * The writer copies the payload into slot {@code seq % slots}, then stores {@code seq + 1} in the slot's first word
 * with release semantics; the reader spins on that word, hands the payload out in place, then stores its count
 * with release semantics: after every message, or (batched) after every {@link #BATCH_MESSAGES}th message and
 * whenever it finds the ring empty with messages not yet counted, so a full ring is always released. The writer
 * reads the count only when its cached copy says the ring is full.
 */
final class RawSlotRing
{
    static final int CONSUMED_OFFSET = 0;
    static final int SLOTS_OFFSET = 128;
    /** With batched consumer stores: the count is stored at least once per this many messages. */
    static final int BATCH_MESSAGES = 64;
    private static final int TARGET_SLOT_BYTES = 1 << 20;

    private final UnsafeBuffer buffer;
    private final int lengthBytes;
    private final int strideBytes;
    private final int slotMask;
    private final boolean batchedStores;
    private long nextSeq;
    private long cachedConsumed;
    private long storedConsumed;

    /**
     * Slots 8 B aligned, the consumer's count stored after every message.
     */
    RawSlotRing(final UnsafeBuffer buffer, final int lengthBytes)
    {
        this(buffer, lengthBytes, false, false);
    }

    /**
     * @param lineAligned   whether each slot starts a cache line (a fresh line per message).
     * @param batchedStores whether the consumer stores its count once per {@link #BATCH_MESSAGES} messages (and
     *                      on finding the ring empty) rather than after every message.
     */
    RawSlotRing(
        final UnsafeBuffer buffer, final int lengthBytes, final boolean lineAligned, final boolean batchedStores)
    {
        this.buffer = buffer;
        this.lengthBytes = lengthBytes;
        this.strideBytes = strideBytes(lengthBytes, lineAligned);
        this.slotMask = slotCount(lengthBytes, lineAligned) - 1;
        this.batchedStores = batchedStores;
        if (buffer.capacity() < regionBytes(lengthBytes, lineAligned))
        {
            throw new IllegalArgumentException("region of " + buffer.capacity() + " B < " +
                regionBytes(lengthBytes, lineAligned) + " B needed for " + lengthBytes + " B messages");
        }
    }

    static int strideBytes(final int lengthBytes)
    {
        return strideBytes(lengthBytes, false);
    }

    static int strideBytes(final int lengthBytes, final boolean lineAligned)
    {
        return BitUtil.align(Long.BYTES + lengthBytes, lineAligned ? BitUtil.CACHE_LINE_LENGTH : Long.BYTES);
    }

    /**
     * @return the number of slots: a power of two, at most 1 MiB of slots.
     */
    static int slotCount(final int lengthBytes)
    {
        return slotCount(lengthBytes, false);
    }

    static int slotCount(final int lengthBytes, final boolean lineAligned)
    {
        return Math.max(2, Integer.highestOneBit(TARGET_SLOT_BYTES / strideBytes(lengthBytes, lineAligned)));
    }

    static long regionBytes(final int lengthBytes)
    {
        return regionBytes(lengthBytes, false);
    }

    static long regionBytes(final int lengthBytes, final boolean lineAligned)
    {
        return SLOTS_OFFSET + (long)slotCount(lengthBytes, lineAligned) * strideBytes(lengthBytes, lineAligned);
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
            if (storedConsumed != seq)
            {
                // Batched: nothing to read, so hand back what was read before the writer can wait for it.
                storeConsumed(seq);
            }
            return 0;
        }
        sink.onMessage(buffer, slot + Long.BYTES, lengthBytes);
        nextSeq = seq + 1;
        if (!batchedStores || ((seq + 1) & (BATCH_MESSAGES - 1)) == 0)
        {
            storeConsumed(seq + 1);
        }
        return 1;
    }

    private void storeConsumed(final long consumed)
    {
        // Release: the slots were read before the writer may reuse them.
        buffer.putLongRelease(CONSUMED_OFFSET, consumed);
        storedConsumed = consumed;
    }

    private int slotOffset(final long seq)
    {
        return SLOTS_OFFSET + ((int)seq & slotMask) * strideBytes;
    }
}
