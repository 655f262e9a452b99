package io.slipstream.jcstress;

import io.slipstream.engine.RecordDescriptor;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;

import static io.slipstream.engine.RecordDescriptor.HEADER_LENGTH;
import static io.slipstream.engine.RecordDescriptor.LENGTH_OFFSET;
import static io.slipstream.engine.RecordDescriptor.TYPE_OFFSET;

/**
 * One record slot of off-heap memory for the negative controls, which need a deliberately broken writer and so
 * cannot use the real {@link io.slipstream.engine.Publication}. The reader, {@link #read}, mirrors
 * {@link io.slipstream.engine.Subscription#poll}: {@code getIntAcquire} of the commit word, then type and payload
 * with plain reads. Pooled like {@link RingPair}; each trial starts from what a ring slot looks like at the producer
 * position after a lap: a zero commit word over a previous lap's type and payload.
 */
final class MirrorSlot
{
    static final int RECORD_LENGTH = RingPair.RECORD_LENGTH;
    static final int MESSAGE_LENGTH = RingPair.MESSAGE_LENGTH;

    private static final ConcurrentLinkedQueue<MirrorSlot> POOL = new ConcurrentLinkedQueue<>();

    /** The record, 64-byte aligned, and room for the next record's commit word. */
    final UnsafeBuffer data;
    /** This trial's payload, the source of the writer's putBytes as in Publication.offer. */
    final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(MESSAGE_LENGTH));
    private long sequence;
    long expected0;
    long expected1;

    private MirrorSlot()
    {
        final ByteBuffer memory = ByteBuffer.allocateDirect(256).alignedSlice(64);
        data = new UnsafeBuffer(memory, 0, 128);
    }

    static MirrorSlot acquire()
    {
        MirrorSlot slot = POOL.poll();
        if (slot == null)
        {
            slot = new MirrorSlot();
        }
        slot.begin();
        return slot;
    }

    private void begin()
    {
        // The previous lap's record, committed then overwritten up to the commit word, which the producer cleared.
        data.putInt(TYPE_OFFSET, RingPair.TYPE_ID);
        data.putLong(HEADER_LENGTH, expected0);
        data.putLong(HEADER_LENGTH + 8, expected1);
        data.putInt(LENGTH_OFFSET, 0);
        sequence++;
        expected0 = 0x5A5A_0000_0000_0001L ^ (sequence << 8);
        expected1 = ~expected0 ^ 0x00FF_00FF_00FF_00FFL;
        message.putLong(0, expected0);
        message.putLong(8, expected1);
    }

    /**
     * Reads like {@link io.slipstream.engine.Subscription#poll}: acquire the commit word, then the payload.
     * Writes r1 = length seen, r2 = {@link RingPair#PAYLOAD_NONE}, {@link RingPair#PAYLOAD_FULL} or
     * {@link RingPair#PAYLOAD_STALE}.
     */
    void read(final org.openjdk.jcstress.infra.results.II_Result r)
    {
        final int recordLength = data.getIntAcquire(LENGTH_OFFSET);
        if (recordLength == 0)
        {
            r.r1 = 0;
            r.r2 = RingPair.PAYLOAD_NONE;
            return;
        }
        final int typeId = data.getInt(TYPE_OFFSET);
        final boolean full = typeId == RingPair.TYPE_ID && recordLength == RECORD_LENGTH &&
            data.getLong(HEADER_LENGTH) == expected0 && data.getLong(HEADER_LENGTH + 8) == expected1;
        r.r1 = recordLength;
        r.r2 = full ? RingPair.PAYLOAD_FULL : RingPair.PAYLOAD_STALE;
    }

    void release()
    {
        POOL.offer(this);
    }

    static int alignedRecordLength()
    {
        return RecordDescriptor.alignedLength(RECORD_LENGTH);
    }
}
