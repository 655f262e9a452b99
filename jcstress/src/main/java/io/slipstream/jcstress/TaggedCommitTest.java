package io.slipstream.jcstress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The tag as commit word, in a ring of tagged lines: nothing is cleared ahead of the producer, so every line holds a
 * committed record from the previous lap (see {@link RingPair}), and only the tag tells them apart. Actor 1 runs one
 * real {@link io.slipstream.engine.Publication#offer}; actor 2 one real
 * {@link io.slipstream.engine.Subscription#poll} with a limit of 8, which goes on past the trial's record to the
 * previous lap's record on the next line. Results: r1 = messages delivered, r2 = how many of them were not this
 * trial's message whole (a previous lap's record, or this trial's with a payload not yet visible). Its negative
 * control is {@link UntaggedReaderTest}.
 */
@JCStressTest
@Description("A tagged record is delivered whole once committed, and an earlier lap's record never")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "Nothing committed yet")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "The trial's record, whole, then nothing")
@Outcome(expect = FORBIDDEN, desc = "A previous lap's record or a partial payload was delivered")
@State
public class TaggedCommitTest
{
    private final RingPair ring = RingPair.acquireTagged();

    @Actor
    public void producer()
    {
        ring.offer();
    }

    @Actor
    public void consumer(final II_Result r)
    {
        ring.poll(8);
        r.r1 = ring.delivered;
        r.r2 = ring.stale;
    }

    @Arbiter
    public void arbiter(final II_Result r)
    {
        ring.release();
    }
}
