package io.slipstream.engine;

import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * Child process for {@link ZeroAllocationTest}: a consumer slower than the producer, so the producer spends much of
 * its run back-pressured (probing this consumer's lock). Checks each message's sequence number and length, prints
 * {@code DONE received=<n>} after {@code total} messages, or {@code FAILED ...} and exits 3.
 * <p>
 * Arguments: directory stream capacityBytes total.
 */
public final class SlowConsumerMain
{
    private SlowConsumerMain()
    {
    }

    public static void main(final String[] args)
    {
        final RingContext context = new RingContext().directory(Path.of(args[0])).streamName(args[1])
            .capacityBytes(Integer.parseInt(args[2])).consumerSlots(1);
        final long total = Long.parseLong(args[3]);
        final long[] next = new long[1];
        final String[] failure = new String[1];
        try (Subscription subscription = Subscription.open(context))
        {
            System.out.println("READY");
            System.out.flush();
            while (next[0] < total && failure[0] == null)
            {
                subscription.poll((typeId, buffer, offset, length) ->
                {
                    final long seq = buffer.getLong(offset);
                    if (seq != next[0] || length != ZeroAllocationTest.lengthOf(seq))
                    {
                        failure[0] = "message " + seq + " length " + length + " where " + next[0] + " was expected";
                    }
                    next[0]++;
                }, 64);
                if ((next[0] & 1023) == 0)
                {
                    LockSupport.parkNanos(200_000); // fall behind: the producer is back-pressured meanwhile
                }
            }
        }
        System.out.println(failure[0] == null ? "DONE received=" + next[0] : "FAILED " + failure[0]);
        System.out.flush();
        System.exit(failure[0] == null ? 0 : 3);
    }
}
