package io.slipstream.engine;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Space claimed in a ring by {@link Publication#tryClaim}: write the message at {@link #offset()} of
 * {@link #buffer()}, then {@link #commit()} or {@link #abort()} exactly once. Reusable: allocate one per producer.
 */
public final class RecordClaim
{
    private Publication publication;
    private UnsafeBuffer buffer;
    private int index;
    private int recordLength;
    private long endPosition;

    void wrap(final Publication publication, final UnsafeBuffer buffer, final int index, final int recordLength,
        final long endPosition)
    {
        this.publication = publication;
        this.buffer = buffer;
        this.index = index;
        this.recordLength = recordLength;
        this.endPosition = endPosition;
    }

    /** The ring's data region; write between {@link #offset()} and {@code offset() + length()}. */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    public int offset()
    {
        return index + RecordDescriptor.HEADER_LENGTH;
    }

    public int length()
    {
        return recordLength - RecordDescriptor.HEADER_LENGTH;
    }

    /** Makes the message visible to consumers. */
    public void commit()
    {
        finish().commit(index, recordLength, endPosition);
    }

    /** Withdraws the message: consumers skip it. */
    public void abort()
    {
        finish().abort(index, recordLength, endPosition);
    }

    private Publication finish()
    {
        final Publication publication = this.publication;
        if (publication == null)
        {
            throw new IllegalStateException("no claim to finish: commit or abort once per successful tryClaim");
        }
        this.publication = null;
        return publication;
    }
}
