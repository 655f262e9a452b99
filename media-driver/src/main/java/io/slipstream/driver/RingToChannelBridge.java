package io.slipstream.driver;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.CommonContext;
import io.aeron.DirectBufferVector;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.slipstream.engine.ControlledRecordHandler;
import io.slipstream.engine.ReadAhead;
import io.slipstream.engine.RingDescriptor;
import io.slipstream.engine.Subscription;
import org.agrona.BitUtil;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.List;

import static io.slipstream.driver.FrameDescriptor.*;

/**
 * Moves a ring's messages to an Aeron stream, with the ring as the retransmit buffer. The bridge holds a durable
 * consumer slot of the ring, so the ring keeps every message the receiving bridge has not acknowledged, across a
 * crash or stop of this driver. It reads ahead of its slot ({@link ReadAhead}), sends each message with its source
 * positions ({@link FrameDescriptor}), and releases the slot only up to what the receiving bridge acknowledges. It
 * sends nothing on a connection until the receiver has said where to resume ({@code RESUME}, in answer to the
 * {@code HELLO} it sends while connected), and goes back to that position whenever told.
 * <p>
 * A message whose frame fits Aeron's payload goes from the ring into the term buffer ({@code tryClaim}); a longer one
 * is offered as two vectors (header, ring slice) and Aeron fragments it. Whenever Aeron cannot take a message the
 * bridge leaves it in the ring ({@code ABORT}); the ring backs up and its producer is back-pressured in turn.
 */
final class RingToChannelBridge implements Agent, ControlledRecordHandler, FragmentHandler
{
    private static final ControlledRecordHandler.Action CONTINUE = ControlledRecordHandler.Action.CONTINUE;
    private static final ControlledRecordHandler.Action ABORT = ControlledRecordHandler.Action.ABORT;
    /** How often to say HELLO while waiting to be told where to resume, and while sending. */
    private static final long HELLO_WAITING_MS = 20;
    private static final long HELLO_SENDING_MS = 200;

    private final String roleName;
    private final BridgeSpec spec;
    private final Aeron aeron;
    private final Subscription ring;
    private final ReadAhead reader;
    private final BridgeCounters counters;
    private final int pollLimit;
    private final EpochClock clock;
    private final long sourceStamp;
    private final io.aeron.Subscription acks;
    private final BufferClaim claim = new BufferClaim();
    private final UnsafeBuffer frameHeader = new UnsafeBuffer(new byte[HEADER_LENGTH]);
    private final UnsafeBuffer hello = new UnsafeBuffer(new byte[HEADER_LENGTH]);
    private final DirectBufferVector[] vectors = {new DirectBufferVector(), new DirectBufferVector()};
    private ExclusivePublication publication;
    private int maxPayloadLength;
    private int ackPort;
    private int epoch = NO_EPOCH;
    private long from;
    private long lastHelloMs;
    private boolean backPressured;
    private boolean recreatePublication;
    private volatile boolean draining;
    private volatile boolean drained;

    RingToChannelBridge(final BridgeSpec spec, final Aeron aeron, final Subscription ring,
        final BridgeCounters counters, final int pollLimit, final EpochClock clock, final String ackChannel)
    {
        this.roleName = "bridge " + spec.text();
        this.spec = spec;
        this.aeron = aeron;
        this.ring = ring;
        this.reader = ring.readAhead();
        this.counters = counters;
        this.pollLimit = pollLimit;
        this.clock = clock;
        this.sourceStamp = ring.ringFile().header().getLong(RingDescriptor.CREATED_EPOCH_MS_OFFSET);
        this.acks = aeron.addSubscription(ackChannel, spec.streamId());
        this.frameHeader.putInt(TYPE_OFFSET, MESSAGE);
        this.vectors[0].reset(frameHeader, 0, HEADER_LENGTH);
        addPublication();
        DriverLog.info(roleName + ": the ring holds from position " + ring.position() + " for this bridge");
    }

    /**
     * Adds the bridge's publication. If the ring's longest message plus the frame header does not fit Aeron's
     * largest message (term length / 8), the publication gets a term long enough for it ({@code term-length} in its
     * channel), so the ring's messages always cross whole.
     */
    private void addPublication()
    {
        CloseHelper.close(publication);
        final int needed = ring.ringFile().maxMessageLength() + HEADER_LENGTH;
        publication = aeron.addExclusivePublication(spec.channel(), spec.streamId());
        if (publication.maxMessageLength() < needed)
        {
            final int termLength = Math.max(publication.termBufferLength(),
                BitUtil.findNextPositivePowerOfTwo(needed * 8));
            publication.close();
            final ChannelUri uri = ChannelUri.parse(spec.channel());
            uri.put(CommonContext.TERM_LENGTH_PARAM_NAME, Integer.toString(termLength));
            publication = aeron.addExclusivePublication(uri.toString(), spec.streamId());
            DriverLog.info(roleName + ": term length " + termLength + " for the ring's " +
                ring.ringFile().maxMessageLength() + "-byte messages plus the " + HEADER_LENGTH + "-byte frame header");
        }
        maxPayloadLength = publication.maxPayloadLength();
        epoch = NO_EPOCH;
    }

