package io.slipstream.engine;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Space claimed in a ring by {@link Publication#tryClaim}: write the message at {@link #offset()} of
 * {@link #buffer()}, then {@link #commit()} or {@link #abort()} exactly once. Reusable: allocate one per producer.
 * <p>
 * The buffer covers the claimed record's payload and nothing else, so a write outside the claim fails with an
 * {@link IndexOutOfBoundsException} instead of reaching a neighbouring record. Once the claim is finished, or its
 * publication closed (which withdraws an unfinished claim), the buffer covers nothing: a late write fails the same
 * way instead of touching unmapped memory, and {@link #commit()} throws {@link IllegalStateException}.
 */
public final class RecordClaim
{
    private static final byte[] NOTHING = new byte[0];

    private final UnsafeBuffer buffer = new UnsafeBuffer(NOTHING);
    private Publication publication;
    private int index;
    private int length;
    private long commitWord;
    private long endPosition;

    void wrap(final Publication publication, final UnsafeBuffer data, final int index, final int headerLength,
        final int length, final long commitWord, final long endPosition)
    {
        this.publication = publication;
        this.index = index;
        this.length = length;
        this.commitWord = commitWord;
        this.endPosition = endPosition;
        buffer.wrap(data, index + headerLength, length);
    }

    /** Called by a closing publication: the claim can no longer be finished, and its buffer covers nothing. */
    void withdraw()
    {
        publication = null;
        buffer.wrap(NOTHING);
    }

    /** The claimed payload: write between {@link #offset()} and {@code offset() + length()}. */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /** Where the payload starts in {@link #buffer()}: always 0, the buffer being bounded to the claim. */
    public int offset()
    {
        return 0;
    }

    public int length()
    {
        return length;
    }

    /** Makes the message visible to consumers. */
    public void commit()
    {
        finish().commit(index, commitWord, endPosition);
    }

    /** Withdraws the message: consumers skip it. */
    public void abort()
    {
        finish().abort(index, commitWord, endPosition);
    }

    private Publication finish()
    {
        final Publication publication = this.publication;
        if (publication == null)
        {
            throw new IllegalStateException("no claim to finish: commit or abort once per successful tryClaim, " +
                "before the publication is closed");
        }
        withdraw();
        publication.claimFinished();
        return publication;
    }
}
