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
 * The space wake protocol: a consumer gives its position back with a release store and then loads the producer's
 * waiting flag ({@link SpaceWakeProtocol#release}); the producer about to sleep sets the flag, issues the barrier and
 * re-checks the slot (steps 2 to 4 of {@link SpaceWakeProtocol#await}). Results: r1 = the consumer found the flag
 * and woke, r2 = the producer's re-check saw the space. Both missing is a lost wake-up.
 * {@link SpaceWakeWithoutBarrierTest} is the same without the barrier.
 */
@JCStressTest
@Description("A release position store and a waiting producer's membarrier cannot both miss")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "Lost wake-up: no wake and no space seen")
@Outcome(id = {"0, 1", "1, 0", "1, 1"}, expect = ACCEPTABLE, desc = "Woken, or the space was seen, or both")
@State
public class SpaceWakeBarrierTest extends WakeState
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
        Membarrier.barrier();
        r.r2 = spaceSeen();
    }
}
