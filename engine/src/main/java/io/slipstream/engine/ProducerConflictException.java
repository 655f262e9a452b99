package io.slipstream.engine;

/** A second producer tried to open a ring whose producer is alive: a ring has exactly one producer. */
public final class ProducerConflictException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final long holderPid;

    public ProducerConflictException(final String message, final long holderPid)
    {
        super(message);
        this.holderPid = holderPid;
    }

    /** The process id of the live producer that holds the ring. */
    public long holderPid()
    {
        return holderPid;
    }
}
