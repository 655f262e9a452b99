package io.slipstream.engine;

import org.agrona.UnsafeApi;
import org.agrona.concurrent.AtomicBuffer;

import java.util.concurrent.ThreadLocalRandom;

import static io.slipstream.engine.RecordDescriptor.*;

/**
 * How a ring's records are laid out and committed, chosen when the ring is created and fixed for its life (see
 * {@link RecordDescriptor}): <em>packed</em> records, 8-byte aligned, committed by their length word, with the next
 * length word cleared before each commit; or <em>tagged lines</em>, 16-byte aligned, a record of up to a line
 * followed by the rest of its line (see {@link #frameLength}), committed by a 64-bit tag that names the record's
 * position, so nothing is cleared ahead.
 * <p>
 * A tag is the record's position XOR the ring's stamp, a random odd number drawn when the ring is created. A record
 * left from an earlier lap at the same index carries the tag of a position a whole number of laps earlier, so it
 * never matches; the tag is odd (positions of tagged records are multiples of 16), so a zeroed region never matches
 * either. Payload bytes of an earlier lap can hold any value: they match only if they equal this position's tag, a
 * value derived from the stamp, which no party ever writes as data. That is not impossible, only a chance of 2^-63
 * per check for bytes independent of the stamp; the packed format has no such chance at all.
 * <p>
 * Immutable; one per {@link RingFile}, from the header values {@link RingDescriptor#checkHeader} validated.
 */
public final class RecordFormat
{
    /** Packed records: 8-byte headers, 8-byte alignment, the length as the commit word. */
    public static final RecordFormat PACKED = new RecordFormat(false, 0);

    private final boolean tagged;
    private final long stamp;
    private final int headerLength;
    private final int alignmentMask;

    private RecordFormat(final boolean tagged, final long stamp)
    {
        this.tagged = tagged;
        this.stamp = stamp;
        this.headerLength = tagged ? TAGGED_HEADER_LENGTH : HEADER_LENGTH;
        this.alignmentMask = (tagged ? TAGGED_ALIGNMENT : ALIGNMENT) - 1;
    }

    /** Tagged lines with the given stamp (odd, as {@link #newStamp()} draws them). */
    public static RecordFormat taggedLines(final long stamp)
    {
        if ((stamp & 1) == 0)
        {
            throw new IllegalArgumentException("a tag stamp is odd: " + stamp);
        }
        return new RecordFormat(true, stamp);
    }

    /** A random odd stamp for a new ring with tagged lines. */
    static long newStamp()
    {
        return ThreadLocalRandom.current().nextLong() | 1;
    }

    /** Whether records are tagged lines (else packed). */
    public boolean isTagged()
    {
        return tagged;
    }

    /** The ring's tag stamp; 0 for packed records. */
    public long stamp()
    {
        return stamp;
    }

    /** Bytes before a record's payload: 8 packed, 16 tagged. */
    public int headerLength()
    {
        return headerLength;
    }

    /**
     * Bytes a record of this length (header included) takes in the ring when it starts at this position (or at a
     * data index, which has the same offset within its line). Packed: the length to 8 bytes. Tagged: a record of up
     * to a line runs to the end of the line it ends in, so the next record starts a fresh line and a small record
     * that starts a line never straddles two; a longer record, which spans lines whatever its start, runs to 16
     * bytes. Never more than a record that ends within the region can take: the region is whole lines.
     */
    public int frameLength(final long position, final int recordLength)
    {
        if (!tagged)
        {
            return (recordLength + alignmentMask) & ~alignmentMask;
        }
        final int start = (int)position & (LINE_ALIGNMENT - 1);
        final int endMask = recordLength <= LINE_ALIGNMENT ? LINE_ALIGNMENT - 1 : alignmentMask;
        return ((start + recordLength + endMask) & ~endMask) - start;
    }

    /** The alignment of record positions: 8 packed, 16 tagged. */
    public int alignment()
    {
        return alignmentMask + 1;
    }

    /** The commit word of a record of this length at this position: its length packed, its tag tagged. */
    long commitWord(final int recordLength, final long position)
    {
        return tagged ? stamp ^ position : recordLength;
    }

    /**
     * The length of the record committed at {@code position} (data index {@code index}), read with acquire order, so
     * the record's other bytes may then be read plainly; 0 if none is committed there yet. A tagged record whose
     * length word is 0 gives -1, which no bounds check accepts.
     */
    public int committedLength(final AtomicBuffer data, final int index, final long position)
    {
        data.boundsCheck(index, tagged ? TAGGED_HEADER_LENGTH : Integer.BYTES); // the words read below
        return committedLengthWithin(data, index, position);
    }

    /**
     * As {@link #committedLength}, without the buffer's bounds checks: only for an index the caller has proven to
     * start a whole record header within the region (a consumer's own position, aligned for this format).
     */
    int committedLengthWithin(final AtomicBuffer data, final int index, final long position)
    {
        final Object base = data.byteArray();
        final long address = data.addressOffset() + index;
        if (tagged)
        {
            if (UnsafeApi.getLongAcquire(base, address + TAG_OFFSET) != (stamp ^ position))
            {
                return 0;
            }
            final int length = UnsafeApi.getInt(base, address + LENGTH_OFFSET);
            return length != 0 ? length : -1;
        }
        return UnsafeApi.getIntAcquire(base, address + LENGTH_OFFSET);
    }

    /**
     * Stores a record's commit word (from {@link #commitWord}) after the rest of it: with release order, or, if
     * {@code fence}, as a volatile store whose full fence also orders it before later loads. Without the buffer's
     * bounds checks: the producer calls it only for a record it has placed within the region.
     */
    void storeCommitWord(final AtomicBuffer data, final int index, final long commitWord, final boolean fence)
    {
        final Object base = data.byteArray();
        final long address = data.addressOffset() + index;
        if (tagged)
        {
            if (fence)
            {
                UnsafeApi.putLongVolatile(base, address + TAG_OFFSET, commitWord);
            }
            else
            {
                UnsafeApi.putLongRelease(base, address + TAG_OFFSET, commitWord);
            }
        }
        else if (fence)
        {
            UnsafeApi.putIntVolatile(base, address + LENGTH_OFFSET, (int)commitWord);
        }
        else
        {
            UnsafeApi.putIntRelease(base, address + LENGTH_OFFSET, (int)commitWord);
        }
    }

    @Override
    public String toString()
    {
        return tagged ? "tagged lines" : "packed";
    }
}
