package io.slipstream.perf.transport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.slipstream.perf.Transport;

/**
 * The transports by name, in report order.
 */
public final class Transports
{
    private static final Map<String, Supplier<Transport>> BY_NAME = new LinkedHashMap<>();

    static
    {
        BY_NAME.put(RawFloorTransport.NAME, RawFloorTransport::new);
        BY_NAME.put(AgronaRingTransport.NAME, AgronaRingTransport::new);
        BY_NAME.put(AeronIpcTransport.NAME, AeronIpcTransport::new);
        BY_NAME.put(SlipstreamRingTransport.NAME, SlipstreamRingTransport::new);
    }

    /** Run only when named (--transports), not by default: each round trip crosses two media drivers twice. */
    private static final Map<String, Supplier<Transport>> ON_REQUEST = Map.of(
        AeronUdpTransport.NAME, AeronUdpTransport::new, SlipstreamUdpTransport.NAME, SlipstreamUdpTransport::new);

    private Transports()
    {
    }

    public static List<String> names()
    {
        return List.copyOf(BY_NAME.keySet());
    }

    public static Transport byName(final String name)
    {
        final Supplier<Transport> supplier = BY_NAME.getOrDefault(name, ON_REQUEST.get(name));
        if (supplier == null)
        {
            throw new IllegalArgumentException("unknown transport '" + name + "', known: " + names() + " and " +
                ON_REQUEST.keySet().stream().sorted().toList());
        }
        return supplier.get();
    }

    public static List<Transport> byNames(final List<String> names)
    {
        final List<Transport> transports = new ArrayList<>(names.size());
        for (final String name : names)
        {
            transports.add(byName(name.trim()));
        }
        return transports;
    }
}
