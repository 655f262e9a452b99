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
 * NEGATIVE CONTROL, expected to show the bug: {@link SpaceWakeBarrierTest} with the producer's barrier left out, so
 * the consumer's load of the flag may pass its release store of the position. "0, 0", a lost wake-up, is marked
 * ACCEPTABLE_INTERESTING so the run stays green while its count shows the suite can see the race.
 */
@JCStressTest
@Description("Negative control: a release position store with no barrier on the waiting producer's side")
@Outcome(id = "0, 0", expect = ACCEPTABLE_INTERESTING, desc = "EXPECTED BUG: lost wake-up, no wake and no space seen")
@Outcome(id = {"0, 1", "1, 0", "1, 1"}, expect = ACCEPTABLE, desc = "Woken, or the space was seen, or both")
@State
public class SpaceWakeWithoutBarrierTest extends WakeState
{
    @Actor
    public void consumer(final II_Result r)
    {
        r.r1 = giveSpaceBack();
    }

    @Actor
    public void producer(final II_Result r)
    {
        flagWaitingForSpace();
        r.r2 = spaceSeen();
    }
}
