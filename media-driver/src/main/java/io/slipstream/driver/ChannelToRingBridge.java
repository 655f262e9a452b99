package io.slipstream.driver;

import io.aeron.Aeron;
import io.aeron.ControlledFragmentAssembler;
import io.aeron.Image;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.slipstream.engine.Publication;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochClock;

/**
 * Moves an Aeron stream's messages into a ring, of which it is the producer. Reads with Aeron's controlled poll
 * through a {@link ControlledFragmentAssembler} (messages longer than a frame arrive whole); when the ring is full
 * it answers {@code ABORT}, so the message stays in Aeron's buffer, the bridge stops consuming, and Aeron's flow
 * control holds the sender back. The type id comes from the frame's reserved value.
 * <p>
 * One sender per bridge at a time: with several images on the stream only the oldest is read, so a second sending
 * driver waits until the first goes away (a restarted sender is the intended case).
 */
final class ChannelToRingBridge implements Agent, ControlledFragmentHandler
{
    /** A draining bridge is drained once nothing has arrived for this long. */
    private static final long QUIET_FOR_DRAINED_MS = 200;

    private final String roleName;
    private final Subscription subscription;
    private final Publication ring;
    private final BridgeCounters counters;
    private final ControlledFragmentAssembler assembler;
    private final int pollLimit;
    private final EpochClock clock;
    private boolean backPressured;
    private long lastWorkMs;
    private volatile boolean draining;
    private volatile boolean drained;

    ChannelToRingBridge(final BridgeSpec spec, final Aeron aeron, final Publication ring,
        final BridgeCounters counters, final int pollLimit, final EpochClock clock)
    {
        this.roleName = "bridge " + spec.text();
        this.ring = ring;
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
    }

    @Override
    public int doWork()
    {
        final int count = pollOldestImage();
        counters.connected(subscription.isConnected());
        if (draining)
        {
            final long nowMs = clock.time();
            if (count > 0)
            {
                lastWorkMs = nowMs;
            }
            else if (backPressured || nowMs - lastWorkMs >= QUIET_FOR_DRAINED_MS)
            {
                drained = true;
            }
        }
        return count;
    }

    /**
     * Polls only the oldest image (the peer that connected first). When a sending driver is restarted, the new
     * image carries what follows the old one's messages; reading it only once the old image is gone (drained and
     * timed out) keeps the ring in order.
     */
    private int pollOldestImage()
    {
        if (subscription.imageCount() == 0)
        {
            return 0;
        }
        final Image image;
        try
        {
            image = subscription.imageAtIndex(0);
        }
        catch (final IndexOutOfBoundsException ex)
        {
            return 0; // the image went away between the two calls
        }
        return image.controlledPoll(assembler, pollLimit);
    }

    @Override
    public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (length > ring.maxMessageLength())
        {
            // It can never fit: say so loudly rather than stall the stream for ever.
            counters.errors.incrementRelease();
            DriverLog.error(roleName + ": dropped a " + length + "-byte message, longer than the ring's maximum " +
                ring.maxMessageLength() + ": give the ring a larger capacity");
            return Action.CONTINUE;
        }
        final int typeId = (int)header.reservedValue();
        final long result;
        try
        {
            result = ring.offer(buffer, offset, length, typeId);
        }
        catch (final IllegalArgumentException ex)
        {
            counters.errors.incrementRelease();
            DriverLog.error(roleName + ": dropped a message the ring refuses: " + ex.getMessage());
            return Action.CONTINUE;
        }
        if (result > 0)
        {
            backPressured = false;
            counters.messages.incrementRelease();
            counters.bytes.getAndAddRelease(length);
            return Action.CONTINUE;
        }
        if (result == Publication.BACK_PRESSURED && !backPressured)
        {
            backPressured = true;
            counters.backPressure.incrementRelease();
        }
        return Action.ABORT;
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
        CloseHelper.closeAll(subscription, ring, counters);
    }

    @Override
    public String roleName()
    {
        return roleName;
    }
}
