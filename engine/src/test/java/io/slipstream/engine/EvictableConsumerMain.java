package io.slipstream.engine;

import org.agrona.concurrent.IdleStrategy;

import java.nio.file.Path;

/**
 * Child process for {@link EvictionTest}: polls a ring, checking every {@link Payloads} message (none lost,
 * duplicated or torn), until the stream ends ({@code END received=<n>}) or its poll reports that the producer
 * evicted it ({@code EVICTED received=<n>}, counting the messages before that poll: the one that throws may have
 * handed over records overwritten during it). A wrong message prints {@code FAILED ...} and exits 3.
 * <p>
 * Arguments: directory stream capacityBytes maxMessageLength seed.
 */
public final class EvictableConsumerMain
{
    private EvictableConsumerMain()
    {
    }

    public static void main(final String[] args)
    {
        final RingContext context = new RingContext().directory(Path.of(args[0])).streamName(args[1])
            .capacityBytes(Integer.parseInt(args[2])).maxMessageLengthBytes(Integer.parseInt(args[3]));
        final SequenceVerifier verifier = new SequenceVerifier(Long.parseLong(args[4]), Integer.parseInt(args[3]));
        try (Subscription subscription = Subscription.open(context))
        {
            System.out.println("READY");
            System.out.flush();
            final IdleStrategy idle = WaitStrategy.BACKOFF.newIdleStrategy();
            long receivedBeforePoll = 0;
            try
            {
                while (!subscription.isEndOfStream() && verifier.failure == null)
                {
                    receivedBeforePoll = verifier.received;
                    idle.idle(subscription.poll(verifier, 64));
                }
            }
            catch (final ConsumerEvictedException ex)
            {
                // The poll that throws may have handed over records overwritten during it (the contract): only those
                // before it count, and every one of them was checked.
                System.out.println("EVICTED received=" + receivedBeforePoll + " isEvicted=" + subscription.isEvicted());
                System.out.flush();
                System.exit(0);
            }
            System.out.println(verifier.failure == null ? "END received=" + verifier.received :
                "FAILED " + verifier.failure);
            System.out.flush();
            System.exit(verifier.failure == null ? 0 : 3);
        }
    }
}
