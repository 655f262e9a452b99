package io.slipstream.engine;

/**
 * A ring file was refused: corrupt, hostile, incompatible with what was asked for, not ready in time, or not safe to
 * open (a symbolic link, another user's file, wrong type).
 */
public class RingFileException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public RingFileException(final String message)
    {
        super(message);
    }

    public RingFileException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
