package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static io.slipstream.engine.RingDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Freeing a dead consumer's slot against a consumer claiming it at the same moment, each interleaving set up by hand:
 * the waiter bit is cleared first, a claim with a different owner word makes the free fail, and a claim whose owner
 * word equals the dead one's (same pid and start time, possible across pid namespaces) is detected by the claim count
 * and its owner word given back.
 */
class DeadPartyCheckTest
{
    private static final long DEAD = (7L << 32) | 99;
    private static final long CLAIMANT = (8L << 32) | 100;

    private Path directory;
    private Publication publication;
    private UnsafeBuffer header;
    private DeadPartyCheck check;
    private Futex futex;

    @BeforeEach
    void setUp()
    {
        directory = TestRings.newDirectory();
        publication = Publication.open(TestRings.context(directory, "free", 4096));
        header = publication.ringFile().header();
        futex = new Futex();
        check = new DeadPartyCheck(publication.ringFile(), 0, futex);
        header.putLongVolatile(slotOffset(0) + SLOT_OWNER_OFFSET, DEAD);
        header.putIntVolatile(slotOffset(0) + SLOT_CLAIM_COUNT_OFFSET, 5);
        WaiterMask.set(header, 1L);
    }

    @AfterEach
    void tearDown()
    {
        futex.close();
        publication.close();
        TestRings.delete(directory);
    }

    @Test
    void shouldFreeAndClearTheWaiterBitWhenNobodyClaims()
    {
        assertTrue(check.free(0, DEAD, 5));
        assertEquals(0, header.getLongVolatile(slotOffset(0) + SLOT_OWNER_OFFSET));
        assertEquals(0, header.getLongVolatile(DATA_WAITER_MASK_OFFSET));
    }

    @Test
    void shouldNotFreeASlotAlreadyClaimedWithAnotherOwnerWord()
    {
        header.putIntVolatile(slotOffset(0) + SLOT_CLAIM_COUNT_OFFSET, 6);
        header.putLongVolatile(slotOffset(0) + SLOT_OWNER_OFFSET, CLAIMANT);
        final int seq = header.getIntVolatile(DATA_FUTEX_SEQ_OFFSET);
        assertFalse(check.free(0, DEAD, 5));
        assertEquals(CLAIMANT, header.getLongVolatile(slotOffset(0) + SLOT_OWNER_OFFSET));
        assertEquals(seq + 1, header.getIntVolatile(DATA_FUTEX_SEQ_OFFSET), "woken: its waiter bit may be gone");
    }

    @Test
    void shouldGiveTheSlotBackToAClaimantWhoseOwnerWordEqualsTheDeadOnes()
    {
        header.putIntVolatile(slotOffset(0) + SLOT_CLAIM_COUNT_OFFSET, 6); // claimed after the probe...
        header.putLongVolatile(slotOffset(0) + SLOT_OWNER_OFFSET, DEAD); // ...with the same owner word
        final int seq = header.getIntVolatile(DATA_FUTEX_SEQ_OFFSET);
        check.free(0, DEAD, 5);
        assertEquals(DEAD, header.getLongVolatile(slotOffset(0) + SLOT_OWNER_OFFSET), "the claimant keeps its slot");
        assertEquals(seq + 1, header.getIntVolatile(DATA_FUTEX_SEQ_OFFSET), "woken: its waiter bit may be gone");
    }
}
