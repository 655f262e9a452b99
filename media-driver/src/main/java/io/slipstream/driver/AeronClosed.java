package io.slipstream.driver;

import io.aeron.Aeron;
import org.agrona.concurrent.AgentTerminationException;

/**
 * What a bridge does once the driver's Aeron client has closed under it, which the client does by itself when it
 * finds its own duty cycle or the media driver silent for longer than Aeron's timeouts (the process was stopped, a
 * virtual machine paused, a pause outlasted {@code aeron.client.liveness.timeout} or {@code aeron.driver.timeout}):
 * it stops, since the client's counters, publications and images are about to be unmapped. The client lingers
 * ({@link SlipstreamDriver#CLIENT_CLOSE_LINGER_MS}) before it unmaps them, so a bridge that checks at the start of
 * each duty cycle stops in time; the driver then exits with an error, and a supervisor that starts it again resumes
 * every stream where it stood.
 */
final class AeronClosed
{
    private AeronClosed()
    {
    }

    /** @throws AgentTerminationException if the client has closed. */
    static void check(final Aeron aeron, final String roleName)
    {
        if (aeron.isClosed())
        {
            throw new AgentTerminationException(roleName + ": the Aeron client has closed (see its error above)");
        }
    }
}
