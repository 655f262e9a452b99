package io.slipstream.perf.core;

/**
 * A measurement that cannot be trusted: a lost, reordered or corrupted message, a peer that died or went silent.
 * The run stops; no figure is reported for it.
 */
public class HarnessException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public HarnessException(final String message)
    {
        super(message);
    }

    public HarnessException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
