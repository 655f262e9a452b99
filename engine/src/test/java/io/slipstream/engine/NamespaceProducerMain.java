package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Child process for {@link KernelLivenessTest}, run in its own pid namespace: opens the ring as its producer, sends
 * {@code count} {@link Payloads} messages (waiting while back-pressured, so its dead-consumer check runs against
 * consumers outside its namespace), prints {@code SENT pid=<its own pid> released=<slots it freed>
 * evicted=<consumers it evicted>}, and holds the ring until its stdin closes or it is killed.
 * <p>
 * Arguments: directory stream capacityBytes maxMessageLength consumerSlots count seed.
 */
public final class NamespaceProducerMain
{
    private NamespaceProducerMain()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final RingContext context = RingProducerMain.contextFrom(args);
        final long count = Long.parseLong(args[5]);
        final long seed = Long.parseLong(args[6]);
        final Publication publication = Publication.open(context);
        System.out.println("OPEN pid=" + ProcessHandle.current().pid());
        System.out.flush();
        final UnsafeBuffer scratch = new UnsafeBuffer(ByteBuffer.allocateDirect(publication.maxMessageLength()));
        for (long seq = 0; seq < count; seq++)
        {
            final long hash = Payloads.hash(seed, seq);
            final int length = Payloads.length(hash, publication.maxMessageLength());
            Payloads.fill(scratch, 0, length, seq, hash);
            final long result = publication.offer(scratch, 0, length, Payloads.typeId(hash),
                WaitStrategy.BACKOFF.newIdleStrategy());
            if (result <= 0)
            {
                throw new IllegalStateException("message " + seq + " refused with code " + result);
            }
        }
        System.out.println("SENT pid=" + ProcessHandle.current().pid() + " released=" +
            publication.releasedConsumers() + " evicted=" + publication.evictedConsumers());
        System.out.flush();
        while (System.in.read() != -1)
        {
            // Hold the ring until the test closes stdin or kills this process.
        }
    }
}
