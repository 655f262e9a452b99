package io.slipstream.perf.jmh;

import io.slipstream.perf.core.Verification;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * A producer and a consumer on two threads of one JMH group ({@code offerPoll}): the cost of an offer and of a poll
 * while the other side runs at the same time, so the transport's lines move between cores as they do in use. Each
 * peer says how it offers one message and polls at most one; neither may wait inside the call: an offer refused for
 * want of room and a poll that finds nothing are both counted as operations, so an iteration can always end, and
 * {@link GroupCounters} reports the messages that moved. Every message is checked as the harness's rounds and curves
 * check theirs ({@link GroupMessageCheck}): by default the sequence number of every message and the checksum of every
 * 1024th, so every peer pays the same light check; {@code -p verify=full} checks every checksum. JMH generates the
 * group for each concrete peer under the peer's own name.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Group)
public abstract class OfferPollGroupBenchmark extends MeasuredBenchmark
{
    /**
     * Given to the forks of the Agrona and Aeron groups (their own {@code @Fork}), as Aeron's performance-testing
     * guide runs them; Slipstream's fork keeps Agrona's bounds checks.
     */
    public static final String BOUNDS_CHECKS_OFF_FLAG = "-Dagrona.disable.bounds.checks=true";

    /** The largest {@link #size} offered. */
    protected static final int MAX_SIZE_BYTES = 256;

    /** The message offered, its first {@link #size} bytes each time, rewritten for each new message. */
    protected final UnsafeBuffer message = filledMessage();

    @Param({"32", "256"})
    int size;

    /**
     * What both sides check per message, a {@link Verification} label: {@code sampled} (the harness's default) or
     * {@code full}.
     */
    @Param({"sampled"})
    String verify;

    private GroupMessageCheck sending;
    private GroupMessageCheck receiving;

    /** Both checks start a trial at sequence 0: each trial has a fresh transport. */
    @Setup(Level.Trial)
    public void setUpChecks()
    {
        final Verification verification = Verification.fromLabel(verify);
        sending = new GroupMessageCheck(verification);
        receiving = new GroupMessageCheck(verification);
    }

    /**
     * One offer of {@link #size} bytes.
     *
     * @return whether the transport took the message, so the JIT cannot drop the call.
     */
    @Benchmark
    @Group("offerPoll")
    @GroupThreads(1)
    public boolean offer(final GroupCounters counters)
    {
        sending.prepare(message, size);
        final boolean offered = offerMessage(size);
        if (offered)
        {
            sending.sent();
            counters.sent++;
        }
        return offered;
    }

    /**
     * One poll of at most one message.
     *
     * @return the number of messages read, 0 when there was none.
     */
    @Benchmark
    @Group("offerPoll")
    @GroupThreads(1)
    public int poll(final GroupCounters counters)
    {
        final int read = pollMessage();
        counters.received += read;
        return read;
    }

    /**
     * For the peer's poll handler: checks the message polled, the next one in sequence of {@link #size} bytes.
     *
     * @param buffer where the message is.
     * @param offset where it starts.
     * @param length its length.
     */
    protected final void check(final DirectBuffer buffer, final int offset, final int length)
    {
        receiving.receive(buffer, offset, length, size);
    }

    /**
     * Offers the first {@code lengthBytes} of {@link #message} without waiting.
     *
     * @param lengthBytes how many bytes to offer.
     * @return true when the transport took the message, false when it had no room.
     */
    protected abstract boolean offerMessage(int lengthBytes);

    /**
     * Polls at most one message without waiting.
     *
     * @return the number of messages read, 0 when there was none.
     */
    protected abstract int pollMessage();

    private static UnsafeBuffer filledMessage()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(MAX_SIZE_BYTES));
        buffer.setMemory(0, MAX_SIZE_BYTES, (byte)7);
        return buffer;
    }
}
