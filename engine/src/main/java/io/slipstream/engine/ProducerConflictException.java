package io.slipstream.engine;

/**
 * A second producer tried to open a ring whose producer is alive (holds the producer lock on the ring file): a ring
 * has exactly one producer.
 */
public final class ProducerConflictException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final long holderPid;

    public ProducerConflictException(final String message, final long holderPid)
    {
        super(message);
        this.holderPid = holderPid;
    }

    /**
     * The process id the live producer recorded in the ring file: its pid in its own pid namespace, which differs
     * from the one seen here if it runs in another (a container); 0 if it had not recorded it yet.
     */
    public long holderPid()
    {
        return holderPid;
    }
}
