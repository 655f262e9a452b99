package io.slipstream.jcstress;

import io.slipstream.engine.RecordDescriptor;
import io.slipstream.engine.RecordFormat;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * NEGATIVE CONTROL, expected to show failures: {@link TaggedCommitTest} with a reader that ignores the tag and, as a
 * reader of packed records does, takes a non-zero length word (read with acquire order) for a commit. In a ring of
 * tagged lines nothing clears the length words ahead of the producer, so this reader delivers previous laps'
 * records: "2, 2" (both stale) or "2, 1" (the trial's record, then a stale one) should be seen in every run; they are
 * marked ACCEPTABLE_INTERESTING so the run stays green while the counts show the tag is what keeps
 * {@link TaggedCommitTest} clean. The reader only looks: the real subscription consumes the trial's record in the
 * arbiter.
 */
@JCStressTest
@Description("Negative control: a tagged ring read by length words alone delivers earlier laps' records")
@Outcome(id = {"0, 0", "1, 0"}, expect = ACCEPTABLE, desc = "Nothing stale seen")
@Outcome(id = {"1, 1", "2, 1", "2, 2"}, expect = ACCEPTABLE_INTERESTING,
    desc = "EXPECTED BUG: a previous lap's record (or a partial one) taken for a commit")
@Outcome(expect = FORBIDDEN, desc = "Anything else")
@State
public class UntaggedReaderTest
{
    private static final int LIMIT = 2;

    private final RingPair ring = RingPair.acquireTagged();

    @Actor
    public void producer()
    {
        ring.offer();
    }

    @Actor
    public void untaggedConsumer(final II_Result r)
    {
        final UnsafeBuffer data = ring.subscription.ringFile().data();
        final RecordFormat format = ring.subscription.ringFile().recordFormat();
        final int mask = RingPair.CAPACITY - 1;
        long position = ring.subscription.position();
        int delivered = 0;
        int stale = 0;
        while (delivered < LIMIT)
        {
            final int index = (int)position & mask;
            final int recordLength = data.getIntAcquire(index + RecordDescriptor.LENGTH_OFFSET); // BROKEN: no tag
            if (recordLength == 0)
            {
                break;
            }
            if (!ring.isTrialMessage(data.getInt(index + RecordDescriptor.TYPE_OFFSET), data,
                index + format.headerLength(), recordLength - format.headerLength()))
            {
                stale++;
            }
            delivered++;
            position += format.frameLength(position, recordLength);
        }
        r.r1 = delivered;
        r.r2 = stale;
    }

    @Arbiter
    public void arbiter(final II_Result r)
    {
        ring.release();
    }
}