    @Override
    public int doWork()
    {
        AeronClosed.check(aeron, roleName); // its counters, publications and images are about to be unmapped
        if (recreatePublication)
        {
            recreatePublication = false;
            addPublication();
        }
        int work = acks.poll(this, 16);
        final boolean connected = publication.isConnected();
        counters.connected(connected);
        if (!connected)
        {
            epoch = NO_EPOCH; // whoever connects next says where to resume
        }
        final long nowMs = clock.time();
        if (connected && nowMs - lastHelloMs >= (epoch == NO_EPOCH ? HELLO_WAITING_MS : HELLO_SENDING_MS) &&
            sendHello())
        {
            lastHelloMs = nowMs;
        }
        if (draining)
        {
            // Take nothing more from the ring (its durable slot keeps the rest); wait for what was sent to be acked.
            if (!drained && (!connected || ring.position() >= reader.position()))
            {
                drained = true;
            }
            return work;
        }
        if (epoch != NO_EPOCH)
        {
            work += reader.controlledPoll(this, pollLimit);
        }
        counters.lag.setRelease(ring.producerPosition() - ring.position());
        counters.unacknowledged.setRelease(reader.position() - ring.position());
        return work;
    }

    private boolean sendHello()
    {
        if (ackPort == 0)
        {
            final List<String> addresses = acks.localSocketAddresses();
            if (addresses.isEmpty())
            {
                return false;
            }
            final String address = addresses.getFirst();
            ackPort = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        }
        hello.putInt(TYPE_OFFSET, HELLO);
        hello.putInt(ACK_PORT_OFFSET, ackPort);
        hello.putLong(SOURCE_STAMP_OFFSET, sourceStamp);
        hello.putLong(RELEASED_OFFSET, ring.position());
        hello.putInt(EPOCH_OFFSET, epoch);
        return publication.offer(hello, 0, HEADER_LENGTH) > 0;
    }

    /** A RESUME or ACK from the receiving bridge. */
    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (length < CONTROL_LENGTH || buffer.getLong(offset + CONTROL_STAMP_OFFSET) != sourceStamp)
        {
            return; // not about this ring (or from before the receiver learnt which ring this is)
        }
        final int type = buffer.getInt(offset + TYPE_OFFSET);
        final long position = buffer.getLong(offset + CONTROL_POSITION_OFFSET);
        if (type == ACK)
        {
            if (position > ring.position() && position <= reader.position())
            {
                ring.releaseTo(position);
            }
        }
        else if (type == RESUME)
        {
            resume(buffer.getInt(offset + CONTROL_EPOCH_OFFSET), position);
        }
    }

    private void resume(final int newEpoch, final long position)
    {
        if (newEpoch == epoch)
        {
            return;
        }
        final long released = ring.position();
        long resumeAt = position;
        if (position == NOTHING)
        {
            resumeAt = released;
        }
        else if (position < released)
        {
            counters.errors.incrementRelease();
            DriverLog.error(roleName + ": the receiver asks to resume at " + position + " but the ring is released " +
                "to " + released + " (its state was lost): " + (released - position) + " bytes of messages are " +
                "gone; resuming at " + released);
            resumeAt = released;
        }
        else if (position > ring.producerPosition())
        {
            counters.errors.incrementRelease();
            DriverLog.error(roleName + ": the receiver asks to resume at " + position + ", past the ring's end " +
                ring.producerPosition() + ": not resuming");
            return;
        }
        ring.releaseTo(resumeAt);
        reader.seek(resumeAt);
        from = resumeAt;
        epoch = newEpoch;
        frameHeader.putInt(EPOCH_OFFSET, epoch);
        DriverLog.info(roleName + ": resuming at ring position " + resumeAt + " (epoch " + epoch + ")");
    }

    @Override
    public ControlledRecordHandler.Action onMessage(final int typeId, final DirectBuffer buffer, final int offset,
        final int length)
    {
        final long end = reader.recordEndPosition();
        frameHeader.putInt(TYPE_ID_OFFSET, typeId);
        frameHeader.putLong(FROM_OFFSET, from);
        frameHeader.putLong(END_OFFSET, end);
        final long result;
        if (HEADER_LENGTH + length <= maxPayloadLength)
        {
            result = publication.tryClaim(HEADER_LENGTH + length, claim);
            if (result > 0)
            {
                claim.buffer().putBytes(claim.offset(), frameHeader, 0, HEADER_LENGTH);
                claim.buffer().putBytes(claim.offset() + HEADER_LENGTH, buffer, offset, length);
                claim.commit();
            }
        }
        else
        {
            vectors[1].reset(buffer, offset, length);
            result = publication.offer(vectors);
        }
        if (result > 0)
        {
            from = end;
            backPressured = false;
            counters.messages.incrementRelease();
            counters.bytes.getAndAddRelease(length);
            return CONTINUE;
        }
        if (result == Publication.BACK_PRESSURED && !backPressured)
        {
            backPressured = true;
            counters.backPressure.incrementRelease();
        }
        else if (result == Publication.NOT_CONNECTED)
        {
            epoch = NO_EPOCH;
        }
        else if (result == Publication.MAX_POSITION_EXCEEDED)
        {
            recreatePublication = true;
        }
        return ABORT;
    }

    /**
     * Asks the bridge to finish: it stops taking messages from the ring and is drained once the receiver has
     * acknowledged all it was sent (or there is no receiver). What is not acknowledged stays in the ring.
     */
    void drain()
    {
        draining = true;
    }

    boolean isDrained()
    {
        return drained;
    }

    @Override
    public void onClose()
    {
        CloseHelper.closeAll(publication, acks, ring, counters);
    }

    @Override
    public String roleName()
    {
        return roleName;
    }
}
