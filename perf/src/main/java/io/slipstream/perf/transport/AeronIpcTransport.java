package io.slipstream.perf.transport;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.slipstream.perf.core.ChildProcess;
import io.slipstream.perf.core.Endpoint;
import io.slipstream.perf.core.HarnessException;
import io.slipstream.perf.core.RunSpec;
import io.slipstream.perf.core.Side;
import io.slipstream.perf.core.Transport;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Aeron IPC ({@code aeron:ipc}): an exclusive publication per direction, through a stand-alone media driver in
 * its own JVM ({@link AeronDriverMain}) with its directory under the run's /dev/shm directory. Configured for low
 * latency as Aeron advises: a term small enough to stay warm in cache and lapped by the run rather than a 64 MiB
 * default never lapped, non-sparse log files (set in the driver) and the client pre-touching the mapped log, so
 * first-touch page faults fall before the measured window, not inside it.
 */
public final class AeronIpcTransport implements Transport
{
    public static final String NAME = "aeron-ipc";
    /** Smallest term used; Aeron's maximum message length is a term / 8, so larger messages get a larger term. */
    static final int MIN_TERM_LENGTH_BYTES = 1024 * 1024;
    /**
     * Term of streaming runs (throughput, open loop): Aeron's default length. The driver's conductor advances an IPC
     * publication's limit in its duty cycle, and with a shared, backing-off driver it parks up to 1 ms between
     * cycles; half of this term (the publication window) outlasts that pause, where a 1 MiB term's 512 KiB did not
     * (8 K messages of 32 B per conductor cycle held Aeron IPC to about 3 M msg/s). Pre-touched like the small one.
     */
    static final int STREAMING_TERM_LENGTH_BYTES = 64 * 1024 * 1024;
    private static final int TERM_TO_MAX_MESSAGE_RATIO = 8;
    /** Aeron's default MTU, for IPC as for UDP. */
    static final int DEFAULT_MTU_BYTES = 1408;
    /** Aeron's largest MTU (its largest UDP payload, a multiple of its frame alignment). */
    static final int MAX_MTU_BYTES = 65504;
    private static final int FRAME_HEADER_BYTES = 32;
    private static final int FRAME_ALIGNMENT = 32;
    private static final int PING_STREAM_ID = 1001;
    private static final int PONG_STREAM_ID = 1002;
    private static final int FRAGMENT_LIMIT = 1;
    private static final long DRIVER_START_TIMEOUT_MS = 30_000;
    private static final long CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);

    private final AeronThreading threading;

    /**
     * The driver's threading chosen for this host ({@link AeronThreading#AUTO}).
     */
    public AeronIpcTransport()
    {
        this(AeronThreading.AUTO);
    }

    /**
     * @param threading the media driver's threading; {@link AeronThreading#AUTO} is resolved for this host.
     */
    public AeronIpcTransport(final AeronThreading threading)
    {
        this.threading = threading.resolve(Runtime.getRuntime().availableProcessors());
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public Infrastructure prepare(final RunSpec spec)
    {
        final ChildProcess driver = ChildProcess.start("aeron-driver", AeronDriverMain.class, spec.runDir(),
            List.of(AeronDriverMain.PRE_TOUCH_FLAG, AgronaRingTransport.BOUNDS_CHECKS_OFF_FLAG),
            List.of(aeronDir(spec).toString(), threading.label()));
        try
        {
            driver.awaitLine(ChildProcess.READY, DRIVER_START_TIMEOUT_MS);
        }
        catch (final RuntimeException ex)
        {
            driver.close();
            throw ex;
        }
        return new Infrastructure()
        {
            public List<Long> pids()
            {
                return List.of(driver.pid());
            }

            public void close()
            {
                driver.close();
            }
        };
    }

    @Override
    public Endpoint open(final RunSpec spec, final Side side, final BooleanSupplier peerAlive)
    {
        final Aeron aeron = Aeron.connect(new Aeron.Context()
            .aeronDirectoryName(aeronDir(spec).toString())
            .preTouchMappedMemory(true));
        try
        {
            final int outStream = side == Side.PING ? PING_STREAM_ID : PONG_STREAM_ID;
            final int inStream = side == Side.PING ? PONG_STREAM_ID : PING_STREAM_ID;
            final String channel = channel(spec.messageLengthBytes(), spec.mode().streaming());
            final ExclusivePublication publication = aeron.addExclusivePublication(channel, outStream);
            final Subscription subscription = aeron.addSubscription(channel, inStream);
            final long deadlineNs = System.nanoTime() + CONNECT_TIMEOUT_NS;
            while (!publication.isConnected() || !subscription.isConnected())
            {
                if (!peerAlive.getAsBoolean())
                {
                    throw new HarnessException("aeron-ipc: peer died before connecting");
                }
                if (System.nanoTime() - deadlineNs > 0)
                {
                    throw new HarnessException("aeron-ipc: not connected within 30 s");
                }
                Thread.onSpinWait();
                Thread.yield();
            }
            return new AeronEndpoint(NAME, aeron, publication, subscription, true);
        }
        catch (final RuntimeException ex)
        {
            aeron.close();
            throw ex;
        }
    }

    @Override
    public List<String> jvmFlags()
    {
        return List.of(AgronaRingTransport.BOUNDS_CHECKS_OFF_FLAG);
    }

    @Override
    public List<String> settings(final RunSpec spec)
    {
        return List.of(AgronaRingTransport.BOUNDS_CHECKS_OFF_SETTING + ", in the clients and the driver",
            "channel, ping-pong: " + channel(spec.messageLengthBytes(), false) + " (term length sized for the " +
                "message length, at least " + MIN_TERM_LENGTH_BYTES / 1024 + " KiB, so the run laps it)",
            "channel, streaming: " + channel(spec.messageLengthBytes(), true) + " (at least Aeron's default " +
                STREAMING_TERM_LENGTH_BYTES / (1024 * 1024) + " MiB term: its publication window of half a term " +
                "outlasts the driver conductor's idle pause, which the limit of an IPC publication waits for)",
            "MTU: " + (mtuFor(spec.messageLengthBytes()) > DEFAULT_MTU_BYTES ? mtuFor(spec.messageLengthBytes()) +
                " B, the message's whole frame (Aeron's advice for large messages over IPC: fewer fragments)" :
                "Aeron's default " + DEFAULT_MTU_BYTES + " B (the message fits one frame)"),
            "publication: exclusive, one per direction; subscription polled with a fragment limit of " +
                FRAGMENT_LIMIT + " in ping-pong, " + AeronEndpoint.BATCH_FRAGMENT_LIMIT + " by a one-way receiver " +
                "(the limit Aeron's samples poll with)",
            "log files: sparse=false (termBufferSparseFile(false) in the driver)",
            "pre-touch: client Context.preTouchMappedMemory(true); driver JVM " + AeronDriverMain.PRE_TOUCH_FLAG,
            "media driver: stand-alone JVM, threading " + threading.threadingMode() + ", idle strategy " +
                threading.idleStrategy() + " (--aeron-threading " + threading.label() + ")");
    }

    /**
     * @return the driver threading this transport's runs use.
     */
    public AeronThreading threading()
    {
        return threading;
    }

    private static Path aeronDir(final RunSpec spec)
    {
        return spec.runDir().resolve("aeron");
    }

    static String channel(final int messageLengthBytes)
    {
        return channel(messageLengthBytes, false);
    }

    static String channel(final int messageLengthBytes, final boolean streaming)
    {
        final int sizedBytes = Math.max(
            MIN_TERM_LENGTH_BYTES, Integer.highestOneBit(messageLengthBytes * TERM_TO_MAX_MESSAGE_RATIO - 1) << 1);
        final int termLengthBytes = streaming ? Math.max(STREAMING_TERM_LENGTH_BYTES, sizedBytes) : sizedBytes;
        final int mtuBytes = mtuFor(messageLengthBytes);
        return "aeron:ipc?term-length=" + termLengthBytes + (mtuBytes > DEFAULT_MTU_BYTES ? "|mtu=" + mtuBytes : "");
    }

    /**
     * The IPC MTU that carries a message in one frame, as Aeron advises for large messages over shared memory (a
     * larger MTU, fewer fragments): the frame (32-byte header and the message) rounded up to Aeron's 32-byte frame
     * alignment, at least Aeron's default and at most its largest MTU (longer messages are fragmented).
     */
    static int mtuFor(final int messageLengthBytes)
    {
        final long frameBytes = ((long)messageLengthBytes + FRAME_HEADER_BYTES + FRAME_ALIGNMENT - 1) &
            -FRAME_ALIGNMENT;
        return (int)Math.max(DEFAULT_MTU_BYTES, Math.min(MAX_MTU_BYTES, frameBytes));
    }
}
