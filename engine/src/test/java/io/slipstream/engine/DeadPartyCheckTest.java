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
        check = new DeadPartyCheck(publication.ringFile(), 0, new DataWakeProtocol(header, futex));
        header.putLongVolatile(slotOwnerOffset(0), DEAD);
        header.putIntVolatile(slotClaimCountOffset(0), 5);
        DataWakeProtocol.setWaiter(header, 1L);
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
        assertEquals(0, header.getLongVolatile(slotOwnerOffset(0)));
        assertEquals(0, header.getLongVolatile(DATA_WAITER_MASK_OFFSET));
    }

    @Test
    void shouldNotFreeASlotAlreadyClaimedWithAnotherOwnerWord()
    {
        header.putIntVolatile(slotClaimCountOffset(0), 6);
        header.putLongVolatile(slotOwnerOffset(0), CLAIMANT);
        final int seq = header.getIntVolatile(DATA_FUTEX_SEQ_OFFSET);
        assertFalse(check.free(0, DEAD, 5));
        assertEquals(CLAIMANT, header.getLongVolatile(slotOwnerOffset(0)));
        assertEquals(seq + 1, header.getIntVolatile(DATA_FUTEX_SEQ_OFFSET), "woken: its waiter bit may be gone");
    }

    @Test
    void shouldGiveTheSlotBackToAClaimantWhoseOwnerWordEqualsTheDeadOnes()
    {
        header.putIntVolatile(slotClaimCountOffset(0), 6); // claimed after the probe...
        header.putLongVolatile(slotOwnerOffset(0), DEAD); // ...with the same owner word
        final int seq = header.getIntVolatile(DATA_FUTEX_SEQ_OFFSET);
        check.free(0, DEAD, 5);
        assertEquals(DEAD, header.getLongVolatile(slotOwnerOffset(0)), "the claimant keeps its slot");
        assertEquals(seq + 1, header.getIntVolatile(DATA_FUTEX_SEQ_OFFSET), "woken: its waiter bit may be gone");
    }
}
