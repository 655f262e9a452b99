package io.slipstream.perf.transport;

import io.slipstream.engine.WaitStrategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the two loopback UDP transports ({@link AeronUdpTransport}, {@link SlipstreamUdpTransport}) share, so that
 * their media drivers run alike: Aeron's SHARED threading mode (one driver thread per driver), the same idle
 * strategy for every driver thread (Aeron's and the bridges'), term length, MTU and publication window.
 * <p>
 * The idle strategy is {@value #DEFAULT_IDLE} unless the environment variable {@value #IDLE_ENV} names another
 * ({@code busy-spin}, {@code yielding}, {@code backoff}); it is read by the harness and, inherited, by the pong JVM.
 * Busy-spinning suits only machines with a core per spinning thread: on two cores the two to six driver threads
 * and two clients of a UDP run would starve one another. {@code yielding} keeps every thread ready but lets the one
 * with work run; {@code backoff} (the media driver's own default) parks idle threads, so each of the four driver
 * hops of a round trip can add a timer wake-up (tens of microseconds or more) and the figure shows the idle strategy
 * more than the transport. The clients (ping and pong) yield the core on every empty poll unless the strategy is
 * {@code busy-spin}, for the same reason.
 */
final class UdpSettings
{
    /** Environment variable naming the drivers' idle strategy. */
    static final String IDLE_ENV = "SLIPSTREAM_PERF_UDP_IDLE";
    /** Idle strategy when {@link #IDLE_ENV} is not set. */
    static final String DEFAULT_IDLE = "yielding";
    /** Aeron threading mode of every driver: one thread for conductor, sender and receiver. */
    static final String THREADING = "shared";
    /** Aeron term length of the publications (both transports; a message must fit in an eighth of it). */
    static final int TERM_LENGTH_BYTES = 1 << 20;
    /** UDP frame size: Aeron's default, written out. */
    static final int MTU_BYTES = 1408;
    /** How far a publication may run ahead of what it has sent: the Slipstream driver's default. */
    static final int PUBLICATION_WINDOW_BYTES = 256 << 10;
    /** Hang guards for starting a driver JVM and for connecting. */
    static final long START_TIMEOUT_MS = 60_000;
    static final long CONNECT_TIMEOUT_MS = 30_000;
    /** How long a wait for a driver or a bridge sleeps between looks. */
    static final long WAIT_STEP_MS = 10;
    /** Aeron stream of the ping direction, and of the pong direction. */
    static final int PING_STREAM_ID = 1001;
    static final int PONG_STREAM_ID = 1002;

    private UdpSettings()
    {
    }

    /**
     * @return the drivers' idle strategy name, checked.
     * @throws IllegalArgumentException if {@link #IDLE_ENV} names no usable strategy.
     */
    static String idle()
    {
        final String value = System.getenv(IDLE_ENV);
        final String name = value == null || value.isBlank() ? DEFAULT_IDLE : value.trim().toLowerCase(Locale.ROOT);
        final WaitStrategy strategy;
        try
        {
            strategy = WaitStrategy.parse(name);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(
                IDLE_ENV + "=" + value + ": expected busy-spin, yielding or backoff", ex);
        }
        if (strategy == WaitStrategy.FUTEX)
        {
            throw new IllegalArgumentException(IDLE_ENV + "=" + value + ": expected busy-spin, yielding or backoff");
        }
        return strategy.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @return whether the ping and pong clients should spin rather than yield when they find nothing.
     */
    static boolean clientsSpin()
    {
        return WaitStrategy.parse(idle()) == WaitStrategy.BUSY_SPIN;
    }

    /**
     * @return {@code count} distinct UDP ports on 127.0.0.1 that were free a moment ago.
     */
    static List<Integer> freeLoopbackPorts(final int count)
    {
        final List<DatagramSocket> sockets = new ArrayList<>(count);
        try
        {
            final List<Integer> ports = new ArrayList<>(count);
            for (int i = 0; i < count; i++)
            {
                final DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports.add(socket.getLocalPort());
            }
            return ports;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot find a free UDP port on loopback", ex);
        }
        finally
        {
            sockets.forEach(DatagramSocket::close);
        }
    }

    /**
     * @return {@code aeron:udp?endpoint=127.0.0.1:<port>}.
     */
    static String loopbackChannel(final int port)
    {
        return "aeron:udp?endpoint=127.0.0.1:" + port;
    }
}
