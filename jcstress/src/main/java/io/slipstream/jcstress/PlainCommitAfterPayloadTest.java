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
 * Second negative control, for ordering alone: the writer mirrors {@link io.slipstream.engine.Publication#offer}
 * in program order (putInt type, putBytes payload, zero the next commit word, then the length) but stores the
 * commit word with a plain {@code putInt} instead of {@code putIntRelease}. That is a data race under the Java
 * memory model and "24, 2" is allowed, but on x86 (TSO) the hardware keeps stores in order, so it can only be
 * observed if the JIT moves the plain store above the payload copy, which HotSpot is not known to do here. Expect a
 * zero count for "24, 2" on x86 and possibly a non-zero one on weakly ordered hardware (AArch64, POWER); the test
 * shows what the release store buys, not a failure that must reproduce.
 */
@JCStressTest
@Description("Negative control: plain (non-release) commit store after the payload; stale payloads are allowed")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "Nothing committed yet")
@Outcome(id = "24, 1", expect = ACCEPTABLE, desc = "Committed record seen with its full payload")
@Outcome(id = "24, 2", expect = ACCEPTABLE_INTERESTING,
    desc = "Plain commit store became visible before the payload (needs weak hardware or JIT reordering)")
@Outcome(expect = FORBIDDEN, desc = "Anything else")
@State
public class PlainCommitAfterPayloadTest
{
    private final MirrorSlot slot = MirrorSlot.acquire();

    @Actor
    public void producer()
    {
        final var data = slot.data;
        data.putInt(TYPE_OFFSET, RingPair.TYPE_ID);
        data.putBytes(HEADER_LENGTH, slot.message, 0, MirrorSlot.MESSAGE_LENGTH);
        data.putInt(MirrorSlot.alignedRecordLength() + LENGTH_OFFSET, 0);
        data.putInt(LENGTH_OFFSET, MirrorSlot.RECORD_LENGTH); // plain store: no release ordering
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
