package io.slipstream.perf.jmh;

import io.slipstream.perf.core.Message;
import io.slipstream.perf.core.Verification;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * One side's check of the messages of a two-thread group, the check the harness's rounds and curves make
 * ({@link Message}): the producer writes each message's sequence number, and its filler and checksum when the
 * {@link Verification} checks that message; the consumer checks the sequence number of every message and the
 * checksum as the verification says, so a lost, duplicated, reordered or (sampled) corrupted message fails the trial.
 * Each side has its own instance, padded by the class chain so that the producer's and the consumer's sequence never
 * share a cache line (nor an adjacent-line prefetch pair).
 */
final class GroupMessageCheck extends GroupMessageCheckFields
{
    // 128 bytes after the fields, against whatever is allocated next.
    long p16;
    long p17;
    long p18;
    long p19;
    long p20;
    long p21;
    long p22;
    long p23;
    long p24;
    long p25;
    long p26;
    long p27;
    long p28;
    long p29;
    long p30;
    long p31;

    GroupMessageCheck(final Verification verification)
    {
        super(verification);
    }

    /**
     * Producer: make {@code buffer} the next message to offer, unless it already is (a refused offer is retried with
     * the same message, not written again).
     */
    void prepare(final MutableDirectBuffer buffer, final int lengthBytes)
    {
        if (encodedSeq != seq)
        {
            Message.encode(buffer, 0, lengthBytes, seq, verification);
            encodedSeq = seq;
        }
    }

    /**
     * Producer: the transport took the message {@link #prepare} made.
     */
    void sent()
    {
        seq++;
    }

    /**
     * Consumer: check that the message is the next one, of {@code expectedLength} bytes.
     *
     * @throws io.slipstream.perf.core.HarnessException naming what is wrong.
     */
    void receive(final DirectBuffer buffer, final int offset, final int length, final int expectedLength)
    {
        Message.verify(buffer, offset, length, expectedLength, seq, verification);
        seq++;
    }

    /**
     * @return the next sequence number: messages sent (producer) or received and checked (consumer).
     */
    long next()
    {
        return seq;
    }
}
