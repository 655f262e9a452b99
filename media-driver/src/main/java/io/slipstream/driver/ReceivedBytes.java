package io.slipstream.driver;

import io.aeron.AeronCounters;
import io.aeron.Image;
import io.aeron.Subscription;
import io.aeron.driver.status.StreamCounter;
import org.agrona.concurrent.status.CountersReader;

import java.util.Arrays;

/**
 * What a receiving bridge's Aeron stream holds that the bridge has not yet taken: for each image of its subscription,
 * the image's receiver high-water mark (Aeron's {@code rcv-hwm} counter, keyed by the image's correlation id) minus
 * the bridge's position in the image. Each image's counter is looked up once, when the image first shows; after that
 * a reading is two counter loads per image and allocates nothing. Used on the bridge's thread only.
 */
final class ReceivedBytes
{
    private static final int NOT_FOUND = -1;

    private final Subscription subscription;
    private final CountersReader counters;
    private long[] correlationIds = new long[2];
    private int[] counterIds = new int[2];
    private long lookingFor;
    private int found;

    ReceivedBytes(final Subscription subscription, final CountersReader counters)
    {
        this.subscription = subscription;
        this.counters = counters;
        Arrays.fill(correlationIds, Long.MIN_VALUE);
    }

    /** Bytes received into the subscription's images and not yet polled from them, summed over the images. */
    long unread()
    {
        final int count = subscription.imageCount();
        if (count > correlationIds.length)
        {
            final int known = correlationIds.length;
            correlationIds = Arrays.copyOf(correlationIds, count);
            counterIds = Arrays.copyOf(counterIds, count);
            Arrays.fill(correlationIds, known, count, Long.MIN_VALUE);
        }
        long unread = 0;
        for (int i = 0; i < count; i++)
        {
            final Image image;
            try
            {
                image = subscription.imageAtIndex(i);
            }
            catch (final IndexOutOfBoundsException ex)
            {
                break; // an image went while we counted (the client conductor removes images on its own thread)
            }
            if (correlationIds[i] != image.correlationId())
            {
                correlationIds[i] = image.correlationId();
                counterIds[i] = receiverHwmCounterId(image.correlationId());
            }
            if (counterIds[i] != NOT_FOUND && !image.isClosed())
            {
                unread += Math.max(0, counters.getCounterValue(counterIds[i]) - image.position());
            }
        }
        return unread;
    }

    private int receiverHwmCounterId(final long correlationId)
    {
        lookingFor = correlationId;
        found = NOT_FOUND;
        counters.forEach((counterId, typeId, keyBuffer, label) ->
        {
            if (typeId == AeronCounters.DRIVER_RECEIVER_HWM_TYPE_ID &&
                keyBuffer.getLong(StreamCounter.REGISTRATION_ID_OFFSET) == lookingFor)
            {
                found = counterId;
            }
        });
        return found;
    }
}
