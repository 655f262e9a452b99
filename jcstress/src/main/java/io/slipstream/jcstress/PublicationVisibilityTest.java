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
 * Visibility: a consumer that sees a committed record length never sees a stale payload.
 * <p>
 * Actor 1 offers one 16-byte message with a per-trial non-zero pattern through the real
 * {@link io.slipstream.engine.Publication#offer}; actor 2 polls once through the real
 * {@link io.slipstream.engine.Subscription#poll} (acquire read of the commit word, then the payload). The ring slot
 * being written holds a committed record from the previous lap, so a payload read too early would be stale rather
 * than merely zero. Results: r1 = record length seen (0, or 24 = 8-byte header + 16), r2 = payload seen
 * (0 none, 1 this trial's full payload, 2 stale or partial).
 */
@JCStressTest
@Description("A record whose commit word is seen (getIntAcquire) always has its full payload (putIntRelease)")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "Nothing committed yet: the consumer saw a zero commit word")
@Outcome(id = "24, 1", expect = ACCEPTABLE, desc = "Committed record seen with its full payload")
@Outcome(id = "24, 2", expect = FORBIDDEN, desc = "Commit word seen but the payload was stale or partial")
@Outcome(expect = FORBIDDEN, desc = "Anything else is a bug")
@State
public class PublicationVisibilityTest
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
        ring.poll(1);
        r.r1 = ring.firstLength;
        r.r2 = ring.firstPayload;
    }

    @Arbiter
    public void arbiter(final II_Result r)
    {
        ring.release();
    }
}
