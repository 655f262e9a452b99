package io.slipstream.engine;

/**
 * Layout of a record in a ring's data region, in one of two formats fixed when the ring is created
 * ({@link RecordFormat}).
 * <p>
 * <b>Packed</b> (the default): records follow one another every 8 bytes.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |  Record length incl. header (the commit word, 0 = not ready)  |
 *  +---------------------------------------------------------------+
 *  |  Type id (PADDING_TYPE_ID for padding and aborted claims)     |
 *  +---------------------------------------------------------------+
 *  |  Payload ...                                          pad to 8
 *  +---------------------------------------------------------------+
 * </pre>
 * The length is the commit word: the producer writes type and payload, clears the length word of the <em>next</em>
 * record, then stores this record's length with release order. A consumer that reads a non-zero length with acquire
 * order therefore sees the whole payload, and the word after it is either zero or a later committed record, never a
 * stale record from the previous lap.
 * <p>
 * <b>Tagged lines</b> ({@link RingContext#lineAlignedRecords}): records start 16-byte aligned; one of up to a 64-byte
 * line (a payload of up to 48 bytes) takes the rest of the line it ends in, so the next starts a fresh line, and a
 * stream of small records takes a line each and never straddles two. A longer record runs to 16 bytes
 * ({@link RecordFormat#frameLength}).
 * <pre>
 *  +---------------------------------------------------------------+
 *  |  Record length incl. header                                   |
 *  +---------------------------------------------------------------+
 *  |  Type id                                                      |
 *  +---------------------------------------------------------------+
 *  |  Tag: position XOR the ring's stamp (the commit word)         |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |  Payload ...                      to the line's end, or pad to 16
 *  +---------------------------------------------------------------+
 * </pre>
 * The producer writes length, type and payload, then stores the tag with release order. A consumer at position P
 * takes the record as committed when the tag it reads with acquire order is P's; whatever an earlier lap left there
 * carries another position's tag, so nothing is cleared ahead (see {@link RecordFormat} for what "never" means).
 * <p>
 * In both formats a record never wraps: the space left at the end of the region is filled with a padding record.
 */
public final class RecordDescriptor
{
    public static final int LENGTH_OFFSET = 0;
    public static final int TYPE_OFFSET = 4;
    public static final int HEADER_LENGTH = 8;
    public static final int ALIGNMENT = 8;
    /** Offset of the tag of a tagged record. */
    public static final int TAG_OFFSET = 8;
    /** Header length of a tagged record. */
    public static final int TAGGED_HEADER_LENGTH = 16;
    /** Alignment of tagged records' positions. */
    public static final int TAGGED_ALIGNMENT = 16;
    /** A cache line: a tagged record of up to a line is followed by the rest of the line it ends in. */
    public static final int LINE_ALIGNMENT = 64;
    /** Type id of padding records, which consumers skip; user type ids must differ from it. */
    public static final int PADDING_TYPE_ID = -1;

    private RecordDescriptor()
    {
    }

    public static int alignedLength(final int recordLength)
    {
        return (recordLength + ALIGNMENT - 1) & ~(ALIGNMENT - 1);
    }
}
