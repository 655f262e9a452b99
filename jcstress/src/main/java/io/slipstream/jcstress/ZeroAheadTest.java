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
 * Wrap / zero-ahead: after a record at position P is committed, a consumer reading position P + alignedLength sees
 * either zero or a later committed record, never a stale record from the previous lap.
 * <p>
 * Every slot of the ring holds a committed record from the previous lap (see {@link RingPair}), so the word after
 * the trial's record is a stale, non-zero commit word until the real {@link io.slipstream.engine.Publication#offer}
 * clears it (before it commits its own record). Actor 1 offers one message; actor 2 runs one real
 * {@link io.slipstream.engine.Subscription#poll} with a limit of 8, so after the trial's record it goes on to read
 * P + 24. No later record exists in a trial, so any second delivery is a previous lap's record. Once per lap the
 * trial's record does not fit before the end of the region and the offer writes a padding record and wraps to index
 * 0, which exercises the same claim across the wrap. Results: r1 = messages delivered, r2 = how many of them were
 * not this trial's message.
 */
@JCStressTest
@Description("The commit word after a committed record is zero (or a later record), never a previous lap's record")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "Nothing committed yet")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "The trial's record, then a zero commit word")
@Outcome(expect = FORBIDDEN, desc = "A stale record from the previous lap was delivered")
@State
public class ZeroAheadTest
{
    private final RingPair ring = RingPair.acquire();

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
