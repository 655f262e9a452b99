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
 * A consumer that gives its position back in batches ({@link ConsumerRecords#mustGiveBack}) never strands a producer
 * waiting for space: the producer commits a record while the consumer polls, then waits for the space of the record
 * before it (flag, barrier, re-check, a first sleep bounded by {@link DataWakeProtocol#BOUNDED_FIRST_SLEEP_NS});
 * the consumer polls until it finds nothing, whether it saw the new record or not. Results: r1 = the consumer found
 * the producer waiting and woke it; r2 = the producer saw the space at once (1), within the bound (2), or not at all
 * (0). "1, 0" is a consumer that ran after the bound: the flag was still set, so it woke the producer's next sleep.
 * {@link BatchedPositionWithoutEndRuleTest} is the rule without its end clause.
 */
@JCStressTest
@Description("Batched consumer positions and a producer waiting for space: never stranded")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "Stranded: no wake, and the space not seen within the bound")
@Outcome(id = "0, 2", expect = ACCEPTABLE_INTERESTING, desc = "Both missed at first: seen late, within the bound")
@Outcome(id = {"0, 1", "1, 0", "1, 1", "1, 2"}, expect = ACCEPTABLE, desc = "Woken, or the space was seen, or both")
@State
public class BatchedPositionTest extends BatchedPositionState
{
    @Actor
    public void consumer(final II_Result r)
    {
        r.r1 = consumeUntilIdle(ConsumerRecords::mustGiveBack);
    }

    @Actor
    public void producer(final II_Result r)
    {
        r.r2 = commitThenWaitForSpace();
    }
}
