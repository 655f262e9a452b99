package io.slipstream.engine;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

/**
 * NEGATIVE CONTROL, expected to show the bug: {@link DataWakeBarrierTest} with the consumer's barrier left out. The
 * producer's load of the waiter mask may then be satisfied before its release commit leaves its core, while the
 * consumer's re-check runs before the commit arrives: "0, 0", a lost wake-up, is marked ACCEPTABLE_INTERESTING so the
 * run stays green while its count shows the suite can see the race. A zero count after a run means the race was not
 * exercised.
 */
@JCStressTest
@Description("Negative control: a release commit with no barrier on the sleeper's side; lost wake-ups expected")
@Outcome(id = "0, 0", expect = ACCEPTABLE_INTERESTING, desc = "EXPECTED BUG: lost wake-up, no wake and no record")
@Outcome(id = {"0, 1", "1, 0", "1, 1"}, expect = ACCEPTABLE, desc = "Woken, or the record was seen, or both")
@State
public class DataWakeWithoutBarrierTest extends WakeState
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
        r.r2 = recordSeen();
    }
}
