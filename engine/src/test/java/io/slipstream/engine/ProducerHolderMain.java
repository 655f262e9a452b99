package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Child process for {@link ProducerExclusionTest}: opens the ring as its producer, sends {@code count}
 * {@link Payloads} messages, claims space for one more and writes it without committing, prints
 * {@code HOLDING committed=<position>} and holds the ring until its stdin closes or it is killed.
 * <p>
 * Arguments: directory stream capacityBytes maxMessageLength consumerSlots count seed.
 */
public final class ProducerHolderMain
{
    private ProducerHolderMain()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final RingContext context = RingProducerMain.contextFrom(args);
        final long count = Long.parseLong(args[5]);
        final long seed = Long.parseLong(args[6]);
        final Publication publication = Publication.open(context);
        final UnsafeBuffer scratch = new UnsafeBuffer(ByteBuffer.allocateDirect(publication.maxMessageLength()));
        for (long seq = 0; seq < count; seq++)
        {
            final long hash = Payloads.hash(seed, seq);
            final int length = Payloads.length(hash, publication.maxMessageLength());
            Payloads.fill(scratch, 0, length, seq, hash);
            final long result = publication.offer(scratch, 0, length, Payloads.typeId(hash));
            if (result <= 0)
            {
                throw new IllegalStateException("message " + seq + " refused with code " + result);
            }
        }
        final long committed = publication.position();
        // A claim written but never committed: whoever takes over must not expose it.
        final long hash = Payloads.hash(seed, count);
        final int length = publication.maxMessageLength();
        final RecordClaim claim = new RecordClaim();
        if (publication.tryClaim(length, Payloads.typeId(hash), claim) <= 0)
        {
            throw new IllegalStateException("claim refused");
        }
        Payloads.fill(claim.buffer(), claim.offset(), length, count, hash);
        System.out.println("HOLDING pid=" + ProcessHandle.current().pid() + " committed=" + committed);
        System.out.flush();
        while (System.in.read() != -1)
        {
            // Hold the ring until the test closes stdin or kills this process.
        }
    }
}
