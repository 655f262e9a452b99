package io.slipstream.jcstress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static io.slipstream.engine.RecordDescriptor.HEADER_LENGTH;
import static io.slipstream.engine.RecordDescriptor.LENGTH_OFFSET;
import static io.slipstream.engine.RecordDescriptor.TYPE_OFFSET;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * NEGATIVE CONTROL, expected to show failures: the same check as {@link PublicationVisibilityTest}, but the writer is
 * deliberately broken: it stores the commit word (plain {@code putInt}) <em>before</em> type and payload, the
 * opposite of {@link io.slipstream.engine.Publication#offer} (putInt type, putBytes payload, zero the next commit
 * word, putIntRelease length). The reader mirrors {@link io.slipstream.engine.Subscription#poll} (getIntAcquire
 * length, then payload; see {@link MirrorSlot}). A consumer can now see the length while the payload still holds
 * the previous lap's bytes even without any reordering, so "24, 2" should be observed on any hardware; it is marked
 * ACCEPTABLE_INTERESTING so that the run is green while the count shows that the suite can detect the bug. A zero
 * count for "24, 2" after a long run would mean the harness is not exercising the race.
 */
@JCStressTest
@Description("Negative control: commit word stored before the payload; stale payloads are expected to be seen")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "Nothing committed yet")
@Outcome(id = "24, 1", expect = ACCEPTABLE, desc = "Committed record seen with its full payload")
@Outcome(id = "24, 2", expect = ACCEPTABLE_INTERESTING,
    desc = "EXPECTED BUG: commit word seen before the payload was written (stale payload)")
@Outcome(expect = FORBIDDEN, desc = "Anything else")
@State
public class BrokenCommitBeforePayloadTest
{
    private final MirrorSlot slot = MirrorSlot.acquire();

    @Actor
    public void brokenProducer()
    {
        final var data = slot.data;
        data.putInt(LENGTH_OFFSET, MirrorSlot.RECORD_LENGTH); // BROKEN: committed before the record is written
        data.putInt(TYPE_OFFSET, RingPair.TYPE_ID);
        data.putBytes(HEADER_LENGTH, slot.message, 0, MirrorSlot.MESSAGE_LENGTH);
        data.putInt(MirrorSlot.alignedRecordLength() + LENGTH_OFFSET, 0);
    }

    @Actor
    public void consumer(final II_Result r)
    {
        slot.read(r);
    }

    @Arbiter
    public void arbiter(final II_Result r)
    {
        slot.release();
    }
}
