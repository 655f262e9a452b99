package io.slipstream.engine;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The data wake protocol: the producer commits with a release store and loads the waiter mask with no fence between;
 * the consumer sets its waiter bit, issues {@code membarrier(GLOBAL_EXPEDITED)} ({@link DataWakeProtocol#fence()})
 * and re-checks. Results: r1 = the producer found the bit and woke, r2 = the consumer's re-check saw the record.
 * Both missing is a lost wake-up. {@link DataWakeWithoutBarrierTest} is the same without the barrier.
 */
@JCStressTest
@Description("A release commit and a sleeper's membarrier: the commit's waiter check and the re-check cannot both miss")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "Lost wake-up: no wake and no record seen")
@Outcome(id = {"0, 1", "1, 0", "1, 1"}, expect = ACCEPTABLE, desc = "Woken, or the record was seen, or both")
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
        r.r2 = recordSeen();
    }
}
