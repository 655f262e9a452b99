package io.slipstream.driver;

import io.aeron.Aeron;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;

import java.util.List;

/**
 * The whole driver as one agent ({@link BridgeThreads#DRIVER}): each duty cycle runs the sending bridges, then
 * invokes Aeron's media driver (its conductor, sender and receiver, in {@code ThreadingMode.INVOKER}) and the Aeron
 * client's conductor, then runs the receiving bridges. In that order a message read from a ring is on the wire, and
 * one that came off the wire is in its ring, within the same cycle, rather than a cycle later. Started and closed
 * by one {@code AgentRunner}; the invokers themselves are closed with the media driver and the client, after this
 * agent's thread has stopped.
 */
final class DriverDutyCycle implements Agent
{
    private final AgentInvoker mediaDriver;
    private final AgentInvoker client;
    private final Aeron aeron;
    private final Agent[] bridges;
    private final Agent[] sendingBridges;
    private final Agent[] receivingBridges;
    private final String roleName;

    DriverDutyCycle(final AgentInvoker mediaDriver, final AgentInvoker client, final Aeron aeron,
        final List<Agent> bridges, final String roleName)
    {
        this.mediaDriver = mediaDriver;
        this.client = client;
        this.aeron = aeron;
        this.bridges = bridges.toArray(new Agent[0]);
        this.sendingBridges = bridges.stream().filter(DriverDutyCycle::isSending).toArray(Agent[]::new);
        this.receivingBridges = bridges.stream().filter(b -> !isSending(b)).toArray(Agent[]::new);
        this.roleName = roleName;
    }

    private static boolean isSending(final Agent bridge)
    {
        return bridge instanceof ErrorCountingAgent counting ? counting.isSending() :
            bridge instanceof RingToChannelBridge;
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
        int work = 0;
        for (final Agent bridge : sendingBridges)
        {
            work += bridge.doWork();
        }
        work += mediaDriver.invoke();
        work += client.invoke();
        AeronClosed.check(aeron, roleName); // the client may have closed itself in that call
        for (final Agent bridge : receivingBridges)
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
