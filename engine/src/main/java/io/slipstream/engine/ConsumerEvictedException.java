package io.slipstream.engine;

/**
 * A subscription was evicted by its ring's producer for holding it back without polling for longer than the
 * producer's {@link RingContext#consumerEvictionTimeoutNs}. Every poll after the eviction throws it: the records
 * from the subscription's position on may have been overwritten. Close the subscription and open a new one.
 */
public final class ConsumerEvictedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public ConsumerEvictedException(final String message)
    {
        super(message);
    }
}
