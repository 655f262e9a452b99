package io.slipstream.engine;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The data wake protocol as a consumer runs it: the producer commits with a release store and loads the waiter mask
 * with no fence between; the consumer sets its waiter bit, issues {@code membarrier(GLOBAL_EXPEDITED)}
 * ({@link DataWakeProtocol#fence()}), re-checks, and sleeps at most {@link DataWakeProtocol#BOUNDED_FIRST_SLEEP_NS}
 * before re-checking again (here: polls for that long). Results: r1 = the producer found the bit and woke; r2 = the
 * consumer saw the record at once (1), within the bound (2), or not at all (0). "0, 0" is a lost wake-up. "0, 2" is
 * the race the barrier should close but, on these machines, rarely does not: both missed at first, and the bound
 * delivered it late. {@link DataWakeWithoutBarrierTest} shows how often both miss with neither barrier nor bound.
 */
@JCStressTest
@Description("A release commit and a sleeper's membarrier with a bounded first sleep: no record is lost")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "Lost: no wake, and not seen within the bound")
@Outcome(id = "0, 2", expect = ACCEPTABLE_INTERESTING, desc = "Both missed at first: delivered late, within the bound")
@Outcome(id = {"0, 1", "1, 0", "1, 1", "1, 2"}, expect = ACCEPTABLE, desc = "Woken, or the record was seen, or both")
@State
public class DataWakeBarrierTest extends WakeState
{
    @Actor
    public void producer(final II_Result r)
    {
        r.r1 = commit();
    }

    @Actor
    public void consumer(final II_Result r)
    {
        consumerData.register(WAITER_BIT);
        consumerData.fence();
        r.r2 = recordSeenWithinBound();
    }
}
