package io.slipstream.engine;

/** Where a new subscription starts reading. */
public enum StartPosition
{
    /** The oldest record still held for consumers: nothing the producer wrote since the slowest consumer is lost. */
    EARLIEST,
    /** The producer's current position: only records committed after joining are seen. */
    LATEST
}
