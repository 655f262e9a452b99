package io.slipstream.driver;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.ReservedValueSupplier;
import io.aeron.driver.status.SenderPos;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.status.ReadableCounter;
import io.slipstream.engine.ControlledRecordHandler;
import io.slipstream.engine.Subscription;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.status.CountersReader;

/**
 * Moves a ring's messages to an Aeron stream. A consumer of the ring like any other: it reads with
 * {@link Subscription#controlledPoll} and leaves a message in the ring ({@code ABORT}) whenever Aeron cannot take it
 * (not connected, back-pressured), so the ring backs up and its producer is back-pressured in turn; nothing is
 * dropped. A message that fits one frame goes straight from the ring into Aeron's term buffer ({@code tryClaim});
 * a longer one is offered and Aeron fragments it. The type id travels in the frame's reserved value. Where each
 * record lies in the ring, for the position file, is what the ring says during the handler's call
 * ({@link Subscription#recordPosition()}, {@link Subscription#recordEndPosition()}).
 */
final class RingToChannelBridge implements Agent, ControlledRecordHandler, ReservedValueSupplier
{
    private static final ControlledRecordHandler.Action CONTINUE = ControlledRecordHandler.Action.CONTINUE;
    private static final ControlledRecordHandler.Action ABORT = ControlledRecordHandler.Action.ABORT;

    private final String roleName;
    private final BridgeSpec spec;
    private final Aeron aeron;
    private final Subscription ring;
    private final BridgePositionFile positionFile;
    private final BridgeCounters counters;
    private final int pollLimit;
    private final BufferClaim claim = new BufferClaim();
    private ExclusivePublication publication;
    private ReadableCounter senderPosition;
    private int maxPayloadLength;
    private int offerTypeId;
    private boolean backPressured;
    private boolean recreatePublication;
    private volatile boolean draining;
    private volatile boolean drained;

    RingToChannelBridge(final BridgeSpec spec, final Aeron aeron, final Subscription ring,
        final BridgePositionFile positionFile, final BridgeCounters counters, final int pollLimit)
    {
        this.roleName = "bridge " + spec.text();
        this.spec = spec;
        this.aeron = aeron;
        this.ring = ring;
        this.positionFile = positionFile;
        this.counters = counters;
        this.pollLimit = pollLimit;
        addPublication();
        resume();
    }

    private void addPublication()
    {
        CloseHelper.closeAll(senderPosition, publication);
        publication = aeron.addExclusivePublication(spec.channel(), spec.streamId());
        if (publication.maxMessageLength() < ring.ringFile().maxMessageLength())
        {
            throw new IllegalArgumentException(spec.text() + ": ring messages may be up to " +
                ring.ringFile().maxMessageLength() + " bytes but the Aeron stream takes at most " +
                publication.maxMessageLength() + " (term length / 8): raise --term-length");
        }
        maxPayloadLength = publication.maxPayloadLength();
        senderPosition = findSenderPosition(aeron.countersReader(), publication.registrationId());
    }

    /** The driver's sender position counter of the publication (its key starts with the registration id). */
    private static ReadableCounter findSenderPosition(final CountersReader reader, final long registrationId)
    {
        final int[] found = {-1};
        reader.forEach((counterId, typeId, keyBuffer, label) ->
        {
            if (typeId == SenderPos.SENDER_POSITION_TYPE_ID && keyBuffer.getLong(0) == registrationId)
            {
                found[0] = counterId;
            }
        });
        return found[0] < 0 ? null : new ReadableCounter(reader, found[0]);
    }

    /** Skips what a previous run of this bridge already handed to Aeron (its position file says how far). */
    private void resume()
    {
        final long saved = positionFile.initialPosition();
        if (saved == BridgePositionFile.NONE)
        {
            positionFile.position(ring.position());
            return;
        }
        if (ring.producerPosition() < saved)
        {
            DriverLog.warn(roleName + ": ring position " + ring.producerPosition() + " is behind the saved bridge " +
                "position " + saved + " (a new ring?): starting from its oldest message");
        }
        else if (ring.position() > saved)
        {
            DriverLog.warn(roleName + ": " + (ring.position() - saved) + " bytes of messages were released from " +
                "the ring before the bridge came back; resuming at " + ring.position());
            counters.errors.incrementRelease();
        }
        else
        {
            final ControlledRecordHandler skipper = (typeId, buffer, offset, length) ->
                ring.recordEndPosition() > saved ? ABORT : CONTINUE;
            while (ring.position() < saved && ring.controlledPoll(skipper, pollLimit) > 0)
            {
                // skipping what was handed over before
            }
            DriverLog.info(roleName + ": resumed at ring position " + ring.position());
        }
        positionFile.position(ring.position());
    }

    @Override
    public int doWork()
    {
        if (recreatePublication)
        {
            recreatePublication = false;
            addPublication();
        }
        final boolean connected = publication.isConnected();
        counters.connected(connected);
        if (draining)
        {
            // Take nothing more from the ring (it keeps the rest for the next run); finish sending what Aeron holds.
            if (!drained && (!connected || sentAll()))
            {
                drained = true;
            }
            return 0;
        }
        final int count = ring.controlledPoll(this, pollLimit);
        counters.lag.setRelease(ring.producerPosition() - ring.position());
        return count;
    }

    private boolean sentAll()
    {
        return senderPosition == null || senderPosition.isClosed() ||
            senderPosition.get() >= publication.position();
    }

    @Override
    public ControlledRecordHandler.Action onMessage(final int typeId, final DirectBuffer buffer, final int offset,
        final int length)
    {
        positionFile.position(ring.recordEndPosition());
        final long result;
        if (length <= maxPayloadLength)
        {
            result = publication.tryClaim(length, claim);
            if (result > 0)
            {
                claim.buffer().putBytes(claim.offset(), buffer, offset, length);
                claim.reservedValue(typeId);
                claim.commit();
            }
        }
        else
        {
            offerTypeId = typeId;
            result = publication.offer(buffer, offset, length, this);
        }
        if (result > 0)
        {
            backPressured = false;
            counters.messages.incrementRelease();
            counters.bytes.getAndAddRelease(length);
            return CONTINUE;
        }
        positionFile.position(ring.recordPosition()); // refused: everything before this record was handed over
        if (result == Publication.BACK_PRESSURED && !backPressured)
        {
            backPressured = true;
            counters.backPressure.incrementRelease();
        }
        else if (result == Publication.MAX_POSITION_EXCEEDED)
        {
            recreatePublication = true;
        }
        return ABORT;
    }

    /** Supplies the type id as the reserved value of every fragment of an offered message. */
    @Override
    public long get(final DirectBuffer termBuffer, final int termOffset, final int frameLength)
    {
        return offerTypeId;
    }

    /**
     * Asks the bridge to finish: it stops taking messages from the ring and is drained once Aeron has sent all it
     * was handed (or has no peer to send to).
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
        CloseHelper.closeAll(senderPosition, publication, ring, positionFile, counters);
    }

    @Override
    public String roleName()
    {
        return roleName;
    }
}
