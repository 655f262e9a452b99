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

    /**
     * The JVM turns a fault in an access to mapped memory (SIGBUS: the file was truncated while mapped) into an
     * {@link InternalError}; the engine reports it as this exception, naming the file.
     */
    static RingFileException mappedAccessFault(final java.nio.file.Path path, final InternalError cause)
    {
        return new RingFileException(path +
            ": fault accessing the mapped ring file (was it truncated while mapped?): " +
            cause.getMessage(), cause);
    }
}
