package io.slipstream.driver;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;

import java.util.List;

/**
 * The whole driver as one agent ({@link BridgeThreads#DRIVER}): each duty cycle invokes Aeron's media driver (its
 * conductor, sender and receiver, in {@code ThreadingMode.INVOKER}), then the Aeron client's conductor, then every
 * bridge in turn. Started and closed by one {@code AgentRunner}; the invokers themselves are closed with the media
 * driver and the client, after this agent's thread has stopped.
 */
final class DriverDutyCycle implements Agent
{
    private final AgentInvoker mediaDriver;
    private final AgentInvoker client;
    private final Agent[] bridges;
    private final String roleName;

    DriverDutyCycle(final AgentInvoker mediaDriver, final AgentInvoker client, final List<Agent> bridges,
        final String roleName)
    {
        this.mediaDriver = mediaDriver;
        this.client = client;
        this.bridges = bridges.toArray(new Agent[0]);
        this.roleName = roleName;
    }

    @Override
    public void onStart()
    {
        for (final Agent bridge : bridges)
        {
            bridge.onStart();
        }
    }

    @Override
    public int doWork() throws Exception
    {
        int work = mediaDriver.invoke();
        work += client.invoke();
        for (final Agent bridge : bridges)
        {
            work += bridge.doWork();
        }
        return work;
    }

    /** Closes every bridge, even if one fails; the first failure is thrown after the others have closed. */
    @Override
    public void onClose()
    {
        RuntimeException failure = null;
        for (final Agent bridge : bridges)
        {
            try
            {
                bridge.onClose();
            }
            catch (final RuntimeException ex)
            {
                if (failure == null)
                {
                    failure = ex;
                }
                else
                {
                    failure.addSuppressed(ex);
                }
            }
        }
        if (failure != null)
        {
            throw failure;
        }
    }

    @Override
    public String roleName()
    {
        return roleName;
    }
}
