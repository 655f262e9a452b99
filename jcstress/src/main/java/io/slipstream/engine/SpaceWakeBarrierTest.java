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
 * The space wake protocol: a consumer gives its position back with a release store and then loads the producer's
 * waiting flag ({@link SpaceWakeProtocol#release}); the producer about to sleep sets the flag, issues the barrier,
 * re-checks the slot and sleeps at most {@link DataWakeProtocol#BOUNDED_FIRST_SLEEP_NS} before re-checking again
 * (steps 2 to 5 of {@link SpaceWakeProtocol#await}, the sleep replaced by polling for as long). Results: r1 = the
 * consumer found the flag and woke; r2 = the producer saw the space at once (1), within the bound (2), or not at all
 * (0). {@link SpaceWakeWithoutBarrierTest} shows how often both miss with neither barrier nor bound.
 */
@JCStressTest
@Description("A release position store and a waiting producer's membarrier with a bounded first sleep: none lost")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "Lost: no wake, and not seen within the bound")
@Outcome(id = "0, 2", expect = ACCEPTABLE_INTERESTING, desc = "Both missed at first: seen late, within the bound")
@Outcome(id = {"0, 1", "1, 0", "1, 1", "1, 2"}, expect = ACCEPTABLE, desc = "Woken, or the space was seen, or both")
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
        r.r2 = spaceSeenWithinBound();
    }
}
