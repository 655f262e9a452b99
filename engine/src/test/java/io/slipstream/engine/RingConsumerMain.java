package io.slipstream.engine;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;

/**
 * Child process: a consumer of {@link MultiProcessTest}. Verifies every message (sequence, length, type id, checksum
 * or pattern), then reads to end of stream to make sure nothing follows the last one. Prints {@code JOINED} once it
 * holds its slot, and {@code OK ...} at the end (exit 0), or {@code FAIL} and the first error (exit 1).
 * <p>
 * Arguments: directory stream capacityBytes maxMessageLength consumerSlots count seed waitStrategy.
 */
public final class RingConsumerMain
{
    private RingConsumerMain()
    {
    }

    public static void main(final String[] args)
    {
        final RingContext context = RingProducerMain.contextFrom(args);
        final long count = Long.parseLong(args[5]);
        final long seed = Long.parseLong(args[6]);
        final IdleStrategy idle = WaitStrategy.parse(args[7]).newIdleStrategy();
        try (Subscription subscription = Subscription.open(context))
        {
            System.out.println("JOINED pid=" + ProcessHandle.current().pid() + " slot=" + subscription.slotIndex() +
                " position=" + subscription.position());
            System.out.flush();
            final long startNs = System.nanoTime();
            final Verifier verifier = new Verifier(count, seed, subscription.ringFile().maxMessageLength());
            while (verifier.failure == null)
            {
                final int delivered = subscription.poll(verifier, 64);
                if (delivered == 0 && subscription.isEndOfStream())
                {
                    break;
                }
                idle.idle(delivered);
            }
            if (verifier.failure == null && verifier.received != count)
            {
                verifier.failure = "end of stream after " + verifier.received + " of " + count + " messages";
            }
            if (verifier.failure != null)
            {
                System.out.println("FAIL " + verifier.failure);
                System.err.println("FAIL " + verifier.failure);
                System.exit(1);
            }
            System.out.println("OK received=" + verifier.received + " bytes=" + verifier.payloadBytes +
                " short=" + verifier.shortMessages + " ms=" + (System.nanoTime() - startNs) / 1_000_000);
            System.out.flush();
        }
    }

    /** Checks each message against what the producer must have sent at that sequence number. */
    static final class Verifier implements RecordHandler
    {
        private final long count;
        private final long seed;
        private final int maxMessageLength;
        long received;
        long payloadBytes;
        long shortMessages;
        String failure;

        Verifier(final long count, final long seed, final int maxMessageLength)
        {
            this.count = count;
            this.seed = seed;
            this.maxMessageLength = maxMessageLength;
        }

        @Override
        public void onMessage(final int typeId, final DirectBuffer buffer, final int offset, final int length)
        {
            if (failure != null)
            {
                return;
            }
            final long seq = received;
            if (seq >= count)
            {
                failure = "extra message after all " + count + ": type " + typeId + ", length " + length +
                    (length >= Payloads.HEADER_LENGTH ? ", seq " + buffer.getLong(offset) : "");
                return;
            }
            final long hash = Payloads.hash(seed, seq);
            final int expectedLength = Payloads.length(hash, maxMessageLength);
            if (length >= Payloads.HEADER_LENGTH)
            {
                final long actualSeq = buffer.getLong(offset + Payloads.SEQ_OFFSET);
                if (actualSeq != seq)
                {
                    failure = (actualSeq < seq ? "duplicate or out of order" : "lost messages") + ": got seq " +
                        actualSeq + " where " + seq + " was expected";
                    return;
                }
            }
            if (length != expectedLength)
            {
                failure = "message " + seq + " has length " + length + ", expected " + expectedLength +
                    " (lost, duplicated or reordered)";
                return;
            }
            if (typeId != Payloads.typeId(hash))
            {
                failure = "message " + seq + " has type id " + typeId + ", expected " + Payloads.typeId(hash);
                return;
            }
            if (length >= Payloads.HEADER_LENGTH)
            {
                final long checksum = Payloads.checksum(buffer, offset + Payloads.HEADER_LENGTH,
                    length - Payloads.HEADER_LENGTH);
                if (checksum != buffer.getLong(offset + Payloads.CHECKSUM_OFFSET))
                {
                    failure = "message " + seq + " (length " + length + ") fails its checksum";
                    return;
                }
            }
            else
            {
                shortMessages++;
                for (int i = 0; i < length; i++)
                {
                    if (buffer.getByte(offset + i) != Payloads.shortByte(seq, hash, i))
                    {
                        failure = "short message " + seq + " (length " + length + ") differs at byte " + i;
                        return;
                    }
                }
            }
            payloadBytes += length;
            received++;
        }
    }
}
