package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import static io.slipstream.engine.RingDescriptor.*;

/**
 * Claiming, joining and removing consumer slots, plain and durable.
 * <p>
 * A plain slot is taken when its lock is free and it has no name: free, or left by a consumer that died. A durable
 * slot ({@link RingContext#durableConsumer}) is found by its name and taken when its lock is free, which keeps its
 * stored position; a name seen for the first time takes a free plain slot and writes the name before the owner word,
 * so the producer never counts it as a plain slot it may free. The claim count is bumped before the owner word in
 * both cases, so a producer freeing the dead predecessor at the same moment can tell it raced a new claim.
 */
final class ConsumerSlots
{
    /** What a durable consumer may be called: printable ASCII without spaces, 1 to 64 characters. */
    static final Pattern DURABLE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._:@=+-]{0,63}");
    /** Flag bit of {@link #claimDurable}'s result: the durable slot existed and keeps its position. */
    static final int RESUMED = 1 << 16;

    private ConsumerSlots()
    {
    }

    /** Takes the first plain slot whose lock is free. */
    static int claim(final RingFile ringFile)
    {
        final UnsafeBuffer header = ringFile.header();
        for (int i = 0; i < ringFile.consumerSlots(); i++)
        {
            if (header.getIntVolatile(slotNameLengthOffset(i)) == 0 && ringFile.tryLock(slotLockOffset(i)))
            {
                if (header.getIntVolatile(slotNameLengthOffset(i)) != 0)
                {
                    ringFile.unlock(slotLockOffset(i)); // named meanwhile by a durable claim since died: not ours
                    continue;
                }
                take(header, i);
                header.putLongVolatile(slotPositionOffset(i), 0);
                header.putLongVolatile(slotOwnerOffset(i), ProcessIdentity.current());
                return i;
            }
        }
        throw new RingFileException(ringFile.path() + ": all " + ringFile.consumerSlots() +
            " consumer slots are in use");
    }

    /**
     * Takes the durable slot called {@code name}, or a free plain slot that becomes it.
     *
     * @return the slot index, plus {@link #RESUMED} if the slot existed (its stored position is where to resume).
     * @throws RingFileException if a live process holds that slot, or no slot is free.
     */
    static int claimDurable(final RingFile ringFile, final String name)
    {
        final UnsafeBuffer header = ringFile.header();
        final byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        final int existing = find(header, ringFile.consumerSlots(), nameBytes);
        if (existing >= 0)
        {
            if (!ringFile.tryLock(slotLockOffset(existing)))
            {
                throw new RingFileException(ringFile.path() + ": durable consumer '" + name + "' (slot " + existing +
                    ") is already open in a live process (pid " +
                    ProcessIdentity.pid(header.getLongVolatile(slotOwnerOffset(existing))) + ")");
            }
            take(header, existing);
            if (nameMatches(header, existing, nameBytes))
            {
                header.putLongVolatile(slotOwnerOffset(existing), ProcessIdentity.current());
                return existing | RESUMED;
            }
            // Removed between the search and the lock: the slot is free and ours; name it afresh.
            name(header, existing, nameBytes);
            return existing;
        }
        for (int i = 0; i < ringFile.consumerSlots(); i++)
        {
            if (header.getIntVolatile(slotNameLengthOffset(i)) == 0 && ringFile.tryLock(slotLockOffset(i)))
            {
                take(header, i);
                name(header, i, nameBytes);
                return i;
            }
        }
        throw new RingFileException(ringFile.path() + ": all " + ringFile.consumerSlots() +
            " consumer slots are in use (durable consumer '" + name + "')");
    }

    private static void take(final UnsafeBuffer header, final int i)
    {
        header.putIntVolatile(slotClaimCountOffset(i), header.getIntVolatile(slotClaimCountOffset(i)) + 1);
        header.putIntVolatile(slotFlagsOffset(i), 0);
        DataWakeProtocol.clearWaiter(header, 1L << i); // a dead predecessor's registration
    }

    /**
     * Names a slot just taken: position 0 first (the producer holds its limit for it), then the name, then the owner
     * word, so from the moment it counts it is durable.
     */
    private static void name(final UnsafeBuffer header, final int i, final byte[] nameBytes)
    {
        header.putLongVolatile(slotPositionOffset(i), 0);
        header.putBytes(slotNameOffset(i), nameBytes);
        header.setMemory(slotNameOffset(i) + nameBytes.length, MAX_SLOT_NAME_LENGTH - nameBytes.length, (byte)0);
        header.putIntVolatile(slotNameLengthOffset(i), nameBytes.length);
        header.putLongVolatile(slotOwnerOffset(i), ProcessIdentity.current());
    }

    /** The slot of the durable consumer with this name, or -1. */
    static int find(final UnsafeBuffer header, final int consumerSlots, final byte[] nameBytes)
    {
        for (int i = 0; i < consumerSlots; i++)
        {
            if (nameMatches(header, i, nameBytes))
            {
                return i;
            }
        }
        return -1;
    }

    private static boolean nameMatches(final UnsafeBuffer header, final int i, final byte[] nameBytes)
    {
        if (header.getIntVolatile(slotNameLengthOffset(i)) != nameBytes.length)
        {
            return false;
        }
        final int offset = slotNameOffset(i);
        for (int b = 0; b < nameBytes.length; b++)
        {
            if (header.getByte(offset + b) != nameBytes[b])
            {
                return false;
            }
        }
        return true;
    }

    /** The name of a durable slot, or null for a plain one (or a name that is out of range: a corrupt file). */
    static String nameOf(final UnsafeBuffer header, final int i)
    {
        final int length = header.getIntVolatile(slotNameLengthOffset(i));
        if (length <= 0 || length > MAX_SLOT_NAME_LENGTH)
        {
            return null;
        }
        final byte[] bytes = new byte[length];
        header.getBytes(slotNameOffset(i), bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /**
     * Sets the start position of a plain or new slot so that the producer cannot overwrite it: write the position,
     * then read the limit the producer published; if the limit allows the producer to write over our start, choose
     * again. The producer re-reads the slots after publishing a limit, so one of the two always sees the other.
     *
     * @return the start position, stored in the slot.
     */
    static long join(final RingFile ringFile, final int slotIndex, final StartPosition startPosition)
    {
        final UnsafeBuffer header = ringFile.header();
        final int capacity = ringFile.capacity();
        while (true)
        {
            final long limit = header.getLongVolatile(PRODUCER_LIMIT_OFFSET);
            final long start = startPosition == StartPosition.EARLIEST ?
                limit - capacity : header.getLongVolatile(PRODUCER_POSITION_OFFSET);
            if (start < 0 || (start & (ringFile.recordFormat().alignment() - 1)) != 0)
            {
                throw new RingFileException(ringFile.path() + ": cannot join at invalid position " + start);
            }
            header.putLongVolatile(slotPositionOffset(slotIndex), start);
            final long limitAfter = header.getLongVolatile(PRODUCER_LIMIT_OFFSET);
            if (limitAfter - capacity <= start)
            {
                return start;
            }
        }
    }

    /**
     * The stored position of a durable slot just taken back, if the records from it on are still held: the slot held
     * the producer, so it lies between the limit less a capacity and the producer's position. A slot whose consumer
     * died between naming it and joining holds 0, which may lie below that: -1, join afresh.
     */
    static long resumePosition(final RingFile ringFile, final int slotIndex)
    {
        final UnsafeBuffer header = ringFile.header();
        final long stored = header.getLongVolatile(slotPositionOffset(slotIndex));
        final long limit = header.getLongVolatile(PRODUCER_LIMIT_OFFSET);
        final long tail = header.getLongVolatile(PRODUCER_POSITION_OFFSET);
        final int alignment = ringFile.recordFormat().alignment();
        if (stored < limit - ringFile.capacity() || stored > tail || (stored & (alignment - 1)) != 0)
        {
            return -1;
        }
        return stored;
    }

    /**
     * Removes a durable consumer for good: its slot becomes a free plain slot and the producer stops waiting for it.
     *
     * @throws IllegalArgumentException if the ring has no durable consumer of that name.
     * @throws RingFileException        if a live process has it open.
     */
    static void remove(final RingContext context, final String name)
    {
        try (RingFile ringFile = RingFile.openExisting(context.conclude().ringFile(), context);
            Futex futex = new Futex())
        {
            final UnsafeBuffer header = ringFile.header();
            final int slot = find(header, ringFile.consumerSlots(), name.getBytes(StandardCharsets.US_ASCII));
            if (slot < 0)
            {
                throw new IllegalArgumentException(ringFile.path() + ": no durable consumer named '" + name + "'");
            }
            if (!ringFile.tryLock(slotLockOffset(slot)))
            {
                throw new RingFileException(ringFile.path() + ": durable consumer '" + name + "' (slot " + slot +
                    ") is open in a live process: close it before removing it");
            }
            header.putIntVolatile(slotClaimCountOffset(slot), header.getIntVolatile(slotClaimCountOffset(slot)) + 1);
            DataWakeProtocol.clearWaiter(header, 1L << slot);
            header.putLongVolatile(slotOwnerOffset(slot), 0);
            header.putIntVolatile(slotNameLengthOffset(slot), 0);
            new SpaceWakeProtocol(header, futex).wakeIfWaiting(); // a producer asleep waiting for that space
        }
    }
}
