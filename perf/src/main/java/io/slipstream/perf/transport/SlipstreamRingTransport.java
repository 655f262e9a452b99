package io.slipstream.perf.transport;

import io.slipstream.engine.Publication;
import io.slipstream.engine.RingContext;
import io.slipstream.engine.Subscription;
import io.slipstream.perf.core.Endpoint;
import io.slipstream.perf.core.RunSpec;
import io.slipstream.perf.core.Side;
import io.slipstream.perf.core.Transport;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Slipstream rings, one per direction, in the run's directory. Both processes open both rings; whichever comes
 * first creates a file. Nothing is prepared in advance: creating on open is part of what is exercised. Both sides
 * busy-spin (the harness's loops).
 * <p>
 * {@link #NAME} opens the rings as an application would by default: records in tagged lines, futex wake-up
 * support on (one load of the waiter word per commit and per position update, so sleeping consumers and producers
 * can be woken); {@link #NO_FUTEX_NAME} opens them with {@code futexWakeups(false)} (what a deployment that only ever
 * busy-spins can choose), to price that support cross-process in the same run; {@link #PACKED_NAME} creates them
 * with {@code lineAlignedRecords(false)}, to price packed records.
 */
public final class SlipstreamRingTransport implements Transport
{
    public static final String NAME = "slipstream";
    public static final String NO_FUTEX_NAME = "slipstream-nofutex";
    public static final String PACKED_NAME = "slipstream-packed";
    private static final int CAPACITY_BYTES = 1 << 20;
    private static final int POLL_LIMIT = 1;

    private final String name;
    private final boolean futexWakeups;
    private final boolean lineAlignedRecords;

    /**
     * The default: futex wake-up support on, records in tagged lines.
     */
    public SlipstreamRingTransport()
    {
        this(true, true);
    }

    /**
     * @param futexWakeups       whether both rings support futex wake-ups.
     * @param lineAlignedRecords whether the rings are created with records in tagged lines.
     */
    public SlipstreamRingTransport(final boolean futexWakeups, final boolean lineAlignedRecords)
    {
        this.name = !lineAlignedRecords ? PACKED_NAME : futexWakeups ? NAME : NO_FUTEX_NAME;
        this.futexWakeups = futexWakeups;
        this.lineAlignedRecords = lineAlignedRecords;
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public List<String> settings(final RunSpec spec)
    {
        return List.of(
            "rings of " + CAPACITY_BYTES / 1024 + " KiB, one per direction, created on open under the run's " +
                "directory",
            "futex wake-up support: " + (futexWakeups ? "on (futexWakeups(true), the default)" :
                "off (futexWakeups(false): no load of the waiter word)"),
            "records: " + (lineAlignedRecords ? "tagged lines (the default, lineAlignedRecords(true): every " +
                "record starts a cache line and is committed by a 64-bit tag; nothing is cleared ahead)" :
                "packed every 8 bytes (lineAlignedRecords(false): committed by the length word, the next one " +
                "cleared before each commit)"),
            "wait strategy: busy spin in the harness's loops (poll limit " + POLL_LIMIT + " in ping-pong, " +
                RingEndpoint.BATCH_POLL_LIMIT + " by a one-way receiver, as Aeron's samples poll); no consumer or " +
                "producer ever sleeps on the futex");
    }

    @Override
    public Endpoint open(final RunSpec spec, final Side side, final BooleanSupplier peerAlive)
    {
        final Side peer = side == Side.PING ? Side.PONG : Side.PING;
        final Path directory = spec.runDir().resolve("slipstream");
        final Publication publication = Publication.open(context(directory, side));
        try
        {
            return new RingEndpoint("slipstream", publication, Subscription.open(context(directory, peer)), true);
        }
        catch (final RuntimeException ex)
        {
            publication.close();
            throw ex;
        }
    }

    /**
     * The ring a side writes to.
     */
    private RingContext context(final Path directory, final Side writer)
    {
        return new RingContext()
            .directory(directory)
            .streamName(writer.name().toLowerCase(Locale.ROOT))
            .capacityBytes(CAPACITY_BYTES)
            .futexWakeups(futexWakeups)
            .lineAlignedRecords(lineAlignedRecords);
    }
}
