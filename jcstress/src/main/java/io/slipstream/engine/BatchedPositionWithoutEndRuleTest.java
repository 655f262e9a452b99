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
 * NEGATIVE CONTROL, expected to show the bug: {@link BatchedPositionTest} with a rule that gives the position back
 * only once a whole batch is consumed. The consumer goes idle holding the space of the records it read, and the
 * producer waiting for it is stranded in every trial: "0, 0" is marked ACCEPTABLE_INTERESTING so the run stays
 * green while its count shows the test can see the fault.
 */
@JCStressTest
@Description("Negative control: positions given back only per whole batch; a stranded producer expected")
@Outcome(id = "0, 0", expect = ACCEPTABLE_INTERESTING, desc = "EXPECTED BUG: stranded, no wake and no space")
@Outcome(id = {"0, 1", "0, 2", "1, 0", "1, 1", "1, 2"}, expect = ACCEPTABLE, desc = "Woken, or the space was seen")
@State
public class BatchedPositionWithoutEndRuleTest extends BatchedPositionState
{
    @Actor
    public void consumer(final II_Result r)
    {
        r.r1 = consumeUntilIdle((position, published, reachedEnd, batchBytes) ->
            position != published && position - published >= batchBytes);
    }

    @Actor
    public void producer(final II_Result r)
    {
        r.r2 = commitThenWaitForSpace();
    }
}
