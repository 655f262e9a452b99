package io.slipstream.driver;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;

/**
 * A bridge as one of several agents on a thread ({@link BridgeThreads#SHARED}, {@link BridgeThreads#DRIVER}): an
 * exception from its duty cycle goes to its own error handler (its {@code errors} counter and the log), as it would
 * on a thread of its own, and the thread goes on to the next agent, so one failing bridge neither hides its errors
 * nor stops the other bridges, or the Aeron driver sharing the thread, from working.
 */
final class ErrorCountingAgent implements Agent
{
    private final Agent agent;
    private final ErrorHandler errorHandler;
    private final boolean sending;

    ErrorCountingAgent(final Agent agent, final ErrorHandler errorHandler, final boolean sending)
    {
        this.agent = agent;
        this.errorHandler = errorHandler;
        this.sending = sending;
    }

    /** Whether the bridge reads a ring and sends (it runs before the Aeron driver in a duty cycle). */
    boolean isSending()
    {
        return sending;
    }

    @Override
    public void onStart()
    {
        agent.onStart();
    }

    @Override
    public int doWork()
    {
        try
        {
            return agent.doWork();
        }
        catch (final AgentTerminationException ex)
        {
            throw ex;
        }
        catch (final Exception ex)
        {
            errorHandler.onError(ex);
            return 0;
        }
    }

    @Override
    public void onClose()
    {
        agent.onClose();
    }

    @Override
    public String roleName()
    {
        return agent.roleName();
    }
}
