package io.slipstream.perf.transport;

import io.slipstream.perf.core.Transport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The transports by name, in report order: the ones a default run measures, then variants run only when named.
 */
public final class Transports
{
    private static final Map<String, Supplier<Transport>> BY_NAME = new LinkedHashMap<>();
    private static final Map<String, Supplier<Transport>> VARIANTS = new LinkedHashMap<>();

    static
    {
        for (final RawFloorTransport.Design design : RawFloorTransport.Design.values())
        {
            for (final boolean spinWait : new boolean[] {false, true})
            {
                final RawFloorTransport floor = new RawFloorTransport(design, spinWait);
                BY_NAME.put(floor.name(), () -> new RawFloorTransport(design, spinWait));
            }
        }
        BY_NAME.put(AgronaRingTransport.NAME, AgronaRingTransport::new);
        BY_NAME.put(AeronIpcTransport.NAME, AeronIpcTransport::new);
        BY_NAME.put(SlipstreamRingTransport.NAME, SlipstreamRingTransport::new);
        BY_NAME.put(ChronicleQueueTransport.NAME, ChronicleQueueTransport::new);
        VARIANTS.put(SlipstreamRingTransport.NO_FUTEX_NAME, () -> new SlipstreamRingTransport(false, true));
        VARIANTS.put(SlipstreamRingTransport.PACKED_NAME, () -> new SlipstreamRingTransport(true, false));
    }

    /** Run only when named (--transports), not by default: each round trip crosses two media drivers twice. */
    private static final Map<String, Supplier<Transport>> ON_REQUEST = Map.of(
        AeronUdpTransport.NAME, AeronUdpTransport::new, SlipstreamUdpTransport.NAME, SlipstreamUdpTransport::new,
        SlipstreamUdpTransport.ONE_THREAD_NAME, () -> new SlipstreamUdpTransport(true));

    private Transports()
    {
    }

    /**
     * @return the transports a run measures when none are named.
     */
    public static List<String> names()
    {
        return List.copyOf(BY_NAME.keySet());
    }

    /**
     * @return every transport, the defaults then the variants that run only when named.
     */
    public static List<String> allNames()
    {
        final List<String> names = new ArrayList<>(BY_NAME.keySet());
        names.addAll(VARIANTS.keySet());
        return List.copyOf(names);
    }

    /**
     * @return the transports across hosts (loopback UDP through media drivers), run only when named.
     */
    public static List<String> udpNames()
    {
        return ON_REQUEST.keySet().stream().sorted().toList();
    }

    public static Transport byName(final String name)
    {
        Supplier<Transport> supplier = BY_NAME.containsKey(name) ? BY_NAME.get(name) : VARIANTS.get(name);
        if (supplier == null)
        {
            supplier = ON_REQUEST.get(name);
        }
        if (supplier == null)
        {
            throw new IllegalArgumentException("unknown transport '" + name + "', known: " + allNames() + " and " +
                udpNames());
        }
        return supplier.get();
    }

    /**
     * @param aeronThreading the threading of the media driver Aeron IPC runs start.
     */
    public static Transport byName(final String name, final AeronThreading aeronThreading)
    {
        return name.equals(AeronIpcTransport.NAME) ? new AeronIpcTransport(aeronThreading) : byName(name);
    }

    public static List<Transport> byNames(final List<String> names)
    {
        return byNames(names, AeronThreading.AUTO);
    }

    /**
     * @param aeronThreading the threading of the media driver Aeron IPC runs start.
     */
    public static List<Transport> byNames(final List<String> names, final AeronThreading aeronThreading)
    {
        final List<Transport> transports = new ArrayList<>(names.size());
        for (final String name : names)
        {
            transports.add(byName(name.trim(), aeronThreading));
        }
        return transports;
    }
}
