package io.slipstream.perf.jmh;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Aeron IPC through an embedded media driver, an exclusive publication and a subscription on two threads of one JMH
 * group: the cost of an offer and of a poll while the other side runs at the same time. The term is pre-touched and
 * not sparse, so no first-touch page fault falls inside the measurement, and 1 MiB long, as in the cross-process
 * harness: the driver's conductor is what moves an IPC publication's limit, and it sleeps 1 ms whenever a duty
 * cycle finds nothing to do (on two cores a spinning driver thread would take a core from one of the group's
 * threads), so the producer may run a whole term window (half a term) ahead of the last limit it saw; a 64 KiB term
 * would cap the group at 32 KiB per sleep. An offer into a full term window returns a negative code and a poll of
 * an empty image returns 0.
 */
// Aeron and Agrona need the export; the pre-touch property is Aeron's documented switch (the client context below
// sets it too); the GC and heap flags are the noise control every peer was measured with.
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
    "-Daeron.pre.touch.mapped.memory=true",
    "--sun-misc-unsafe-memory-access=allow", "-XX:+UseSerialGC", "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch",
    OfferPollGroupBenchmark.BOUNDS_CHECKS_OFF_FLAG})
public class AeronIpcGroupBenchmark extends OfferPollGroupBenchmark
{
    private static final String CHANNEL = "aeron:ipc?term-length=1m|sparse=false";
    private static final int STREAM_ID = 1001;
    private static final int FRAGMENT_LIMIT = 1;
    private static final long DRIVER_SLEEP_MS = 1;

    private final FragmentHandler handler = this::onFragment;
    private MediaDriver driver;
    private Aeron aeron;
    private ExclusivePublication publication;
    private Subscription subscription;

    /** An embedded driver in a directory of its own, then both ends, waiting until the image is connected. */
    @Setup
    public void setUp()
    {
        final MediaDriver.Context driverContext = new MediaDriver.Context()
            .aeronDirectoryName("/dev/shm/slipstream-jmh-aeron-" + ProcessHandle.current().pid())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new SleepingMillisIdleStrategy(DRIVER_SLEEP_MS))
            .termBufferSparseFile(false);
        driver = MediaDriver.launchEmbedded(driverContext);
        // The client pre-touches the log it maps (set here, not only by the fork's property, so a -jvmArgsAppend
        // on JMH's command line cannot drop it); the driver pre-touches the non-sparse term files it creates.
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName())
            .preTouchMappedMemory(true));
        subscription = aeron.addSubscription(CHANNEL, STREAM_ID);
        publication = aeron.addExclusivePublication(CHANNEL, STREAM_ID);
        while (!publication.isConnected() || !subscription.isConnected())
        {
            Thread.onSpinWait();
        }
    }

    /** Closes both ends, the client and the driver, which deletes its directory. */
    @TearDown
    public void tearDown()
    {
        CloseHelper.closeAll(publication, subscription, aeron, driver);
    }

    @Override
    protected boolean offerMessage(final int lengthBytes)
    {
        return publication.offer(message, 0, lengthBytes) > 0;
    }

    @Override
    protected int pollMessage()
    {
        return subscription.poll(handler, FRAGMENT_LIMIT);
    }

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        check(buffer, offset, length);
    }
}
