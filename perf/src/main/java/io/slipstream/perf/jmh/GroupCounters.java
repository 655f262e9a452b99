package io.slipstream.perf.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the calls of a two-thread group achieved, beside how many calls there were: messages the producer's offers
 * put in the ring and messages the consumer's polls took out. JMH reports each as a rate beside the group's calls
 * ({@code offerPoll:sent}, {@code offerPoll:received}), so an offer refused by a full ring or a poll of an empty one,
 * which count as calls, do not pass for work. One instance per thread; JMH sums them over the group.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class GroupCounters
{
    /** Messages the ring accepted from this thread's offers. */
    public long sent;
    /** Messages this thread's polls delivered. */
    public long received;

    /** Counts start again with every iteration. */
    @Setup(Level.Iteration)
    public void reset()
    {
        sent = 0;
        received = 0;
    }
}
