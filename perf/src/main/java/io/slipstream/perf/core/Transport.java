package io.slipstream.perf.core;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A way of moving messages between two processes. {@link #prepare} runs once per run in the harness before the
 * peer starts (create files, start a driver); {@link #open} runs in each of the two processes.
 */
public interface Transport
{
    /**
     * @return the short name used on the command line and in reports.
     */
    String name();

    /**
     * @return whether the transport has back-pressure and can carry many messages in flight (throughput modes).
     */
    default boolean supportsStreaming()
    {
        return true;
    }

    /**
     * @return whether the harness's loops call {@link Thread#onSpinWait()} on every empty spin over this transport
     * (false: a bare spin, as the harness has always run the peers).
     */
    default boolean spinWait()
    {
        return false;
    }

    /**
     * @return the transport's settings as "name: value" lines for the report, as configured for {@code spec}.
     */
    default List<String> settings(final RunSpec spec)
    {
        return List.of();
    }

    /**
     * @return JVM flags a process needs, beyond the harness's own, to open this transport: both child JVMs of its
     * runs get them, no other JVM does.
     */
    default List<String> jvmFlags()
    {
        return List.of();
    }

    /**
     * Set up what the run needs outside the two endpoints.
     */
    default Infrastructure prepare(final RunSpec spec) throws Exception
    {
        return Infrastructure.NONE;
    }

    /**
     * Open one side, waiting (while {@code peerAlive}) until the transport is connected if it has such a notion.
     */
    Endpoint open(RunSpec spec, Side side, BooleanSupplier peerAlive) throws Exception;

    /**
     * Resources of a run that live outside the endpoints; closed after the run.
     */
    interface Infrastructure extends AutoCloseable
    {
        Infrastructure NONE = () -> {};

        /**
         * @return ids of the processes it started, so their CPU time counts as the harness's own.
         */
        default List<Long> pids()
        {
            return List.of();
        }

        @Override
        void close();
    }
}
