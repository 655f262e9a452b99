package io.slipstream.driver;

import io.aeron.Aeron;
import io.aeron.ControlledFragmentAssembler;
import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.slipstream.engine.Publication;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.UnsafeBuffer;

import static io.slipstream.driver.FrameDescriptor.*;

/**
 * Moves an Aeron stream's messages into a ring, of which it is the producer, exactly once: each message's source
 * position ({@link FrameDescriptor}) is checked against how far the bridge has written ({@link ReceiverState}, kept
 * exact across crashes with the ring), so a message already written is dropped and a gap is never papered over. On
 * every {@code HELLO} from a sender that has not acted on this bridge's latest {@code RESUME}, it tells the sender
 * (on the acknowledgement stream, at the address the frames come from) where to resume; as it writes, it
 * acknowledges, so the sender can release its ring.
 * <p>
 * Reads with Aeron's controlled poll through a {@link ControlledFragmentAssembler}; when the ring is full it answers
 * {@code ABORT}, so the message stays in Aeron's buffer and Aeron's flow control holds the sender back.
 */
final class ChannelToRingBridge implements Agent, ControlledFragmentHandler
{
    /** A draining bridge is drained once nothing has arrived for this long. */
    private static final long QUIET_FOR_DRAINED_MS = 200;
    /** Acknowledge at least every this many source bytes while messages keep coming. */
    private static final long ACK_EVERY_BYTES = 64 * 1024;
    /** And when the stream goes quiet, at most this often (a message at a time must not cost a packet back each). */
    private static final long ACK_QUIET_INTERVAL_MS = 1;

    private final String roleName;
    private final BridgeSpec spec;
    private final Aeron aeron;
    private final Subscription subscription;
    private final Publication ring;
    private final ReceiverState state;
    private final BridgeCounters counters;
    private final ControlledFragmentAssembler assembler;
    private final int pollLimit;
    private final EpochClock clock;
    private final UnsafeBuffer control = new UnsafeBuffer(new byte[CONTROL_LENGTH]);
    private final ReceivedBytes received;
    private ExclusivePublication ackPublication;
    private String ackChannel;
    private long acked = NOTHING;
    private long lastAckMs;
    private boolean backPressured;
    private long lastWorkMs;
    private volatile boolean draining;
    private volatile boolean drained;

    ChannelToRingBridge(final BridgeSpec spec, final Aeron aeron, final Publication ring, final ReceiverState state,
        final BridgeCounters counters, final int pollLimit, final EpochClock clock)
    {
        this.roleName = "bridge " + spec.text();
        this.spec = spec;
        this.aeron = aeron;
        this.ring = ring;
        this.state = state;
        this.counters = counters;
        this.pollLimit = pollLimit;
        this.clock = clock;
        this.assembler = new ControlledFragmentAssembler(this);
        this.subscription = aeron.addSubscription(spec.channel(), spec.streamId(),
            image -> DriverLog.info(roleName + ": peer connected (session " + image.sessionId() + " from " +
                image.sourceIdentity() + ")"),
            image ->
            {
                assembler.freeSessionBuffer(image.sessionId());
                DriverLog.info(roleName + ": peer gone (session " + image.sessionId() + ")");
            });
        this.received = new ReceivedBytes(subscription, aeron.countersReader());
        DriverLog.info(roleName + ": written up to source position " + state.written() + ", epoch " + state.epoch());
    }

    @Override
    public int doWork()
    {
        AeronClosed.check(aeron, roleName); // its counters, publications and images are about to be unmapped
        final long writtenBefore = state.written();
        final int count = subscription.controlledPoll(assembler, pollLimit);
        counters.connected(subscription.isConnected());
        counters.unwritten.setRelease(received.unread());
        final long written = state.written();
        if (written != acked && (written - acked >= ACK_EVERY_BYTES || count == 0 && ackDue()) &&
            sendControl(ACK, written))
        {
            acked = written;
            lastAckMs = clock.time();
        }
        if (draining)
        {
            final long nowMs = clock.time();
            if (written != writtenBefore)
            {
                lastWorkMs = nowMs; // messages, not the sender's periodic HELLO
            }
            else if (backPressured || nowMs - lastWorkMs >= QUIET_FOR_DRAINED_MS)
            {
                drained = true;
            }
        }
        return count;
    }

    private boolean ackDue()
    {
        return clock.time() - lastAckMs >= ACK_QUIET_INTERVAL_MS;
    }

