package io.slipstream.engine;

import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Child process for {@link ProducerKillLoopTest}: one generation of producer, sending until it is killed. Prints
 * {@code READY} once loaded, waits for a line on stdin, takes the ring over, prints {@code OPEN position=<p>} and
 * sends {@link #length}-sized {@link Payloads} messages for ever, half of them through a claim held open for a few
 * microseconds so that many kills land inside one. Before each message it records in a small shared progress file
 * (which survives kill -9) the sequence number in flight, whether a claim is held, and after it the count committed.
 * <p>
 * Arguments: directory stream capacityBytes maxMessageLength consumerSlots seed generation progressFile.
 */
public final class KilledProducerMain
{
    static final int IN_FLIGHT_OFFSET = 0;
    static final int COMMITTED_OFFSET = 8;
    static final int CLAIM_HELD_OFFSET = 16;
    static final int PROGRESS_LENGTH = 64;
    private static final long CLAIM_HOLD_NS = 3_000;

    private KilledProducerMain()
    {
    }

    /** The seed of one generation's messages. */
    static long seed(final long seed, final int generation)
    {
        return Payloads.mix(seed + generation);
    }

    /** Messages of at least {@link Payloads#HEADER_LENGTH} bytes, so each carries its sequence and checksum. */
    static int length(final long hash, final int maxMessageLength)
    {
        return Payloads.HEADER_LENGTH + (int)Long.remainderUnsigned(hash >>> 8,
            maxMessageLength - Payloads.HEADER_LENGTH + 1L);
    }

    public static void main(final String[] args) throws IOException
    {
        final RingContext context = RingProducerMain.contextFrom(args);
        final int generation = Integer.parseInt(args[6]);
        final long seed = seed(Long.parseLong(args[5]), generation);
        final Arena arena = Arena.ofShared();
        final UnsafeBuffer progress;
        try (FileChannel channel = FileChannel.open(Path.of(args[7]), StandardOpenOption.READ,
            StandardOpenOption.WRITE))
        {
            final MemorySegment segment = channel.map(FileChannel.MapMode.READ_WRITE, 0, PROGRESS_LENGTH, arena);
            progress = new UnsafeBuffer(segment.address(), PROGRESS_LENGTH);
        }
        System.out.println("READY");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();

        final Publication publication = Publication.open(context);
        System.out.println("OPEN position=" + publication.position());
        System.out.flush();
        final int maxMessageLength = publication.maxMessageLength();
        final UnsafeBuffer scratch = new UnsafeBuffer(ByteBuffer.allocateDirect(maxMessageLength));
        final RecordClaim claim = new RecordClaim();
        final IdleStrategy idle = WaitStrategy.YIELDING.newIdleStrategy();
        final int typeId = ProducerKillLoopTest.typeId(generation);
        for (long seq = 0; ; seq++)
        {
            final long hash = Payloads.hash(seed, seq);
            final int length = length(hash, maxMessageLength);
            progress.putLongVolatile(IN_FLIGHT_OFFSET, seq);
            if (Payloads.useClaim(hash))
            {
                idle.reset();
                while (publication.tryClaim(length, typeId, claim) == Publication.BACK_PRESSURED)
                {
                    idle.idle();
                }
                progress.putIntVolatile(CLAIM_HELD_OFFSET, 1);
                Payloads.fill(claim.buffer(), claim.offset(), length, seq, hash);
                final long holdUntilNs = System.nanoTime() + CLAIM_HOLD_NS;
                while (System.nanoTime() < holdUntilNs)
                {
                    Thread.onSpinWait();
                }
                claim.commit();
                progress.putIntVolatile(CLAIM_HELD_OFFSET, 0);
            }
            else
            {
                Payloads.fill(scratch, 0, length, seq, hash);
                publication.offer(scratch, 0, length, typeId, idle);
            }
            progress.putLongVolatile(COMMITTED_OFFSET, seq + 1);
        }
    }
}
