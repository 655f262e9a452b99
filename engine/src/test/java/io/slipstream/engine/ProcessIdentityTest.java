package io.slipstream.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ProcessIdentityTest
{
    @Test
    void shouldNameThisProcess()
    {
        assertEquals(ProcessHandle.current().pid(), ProcessIdentity.pid(ProcessIdentity.current()));
        assertTrue(ProcessIdentity.isAlive(ProcessIdentity.current()));
        assertEquals(ProcessIdentity.current(), ProcessIdentity.identityOf(ProcessHandle.current()));
    }

    @Test
    void shouldSeeMissingOrRecycledPidAsDead()
    {
        assertFalse(ProcessIdentity.isAlive(0));
        assertFalse(ProcessIdentity.isAlive(PublicationTest.deadProcessIdentity()));
        final long init = ProcessIdentity.identityOf(ProcessHandle.of(1).orElseThrow());
        assertTrue(ProcessIdentity.isAlive(init));
        // Same pid, different start time: a recycled pid is not the owner.
        assertFalse(ProcessIdentity.isAlive(init ^ 0x1234));
    }
}
