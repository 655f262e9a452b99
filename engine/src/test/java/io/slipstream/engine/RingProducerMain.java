package io.slipstream.engine;

import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Child process: the producer of {@link MultiProcessTest}. Sends {@code count} {@link Payloads} messages, each by
 * offer or tryClaim as its hash says, then closes the publication (end of stream).
 * <p>
 * Arguments: directory stream capacityBytes maxMessageLength consumerSlots count seed.
 */
public final class RingProducerMain
{
    private RingProducerMain()
    {
    }

    public static void main(final String[] args)
    {
        final RingContext context = contextFrom(args);
        final long count = Long.parseLong(args[5]);
        final long seed = Long.parseLong(args[6]);
        final long startNs = System.nanoTime();
        long claims = 0;
        try (Publication publication = Publication.open(context))
        {
            System.out.println("OPEN pid=" + ProcessHandle.current().pid());
            System.out.flush();
            final int maxMessageLength = publication.maxMessageLength();
            final UnsafeBuffer scratch = new UnsafeBuffer(ByteBuffer.allocateDirect(Math.max(1, maxMessageLength)));
            final RecordClaim claim = new RecordClaim();
            final IdleStrategy idle = WaitStrategy.YIELDING.newIdleStrategy();
            for (long seq = 0; seq < count; seq++)
            {
                final long hash = Payloads.hash(seed, seq);
                final int length = Payloads.length(hash, maxMessageLength);
                final int typeId = Payloads.typeId(hash);
                final long result;
                if (Payloads.useClaim(hash))
                {
                    long claimed;
                    idle.reset();
                    while ((claimed = publication.tryClaim(length, typeId, claim)) == Publication.BACK_PRESSURED)
                    {
                        idle.idle();
                    }
                    if (claimed > 0)
                    {
                        Payloads.fill(claim.buffer(), claim.offset(), length, seq, hash);
                        claim.commit();
                        claims++;
                    }
                    result = claimed;
                }
                else
                {
                    Payloads.fill(scratch, 0, length, seq, hash);
                    result = publication.offer(scratch, 0, length, typeId, idle);
                }
                if (result <= 0)
                {
                    throw new IllegalStateException("message " + seq + " refused with code " + result);
                }
            }
            System.out.println("DONE sent=" + count + " claims=" + claims + " position=" + publication.position() +
                " ms=" + (System.nanoTime() - startNs) / 1_000_000);
            System.out.flush();
        }
    }

    static RingContext contextFrom(final String[] args)
    {
        return new RingContext()
            .directory(Path.of(args[0]))
            .streamName(args[1])
            .capacityBytes(Integer.parseInt(args[2]))
            .maxMessageLengthBytes(Integer.parseInt(args[3]))
            .consumerSlots(Integer.parseInt(args[4]));
    }
}
