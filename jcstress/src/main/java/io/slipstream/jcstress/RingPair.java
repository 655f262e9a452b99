package io.slipstream.jcstress;

import io.slipstream.engine.Publication;
import io.slipstream.engine.RecordDescriptor;
import io.slipstream.engine.RecordFormat;
import io.slipstream.engine.RecordHandler;
import io.slipstream.engine.RingContext;
import io.slipstream.engine.StartPosition;
import io.slipstream.engine.Subscription;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real {@link Publication} and {@link Subscription} over one small ring file, pooled so that jcstress states can
 * use real rings without creating a file per state.
 * <p>
 * jcstress makes a fresh state object for every trial, thousands at a time, and creating, mapping and unlinking a
 * file for each would dominate the run. Instead a state takes a pair from the pool in its constructor and its
 * arbiter gives it back. A pair is only pooled while quiescent: the subscription has consumed everything the
 * publication offered, so the next trial starts with the consumer caught up, exactly like a steady-state ring. The
 * ring is not reset between trials: records simply continue around the ring, wrapping through padding records like
 * in production, and every trial writes over a committed record left from the previous lap. A new pair is run
 * through {@link #WARM_UP_LAPS} laps before its first trial so that this is true from the start: a stale committed
 * record is always there for a broken writer or a missing zero-ahead to expose. The pool (a lock-free queue) gives
 * the usual happens-before from the arbiter that returns a pair to the constructor that takes it; jcstress orders the
 * constructor before and the arbiter after the actors.
 * <p>
 * Each pair's file is unlinked as soon as both ends have mapped it, so nothing is left in /dev/shm; the engine keeps
 * no descriptor open per ring, so thousands of pairs fit within the open-file limit.
 */
final class RingPair implements RecordHandler
{
    /** The smallest ring there is: records wrap every 43 trials with the test's 16-byte messages. */
    static final int CAPACITY = 1024;
    /** Payload length of every test message. */
    static final int MESSAGE_LENGTH = 16;
    static final int RECORD_LENGTH = MESSAGE_LENGTH + RecordDescriptor.HEADER_LENGTH;
    static final int TYPE_ID = 7;
    static final int WARM_UP_LAPS = 2;

    /** Payload classification, reported as the second result of the tests. */
    static final int PAYLOAD_NONE = 0;
    static final int PAYLOAD_FULL = 1;
    static final int PAYLOAD_STALE = 2;

    private static final ConcurrentLinkedQueue<RingPair> POOL = new ConcurrentLinkedQueue<>();
    private static final ConcurrentLinkedQueue<RingPair> TAGGED_POOL = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger CREATED = new AtomicInteger();
    private static final Path DIRECTORY = Path.of("/dev/shm",
        "slipstream-jcstress-" + ProcessHandle.current().pid());

    static
    {
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            try
            {
                Files.deleteIfExists(DIRECTORY);
            }
            catch (final IOException ignore)
            {
                // Best effort: the directory is empty and only named after this process.
            }
        }));
    }

    final Publication publication;
    final Subscription subscription;
    /** Whether the ring's records are tagged lines (else packed). */
    final boolean tagged;
    private final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(MESSAGE_LENGTH));
    private long sequence;

    // Per trial, set up by begin() in the state's constructor, written by the consumer actor's handler.
    private long expected0;
    private long expected1;
    int delivered;
    int stale;
    int firstLength;
    int firstPayload;

    private RingPair(final boolean tagged)
    {
        this.tagged = tagged;
        final RingContext context = new RingContext()
            .directory(DIRECTORY)
            .streamName("ring-" + CREATED.incrementAndGet())
            .capacityBytes(CAPACITY)
            .consumerSlots(1)
            .startPosition(StartPosition.EARLIEST)
            .lineAlignedRecords(tagged);
        publication = Publication.open(context.copy());
        subscription = Subscription.open(context.copy());
        try
        {
            Files.delete(context.ringFile());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final RecordFormat format = publication.ringFile().recordFormat();
        final int frame = format.frameLength(0, MESSAGE_LENGTH + format.headerLength());
        final int trials = WARM_UP_LAPS * (CAPACITY / frame + 1);
        for (int i = 0; i < trials; i++)
        {
            begin();
            offer();
            if (!drain())
            {
                throw new IllegalStateException("warm-up of a fresh ring failed");
            }
        }
    }

    /** Takes a quiescent pair of packed records from the pool, or makes one, and prepares its next trial. */
    static RingPair acquire()
    {
        return take(false);
    }

    /** As {@link #acquire()}, for a ring of tagged lines. */
    static RingPair acquireTagged()
    {
        return take(true);
    }

    private static RingPair take(final boolean tagged)
    {
        RingPair pair = (tagged ? TAGGED_POOL : POOL).poll();
        if (pair == null)
        {
            pair = new RingPair(tagged);
        }
        pair.begin();
        return pair;
    }

    /** How many pairs this JVM has made; bounded by the number of states jcstress keeps alive at once. */
    static int created()
    {
        return CREATED.get();
    }

    private void begin()
    {
        sequence++;
        // A pattern that is never zero and differs every trial, so an old lap's payload cannot pass for this one.
        expected0 = 0x5A5A_0000_0000_0001L ^ (sequence << 8);
        expected1 = ~expected0 ^ 0x00FF_00FF_00FF_00FFL;
        message.putLong(0, expected0);
        message.putLong(8, expected1);
        delivered = 0;
        stale = 0;
        firstLength = 0;
        firstPayload = PAYLOAD_NONE;
    }

    /** The producer actor: one real {@link Publication#offer}. */
    long offer()
    {
        return publication.offer(message, 0, MESSAGE_LENGTH, TYPE_ID);
    }

    /** The consumer actor: one real {@link Subscription#poll}; the results are in the fields. */
    int poll(final int messageLimit)
    {
        return subscription.poll(this, messageLimit);
    }

    @Override
    public void onMessage(final int typeId, final DirectBuffer buffer, final int offset, final int length)
    {
        final boolean full = isTrialMessage(typeId, buffer, offset, length);
        if (delivered == 0)
        {
            firstLength = length + publication.ringFile().recordFormat().headerLength();
            firstPayload = full ? PAYLOAD_FULL : PAYLOAD_STALE;
        }
        if (!full)
        {
            stale++;
        }
        delivered++;
    }

    /** Whether a record is this trial's message, whole. */
    boolean isTrialMessage(final int typeId, final DirectBuffer buffer, final int offset, final int length)
    {
        return typeId == TYPE_ID && length == MESSAGE_LENGTH &&
            buffer.getLong(offset) == expected0 && buffer.getLong(offset + 8) == expected1;
    }

    /**
     * Consumes what the trial left (the record, if the consumer actor did not see it) and checks that the consumer
     * has caught up with the producer having seen only this trial's message.
     */
    private boolean drain()
    {
        for (int spins = 0; subscription.position() < publication.position() && spins < 16; spins++)
        {
            subscription.poll(this, 16);
        }
        return subscription.position() == publication.position() && delivered == 1 && stale == 0;
    }

    /**
     * The arbiter: returns the pair to the pool once the trial's record is consumed. A pair whose trial went wrong
     * (a forbidden outcome left the consumer somewhere else) is closed instead of reused.
     */
    void release()
    {
        if (drain())
        {
            (tagged ? TAGGED_POOL : POOL).offer(this);
        }
        else
        {
            subscription.close();
            publication.close();
        }
    }
}
