package io.slipstream.engine;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Checks that {@link Payloads} messages arrive complete and in order, none lost and none duplicated: message n must
 * be exactly what a producer with the same seed sent as its n-th. Records the first mismatch.
 */
final class SequenceVerifier implements RecordHandler
{
    private final long seed;
    private final int maxMessageLength;
    private final UnsafeBuffer expected;
    long received;
    String failure;

    SequenceVerifier(final long seed, final int maxMessageLength)
    {
        this.seed = seed;
        this.maxMessageLength = maxMessageLength;
        this.expected = new UnsafeBuffer(new byte[Math.max(1, maxMessageLength)]);
    }

    @Override
    public void onMessage(final int typeId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (failure != null)
        {
            return;
        }
        final long hash = Payloads.hash(seed, received);
        final int expectedLength = Payloads.length(hash, maxMessageLength);
        if (length != expectedLength || typeId != Payloads.typeId(hash))
        {
            failure = "message " + received + ": length " + length + " type " + typeId + ", expected length " +
                expectedLength + " type " + Payloads.typeId(hash);
            return;
        }
        Payloads.fill(expected, 0, expectedLength, received, hash);
        for (int i = 0; i < length; i++)
        {
            if (buffer.getByte(offset + i) != expected.getByte(i))
            {
                failure = "message " + received + ": byte " + i + " differs (lost, duplicated or torn)";
                return;
            }
        }
        received++;
    }
}
