package io.slipstream.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A claim hands out a buffer bounded to its record: a write outside it, or any write after the claim is finished or
 * its publication closed, fails in Java instead of reaching a neighbouring record or unmapped memory.
 */
class RecordClaimTest extends RingDirectoryTest
{
    @Test
    void shouldBoundTheBufferToTheClaimedRecord()
    {
        final RingContext context = TestRings.context(directory, "claim", 4096);
        try (Publication publication = Publication.open(context.copy());
            Subscription subscription = Subscription.open(context.copy()))
        {
            final RecordClaim claim = new RecordClaim();
            assertTrue(publication.tryClaim(16, claim) > 0);
            assertEquals(16, claim.buffer().capacity());
            claim.buffer().putLong(claim.offset(), 1L);
            claim.buffer().putLong(claim.offset() + 8, 2L);
            assertThrows(IndexOutOfBoundsException.class, () -> claim.buffer().putLong(claim.offset() + 16, 3L));
            assertThrows(IndexOutOfBoundsException.class, () -> claim.buffer().putInt(claim.offset() - 4, 3));
            claim.commit();
            assertThrows(IndexOutOfBoundsException.class, () -> claim.buffer().putLong(0, 9L),
                "a committed claim's buffer covers nothing");
            assertThrows(IllegalStateException.class, claim::commit);

            final List<Long> values = new ArrayList<>();
            assertEquals(1, subscription.poll((t, b, o, l) ->
            {
                values.add(b.getLong(o));
                values.add(b.getLong(o + 8));
            }, 10));
            assertEquals(List.of(1L, 2L), values);
        }
    }

    @Test
    void shouldWithdrawAnUnfinishedClaimWhenThePublicationCloses()
    {
        final RingContext context = TestRings.context(directory, "claim", 4096);
        final RecordClaim claim = new RecordClaim();
        try (Subscription subscription = Subscription.open(context.copy()))
        {
            final Publication publication = Publication.open(context.copy());
            assertTrue(publication.tryClaim(32, claim) > 0);
            publication.close(); // unmaps the file
            assertThrows(IndexOutOfBoundsException.class, () -> claim.buffer().putLong(claim.offset(), 1L),
                "a write after close must not reach unmapped memory");
            final IllegalStateException ex = assertThrows(IllegalStateException.class, claim::commit);
            assertTrue(ex.getMessage().contains("closed"), ex.getMessage());
            assertEquals(0, subscription.poll((t, b, o, l) -> fail("nothing was committed"), 10));
            assertTrue(subscription.isEndOfStream());
        }
    }
}
