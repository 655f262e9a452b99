package io.slipstream.driver;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.slipstream.engine.Publication;
import io.slipstream.engine.RingContext;
import io.slipstream.engine.RingFileException;
import io.slipstream.engine.StartPosition;
import io.slipstream.engine.Subscription;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.SystemEpochClock;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A running media driver: Aeron's {@link MediaDriver} embedded in this process, an Aeron client, and one bridge
 * agent per {@link BridgeSpec}, each on its own {@link AgentRunner}, or all on one ({@link BridgeThreads#SHARED}), or
 * all on the one thread that also runs Aeron's driver and client ({@link BridgeThreads#DRIVER}: Aeron in
 * {@code ThreadingMode.INVOKER}, a {@link DriverDutyCycle}). {@link #close()} drains the bridges (up to the
 * drain timeout: sending bridges stop reading their rings and wait until Aeron has sent what it holds; receiving
 * bridges write what arrives until the stream is quiet), closes the rings and Aeron, and deletes Aeron's directory.
 * Once every bridge has started, other processes can learn that the driver is ready through {@link DriverReadiness}.
 */
public final class SlipstreamDriver implements AutoCloseable
{
    /** After a drain, how long Aeron keeps running to repair what the network lost. */
    private static final long LINGER_MS = 300;
    /**
     * How long the Aeron client waits, once it has closed by itself (see {@link AeronClosed}), before it unmaps its
     * files: the bridges' threads see it closed and stop within a duty cycle.
     */
    static final long CLIENT_CLOSE_LINGER_MS = 1000;
    /** The name of the one thread of a driver with {@link BridgeThreads#DRIVER}. */
    static final String DUTY_CYCLE_ROLE_NAME = "slipstream-driver";

    private final DriverContext context;
    private final MediaDriver mediaDriver;
    private final Aeron aeron;
    private final List<AgentRunner> runners = new ArrayList<>();
    private final List<Agent> sharedAgents = new ArrayList<>();
    private final List<BooleanSupplier> drainedChecks = new ArrayList<>();
    private final List<Runnable> drainRequests = new ArrayList<>();
    private boolean closed;

    private SlipstreamDriver(final DriverContext context)
    {
        this.context = context;
        final boolean oneThread = context.bridgeThreads() == BridgeThreads.DRIVER;
        final MediaDriver.Context driverContext = new MediaDriver.Context()
            .aeronDirectoryName(context.aeronDir().toString())
            .threadingMode(oneThread ? ThreadingMode.INVOKER : context.threadingMode())
            .dirDeleteOnShutdown(true)
            .warnIfDirectoryExists(false)
            .conductorIdleStrategy(context.driverIdleStrategy().get())
            .senderIdleStrategy(context.driverIdleStrategy().get())
            .receiverIdleStrategy(context.driverIdleStrategy().get())
            .sharedNetworkIdleStrategy(context.driverIdleStrategy().get())
            .sharedIdleStrategy(context.driverIdleStrategy().get());
        if (context.termLengthBytes() > 0)
        {
            driverContext.publicationTermBufferLength(context.termLengthBytes());
        }
        if (context.peerTimeoutMs() > 0)
        {
            driverContext.imageLivenessTimeoutNs(TimeUnit.MILLISECONDS.toNanos(context.peerTimeoutMs()));
        }
        if (context.publicationWindowBytes() > 0)
        {
            driverContext.publicationTermWindowLength(context.publicationWindowBytes());
        }
        if (context.mtuBytes() > 0)
        {
            driverContext.mtuLength(context.mtuBytes());
        }
        if (oneThread)
        {
            driverContext.asyncExecutorEnabled(false); // its name resolution runs in the conductor's duty cycle
        }
        AeronDirectory.deleteIfStale(context.aeronDir());
        mediaDriver = MediaDriver.launch(driverContext);
        final Aeron.Context clientContext = new Aeron.Context().aeronDirectoryName(mediaDriver.aeronDirectoryName())
            .closeLingerDurationNs(TimeUnit.MILLISECONDS.toNanos(CLIENT_CLOSE_LINGER_MS));
        if (oneThread)
        {
            // No client thread; while a call waits for the driver's answer (bridges being made) it invokes the driver.
            clientContext.useConductorAgentInvoker(true).driverAgentInvoker(mediaDriver.sharedAgentInvoker());
        }
        try
        {
            aeron = Aeron.connect(clientContext);
        }
        catch (final RuntimeException ex)
        {
            mediaDriver.close();
            throw ex;
        }
    }

    /**
     * Starts Aeron's driver and the bridges.
     *
     * @throws IllegalArgumentException for bad settings, or a ring or Aeron exception if a bridge cannot start.
     */
    public static SlipstreamDriver launch(final DriverContext context)
    {
        context.conclude();
        final SlipstreamDriver driver = new SlipstreamDriver(context);
        try
        {
            int number = 0;
            for (final BridgeSpec spec : context.bridges())
            {
                driver.startBridge(number++, spec);
            }
            driver.startSharedBridgeThread();
            DriverReadiness.markReady(Path.of(driver.aeronDirectoryName()), context.ringDir(),
                context.bridges().size());
        }
        catch (final RuntimeException ex)
        {
            driver.closeNow();
            throw ex;
        }
        return driver;
    }

    private void startBridge(final int number, final BridgeSpec spec)
    {
        final RingContext ring = new RingContext().directory(context.ringDir()).streamName(spec.ringName());
        if (context.ringCapacityBytes() > 0 && !ring.ringFile().toFile().exists())
        {
            ring.capacityBytes(context.ringCapacityBytes());
        }
        final BridgeCounters counters = new BridgeCounters(aeron, number, spec);
        final ErrorHandler errorHandler = ex ->
        {
            counters.errors.incrementRelease();
            DriverLog.error("bridge " + spec.text() + ": " + ex);
        };
        final Agent agent;
        try
        {
            if (spec.direction() == BridgeSpec.Direction.RING_TO_CHANNEL)
            {
                final RingToChannelBridge bridge = newSender(spec, ring.startPosition(StartPosition.EARLIEST),
                    counters);
                agent = bridge;
                drainRequests.add(bridge::drain);
                drainedChecks.add(bridge::isDrained);
            }
            else
            {
                final ChannelToRingBridge bridge = newReceiver(spec, ring, counters);
                agent = bridge;
                drainRequests.add(bridge::drain);
                drainedChecks.add(bridge::isDrained);
            }
        }
        catch (final RuntimeException ex)
        {
            counters.close();
            throw ex;
        }
        if (context.bridgeThreads() != BridgeThreads.DEDICATED)
        {
            // started together once every bridge is made
            sharedAgents.add(new ErrorCountingAgent(agent, errorHandler,
                spec.direction() == BridgeSpec.Direction.RING_TO_CHANNEL));
        }
        else
        {
            final AgentRunner runner = new AgentRunner(context.idleStrategy().get(), errorHandler, null, agent);
            runners.add(runner);
            AgentRunner.startOnThread(runner);
        }
        DriverLog.info("started bridge " + spec.text() + " (stream " + spec.streamId() + ", ring " +
            ring.ringFile() + ")");
    }

    /**
     * With {@link BridgeThreads#SHARED}: every bridge's duty cycle in turn on one thread. With
     * {@link BridgeThreads#DRIVER}: Aeron's driver, its client and every bridge on one thread, with the driver idle
     * strategy.
     */
    private void startSharedBridgeThread()
    {
        if (sharedAgents.isEmpty())
        {
            return;
        }
        final AgentRunner runner;
        if (context.bridgeThreads() == BridgeThreads.DRIVER)
        {
            runner = new AgentRunner(context.driverIdleStrategy().get(), ex -> DriverLog.error("driver: " + ex), null,
                new DriverDutyCycle(mediaDriver.sharedAgentInvoker(), aeron.conductorAgentInvoker(), aeron,
                List.copyOf(sharedAgents), DUTY_CYCLE_ROLE_NAME));
        }
        else
        {
            runner = new AgentRunner(context.idleStrategy().get(), ex -> DriverLog.error("bridges: " + ex), null,
                new CompositeAgent(List.copyOf(sharedAgents)));
        }
        sharedAgents.clear();
        runners.add(runner);
        AgentRunner.startOnThread(runner);
    }

    /**
     * The sending bridge holds a durable slot of its ring named after its channel, so a second driver bridging the
     * same ring to the same channel is refused (the slot's lock is held), and a stopped or killed driver's place in
     * the ring is kept. {@link BridgeIdentityFile} reports a ring recreated while the driver was down.
     */
    private RingToChannelBridge newSender(final BridgeSpec spec, final RingContext ring, final BridgeCounters counters)
    {
        final String name = durableConsumerName(spec);
        final Subscription subscription;
        try
        {
            subscription = Subscription.open(ring.durableConsumer(name));
        }
        catch (final RingFileException ex)
        {
            throw new IllegalStateException("bridge " + spec.text() + ": cannot hold ring " + ring.ringFile() +
                " as durable consumer '" + name + "': " + ex.getMessage() + " (is another driver bridging this " +
                "ring to this channel?)", ex);
        }
        try
        {
            BridgeIdentityFile.check(identityFile(context.ringDir(), spec), subscription.ringFile(), spec, counters);
            return new RingToChannelBridge(spec, aeron, subscription, counters, context.pollLimit(),
                SystemEpochClock.INSTANCE, context.ackChannel() == null ? AckChannel.EPHEMERAL : context.ackChannel());
        }
        catch (final RuntimeException ex)
        {
            subscription.close();
            throw ex;
        }
    }

    private ChannelToRingBridge newReceiver(final BridgeSpec spec, final RingContext ring,
        final BridgeCounters counters)
    {
        final Publication publication = Publication.open(ring);
        ReceiverState state = null;
        try
        {
            state = new ReceiverState(context.ringDir().resolve(spec.ringName() + ".from-" +
                FrameDescriptor.channelKey(spec.channel(), spec.streamId()) + ".bridge"), publication.ringFile(),
                publication.position(), "bridge " + spec.text());
            return new ChannelToRingBridge(spec, aeron, publication, state, counters, context.pollLimit(),
                SystemEpochClock.INSTANCE);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.closeAll(state, publication);
            throw ex;
        }
    }

    /** The file beside a sending bridge's ring that says which ring it last ran on. */
    static Path identityFile(final Path ringDir, final BridgeSpec spec)
    {
        return ringDir.resolve(spec.ringName() + ".to-" + FrameDescriptor.channelKey(spec.channel(), spec.streamId()) +
            ".bridge");
    }

    /** The name of the durable consumer slot a sending bridge holds in its ring. */
    public static String durableConsumerName(final BridgeSpec spec)
    {
        return "driver-to-" + FrameDescriptor.channelKey(spec.channel(), spec.streamId());
    }

    /** The Aeron directory in use (holds the CnC file with the counters). */
    public String aeronDirectoryName()
    {
        return mediaDriver.aeronDirectoryName();
    }

    /** The Aeron client of this driver, for tests and tools in the same process. */
    public Aeron aeron()
    {
        return aeron;
    }

    /** Drains the bridges for up to the drain timeout, then stops them and Aeron, and deletes Aeron's directory. */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        if (aeron.isClosed())
        {
            closeNow(); // the bridges have stopped: nothing can drain
            return;
        }
        DriverReadiness.clear(Path.of(aeronDirectoryName()));
        drainRequests.forEach(Runnable::run);
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(context.drainTimeoutMs());
        while (!drainedChecks.stream().allMatch(BooleanSupplier::getAsBoolean) && System.nanoTime() < deadlineNs)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        if (!drainedChecks.stream().allMatch(BooleanSupplier::getAsBoolean))
        {
            DriverLog.warn("drain timeout (" + context.drainTimeoutMs() + " ms) reached with bridges still busy");
        }
        else
        {
            // Sent is not yet received: give Aeron a moment for the last status messages and any retransmission.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.min(LINGER_MS, context.drainTimeoutMs())));
        }
        closeNow();
    }

    /**
     * Whether the driver's Aeron client has closed by itself (Aeron's timeouts, see {@link AeronClosed}): the
     * bridges have stopped, and the driver must be closed and started again.
     */
    public boolean isAeronClosed()
    {
        return aeron.isClosed();
    }

    /** Stops at once without draining (what is in flight in Aeron is lost; rings keep what they hold). */
    public synchronized void closeNow()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        DriverReadiness.clear(Path.of(aeronDirectoryName()));
        CloseHelper.closeAll(runners);
        sharedAgents.forEach(Agent::onClose); // made but never started: a later bridge failed
        sharedAgents.clear();
        CloseHelper.closeAll(aeron, mediaDriver);
    }
}