    @Override
    public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (length < HEADER_LENGTH)
        {
            return dropped("a " + length + "-byte frame, shorter than a bridge frame header");
        }
        final int type = buffer.getInt(offset + TYPE_OFFSET);
        if (type == HELLO)
        {
            onHello(buffer, offset, header.sessionId());
            return Action.CONTINUE;
        }
        if (type != MESSAGE)
        {
            return dropped("a frame of unknown type " + type);
        }
        if (buffer.getInt(offset + EPOCH_OFFSET) != state.epoch())
        {
            return Action.CONTINUE; // sent before the sender learnt where to resume: it will send it again
        }
        final long from = buffer.getLong(offset + FROM_OFFSET);
        final long end = buffer.getLong(offset + END_OFFSET);
        final long written = state.written();
        if (written != NOTHING && from != written)
        {
            if (end <= written)
            {
                counters.duplicates.incrementRelease();
                return Action.CONTINUE; // already written
            }
            // Something between is missing (or the source moved): ask again from what is written.
            DriverLog.warn(roleName + ": message from source position " + from + " does not follow " + written +
                ": asking the sender to resume at " + written);
            state.nextEpoch();
            sendControl(RESUME, written);
            return Action.CONTINUE;
        }
        return write(buffer, offset, length, end);
    }

    private Action write(final DirectBuffer buffer, final int offset, final int length, final long end)
    {
        final int payloadLength = length - HEADER_LENGTH;
        if (payloadLength > ring.maxMessageLength())
        {
            // It can never fit: say so loudly rather than stall the stream for ever.
            state.markWritten(end, ring.position());
            return dropped("a " + payloadLength + "-byte message, longer than the ring's maximum " +
                ring.maxMessageLength() + ": give the ring a larger capacity");
        }
        final int typeId = buffer.getInt(offset + TYPE_ID_OFFSET);
        state.pending(end);
        final long result;
        try
        {
            result = ring.offer(buffer, offset + HEADER_LENGTH, payloadLength, typeId);
        }
        catch (final IllegalArgumentException ex)
        {
            state.markWritten(end, ring.position());
            return dropped("a message the ring refuses: " + ex.getMessage());
        }
        if (result > 0)
        {
            state.markWritten(end, result);
            if (backPressured)
            {
                backPressured = false;
                counters.ringFull.setRelease(0);
            }
            counters.messages.incrementRelease();
            counters.bytes.getAndAddRelease(payloadLength);
            return Action.CONTINUE;
        }
        if (result == Publication.BACK_PRESSURED && !backPressured)
        {
            backPressured = true;
            counters.backPressure.incrementRelease();
            counters.ringFull.setRelease(1);
        }
        return Action.ABORT;
    }

    private Action dropped(final String what)
    {
        counters.errors.incrementRelease();
        DriverLog.error(roleName + ": dropped " + what);
        return Action.CONTINUE;
    }

    /**
     * A sender says where its acknowledgements go and which ring it reads. A different ring than before starts over;
     * a sender that has not acted on the current epoch is told where to resume.
     */
    private void onHello(final DirectBuffer buffer, final int offset, final int sessionId)
    {
        final Image image = subscription.imageBySessionId(sessionId);
        if (image == null)
        {
            return;
        }
        final String source = image.sourceIdentity();
        final String channel = "aeron:udp?endpoint=" + source.substring(0, source.lastIndexOf(':') + 1) +
            buffer.getInt(offset + ACK_PORT_OFFSET);
        if (!channel.equals(ackChannel))
        {
            CloseHelper.close(ackPublication);
            ackPublication = aeron.addExclusivePublication(channel, spec.streamId());
            ackChannel = channel;
            DriverLog.info(roleName + ": acknowledging to " + channel);
        }
        final long stamp = buffer.getLong(offset + SOURCE_STAMP_OFFSET);
        if (state.sourceStamp() != 0 && state.sourceStamp() != stamp)
        {
            counters.errors.incrementRelease();
            DriverLog.error(roleName + ": the source ring is not the one this bridge last wrote from (it was " +
                "recreated): starting over with its oldest message");
            state.nextEpoch();
        }
        state.sourceStamp(stamp);
        if (buffer.getInt(offset + EPOCH_OFFSET) != state.epoch())
        {
            sendControl(RESUME, state.written());
        }
    }

    private boolean sendControl(final int type, final long position)
    {
        if (ackPublication == null)
        {
            return false;
        }
        control.putInt(TYPE_OFFSET, type);
        control.putInt(CONTROL_EPOCH_OFFSET, state.epoch());
        control.putLong(CONTROL_POSITION_OFFSET, position);
        control.putLong(CONTROL_STAMP_OFFSET, state.sourceStamp());
        return ackPublication.offer(control, 0, CONTROL_LENGTH) > 0;
    }

    /** Asks the bridge to finish: it is drained once nothing has arrived for a moment (or the ring is full). */
    void drain()
    {
        lastWorkMs = clock.time();
        draining = true;
    }

    boolean isDrained()
    {
        return drained;
    }

    @Override
    public void onClose()
    {
        sendControl(ACK, state.written());
        CloseHelper.closeAll(ackPublication, subscription, ring, state, counters);
    }

    @Override
    public String roleName()
    {
        return roleName;
    }
}
