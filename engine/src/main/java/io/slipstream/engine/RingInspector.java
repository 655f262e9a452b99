package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.slipstream.engine.RingDescriptor.*;

/**
 * Reads a ring's health without joining it, through a {@link RingReader}: the file is opened and mapped read-only
 * (read permission is enough), no slot is claimed, no field is written, and the producer is neither held back nor
 * woken. A file the engine would refuse is reported as refused, with the reason the engine gives. Liveness is decided
 * as the engine decides it: by the owner's pid and process start time (a recycled pid is dead).
 */
public final class RingInspector
{
    private RingInspector()
    {
    }

    /**
     * One consumer slot in use.
     *
     * @param slot          the slot index.
     * @param pid           the owner's process id.
     * @param alive         whether a process holds the slot's kernel lock (a dead one's slot is freed by a
     *                      back-pressured producer).
     * @param position      the slot's position.
     * @param lagBytes      how far the slot is behind the producer, in bytes.
     * @param waiting       whether the consumer is registered to sleep on the data futex word.
     * @param problem       why the slot's position cannot be a live consumer's (negative, unaligned, ahead of the
     *                      producer, or more than a ring behind), or {@code null}.
     */
    public record ConsumerReport(int slot, long pid, boolean alive, long position, long lagBytes, boolean waiting,
        String problem)
    {
    }

    /**
     * The state of one ring file, or why it is refused ({@link #refusal()} non-null, the other fields then zero).
     *
     * @param path                 the file.
     * @param refusal              the reason the engine refuses the file, or {@code null} if it is a valid ring.
     * @param capacityBytes        data region size.
     * @param maxMessageLength     largest payload.
     * @param consumerSlots        number of consumer slots.
     * @param createdEpochMs       creation time.
     * @param producerPosition     position after the producer's last recorded commit.
     * @param producerLimit        how far the producer may write (slowest consumer + capacity).
     * @param producerPid          pid of the producer holding the ring, 0 if none.
     * @param producerAlive        whether a process holds the producer's kernel lock.
     * @param endOfStream          whether the last producer closed the ring.
     * @param consumers            the slots in use.
     */
    public record RingReport(Path path, String refusal, int capacityBytes, int maxMessageLength, int consumerSlots,
        long createdEpochMs, long producerPosition, long producerLimit, long producerPid, boolean producerAlive,
        boolean endOfStream, List<ConsumerReport> consumers)
    {
        /** Whether the engine would open this file. */
        public boolean isRefused()
        {
            return refusal != null;
        }

        /** Whether a producer holds the ring but its process is gone: the next producer takes the file over. */
        public boolean isProducerDead()
        {
            return producerPid != 0 && !producerAlive;
        }

        /** The largest lag of a live consumer, in bytes; 0 without one. */
        public long maxLagBytes()
        {
            long max = 0;
            for (final ConsumerReport consumer : consumers)
            {
                if (consumer.alive())
                {
                    max = Math.max(max, consumer.lagBytes());
                }
            }
            return max;
        }
    }

    /** Inspects the ring file at the path; a file owned by another user is reported as refused. */
    public static RingReport inspect(final Path path)
    {
        return inspect(path, false);
    }

    /**
     * Inspects the ring file at the path.
     *
     * @param path              the ring file.
     * @param allowForeignOwner accept a file owned by another user, as {@link RingContext#allowForeignOwner} does;
     *                          only read permission on the file is needed.
     * @return the report; never throws for a bad file.
     */
    public static RingReport inspect(final Path path, final boolean allowForeignOwner)
    {
        try (RingReader reader = RingReader.open(path, StartPosition.LATEST, allowForeignOwner))
        {
            try
            {
                return read(reader);
            }
            catch (final InternalError ex)
            {
                return refused(path, RingFileException.mappedAccessFault(path, ex).getMessage());
            }
        }
        catch (final RingFileException ex)
        {
            return refused(path, ex.getMessage());
        }
    }

    private static RingReport refused(final Path path, final String reason)
    {
        return new RingReport(path, reason, 0, 0, 0, 0, 0, 0, 0, false, false, List.of());
    }

    private static RingReport read(final RingReader reader)
    {
        final UnsafeBuffer header = reader.header();
        final int capacity = reader.capacity();
        final long producerPosition = header.getLongVolatile(PRODUCER_POSITION_OFFSET);
        final long limit = header.getLongVolatile(PRODUCER_LIMIT_OFFSET);
        final long producerOwner = header.getLongVolatile(PRODUCER_OWNER_OFFSET);
        final boolean endOfStream = header.getIntVolatile(END_OF_STREAM_FLAG_OFFSET) == 1;
        final long waiterMask = header.getLongVolatile(DATA_WAITER_MASK_OFFSET);
        final List<ConsumerReport> consumers = new ArrayList<>();
        for (int i = 0; i < reader.consumerSlots(); i++)
        {
            final long owner = header.getLongVolatile(slotOwnerOffset(i));
            if (owner == 0)
            {
                continue;
            }
            final long position = header.getLongVolatile(slotPositionOffset(i));
            final long lag = producerPosition - position;
            final String problem;
            if (position < 0 || (position & (reader.recordFormat().alignment() - 1)) != 0)
            {
                problem = "position " + position + " is negative or unaligned";
            }
            else if (lag < 0)
            {
                problem = "position " + position + " is ahead of the producer's " + producerPosition;
            }
            else if (lag > capacity)
            {
                problem = "position " + position + " is more than a ring (" + capacity + " bytes) behind the producer";
            }
            else
            {
                problem = null;
            }
            consumers.add(new ConsumerReport(i, ProcessIdentity.pid(owner), reader.isSlotOwnerAlive(i), position,
                lag, (waiterMask & (1L << i)) != 0, problem));
        }
        return new RingReport(reader.path(), null, capacity, reader.maxMessageLength(), reader.consumerSlots(),
            reader.createdEpochMs(), producerPosition, limit, ProcessIdentity.pid(producerOwner),
            reader.isProducerAlive(), endOfStream, List.copyOf(consumers));
    }
}
