package io.slipstream.engine;

import io.slipstream.test.ChildJvm;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Liveness is the kernel's: the producer role and each consumer slot are open file description locks on the ring
 * file. A lock belongs to one open of the file, so two subscriptions of one process see each other as alive, and a
 * producer in another pid namespace (as in a container sharing /dev/shm) is seen as alive from outside, where its
 * pid means nothing, until it dies, and then at once.
 */
class KernelLivenessTest extends RingDirectoryTest
{
    private static final String STREAM = "liveness";
    private static final int CAPACITY = 64 * 1024;
    private static final int MAX_MESSAGE_LENGTH = 512;
    private static final int SLOTS = 4;
    private static final long SEED = 0x5EED_0F_0FDL;
    private static final long MESSAGES = 20_000;
    private static final long HANG_GUARD_NS = TimeUnit.SECONDS.toNanos(120);

    private RingContext context()
    {
        return TestRings.context(directory, STREAM, CAPACITY).maxMessageLengthBytes(MAX_MESSAGE_LENGTH)
            .consumerSlots(SLOTS);
    }

    @Test
    void shouldSeeAnotherSubscriptionOfThisProcessAsAliveAndNotItsOwnLockAsAnothers()
    {
        try (Subscription first = Subscription.open(context()); Subscription second = Subscription.open(context()))
        {
            assertNotEquals(first.slotIndex(), second.slotIndex());
            assertTrue(first.ringFile().isSlotLockHeld(second.slotIndex()), "the other subscription is alive");
            assertTrue(second.ringFile().isSlotLockHeld(first.slotIndex()), "the other subscription is alive");
            assertFalse(first.ringFile().isSlotLockHeld(first.slotIndex()), "its own lock is not another's");
            assertFalse(first.ringFile().isSlotLockHeld(SLOTS - 1), "a free slot is not held");
            assertFalse(first.isProducerAlive());
            try (Publication publication = Publication.open(context()))
            {
                assertTrue(first.isProducerAlive(), "a producer of this process is alive");
                assertTrue(publication.ringFile().isSlotLockHeld(first.slotIndex()));
            }
            assertFalse(first.isProducerAlive(), "a closed producer is gone");
            second.close();
            assertFalse(first.ringFile().isSlotLockHeld(second.slotIndex()), "a closed subscription is gone");
            try (Subscription third = Subscription.open(context()))
            {
                assertEquals(second.slotIndex(), third.slotIndex(), "the freed slot is claimed again");
            }
        }
    }

    @Test
    void shouldFreeTheSlotOfASubscriptionWhoseFileClosedWithoutItAndKeepTheOthers()
    {
        final UnsafeBuffer message = new UnsafeBuffer(new byte[64]);
        try (Subscription live = Subscription.open(context()); Publication publication = Publication.open(context()))
        {
            final Subscription dying = Subscription.open(context());
            dying.ringFile().close(); // as if its process died: the descriptor, and with it the lock, is gone
            long sent = 0;
            final long deadlineNs = System.nanoTime() + HANG_GUARD_NS;
            while (publication.releasedConsumers() == 0)
            {
                TestRings.failIfHung(deadlineNs, "the dead subscription's slot was never freed");
                if (publication.offer(message, 0, 64) > 0)
                {
                    sent++;
                }
                live.poll((t, b, o, l) -> { }, 1000);
            }
            assertEquals(1, publication.releasedConsumers(), "only the dead one is freed");
            assertTrue(live.ringFile().isProducerLockHeld());
            assertTrue(sent > 0);
        }
    }

    @Test
    void shouldRefuseAProducerOutsideWhileOneInAnotherPidNamespaceLivesAndTakeOverAtOnceWhenItIsKilled()
        throws Exception
    {
        assumeTrue(canUnsharePidNamespace(), "unshare -pf --mount-proc is not available here (needs root and " +
            "util-linux): the pid namespace case is not tested");
        final List<String> command = new ArrayList<>(List.of("unshare", "-pf", "--mount-proc",
            ProcessHandle.current().info().command().orElseThrow()));
        command.addAll(ChildJvm.requiredFlags());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), NamespaceProducerMain.class.getName(),
            directory.toString(), STREAM, Integer.toString(CAPACITY), Integer.toString(MAX_MESSAGE_LENGTH),
            Integer.toString(SLOTS), Long.toString(MESSAGES), Long.toString(SEED)));
        final Process unshare = new ProcessBuilder(command)
            .redirectError(directory.resolve("namespace-producer.stderr").toFile()).start();
        try (Subscription consumer = Subscription.open(context().startPosition(StartPosition.EARLIEST));
            BufferedReader out = new BufferedReader(new InputStreamReader(unshare.getInputStream(),
                StandardCharsets.UTF_8)))
        {
            final String open = out.readLine();
            assertNotNull(open, "the producer in the namespace did not start: " + stderr());
            assertTrue(open.startsWith("OPEN pid="), open);
            final long namespacePid = Long.parseLong(open.substring("OPEN pid=".length()));
            final ProcessHandle holder = javaUnder(unshare.toHandle());
            assertNotEquals(holder.pid(), namespacePid, "the producer runs in its own pid namespace");
            final long ownerWord = consumer.ringFile().header().getLongVolatile(RingDescriptor.PRODUCER_OWNER_OFFSET);
            assertEquals(namespacePid, ProcessIdentity.pid(ownerWord));
            assertFalse(ProcessIdentity.isAlive(ownerWord), "control: judged by its recorded pid and start time, " +
                "the live producer in the namespace looks dead from here");

            // The consumer outside holds the producer back (it has not polled yet): the producer's dead-consumer
            // checks run against it while the test waits, and must find it alive.
            final long pauseUntilNs = System.nanoTime() + 5 * Publication.CONSUMER_CHECK_INTERVAL_NS;
            while (System.nanoTime() < pauseUntilNs)
            {
                Thread.sleep(10);
            }
            final SequenceVerifier verifier = new SequenceVerifier(SEED, MAX_MESSAGE_LENGTH);
            final long deadlineNs = System.nanoTime() + HANG_GUARD_NS;
            while (verifier.received < MESSAGES && verifier.failure == null)
            {
                TestRings.failIfHung(deadlineNs, "received " + verifier.received + " of " + MESSAGES);
                if (consumer.poll(verifier, 256) == 0)
                {
                    Thread.onSpinWait();
                }
            }
            assertNull(verifier.failure);
            assertEquals(MESSAGES, verifier.received);
            final String sent = out.readLine();
            assertEquals("SENT pid=" + namespacePid + " released=0 evicted=0", sent,
                "the consumer outside the namespace must not be taken for dead");
            assertTrue(consumer.isProducerAlive(), "the producer in the namespace is alive, seen from outside");

            final ProducerConflictException conflict = assertThrows(ProducerConflictException.class,
                () -> Publication.open(context()));
            assertTrue(conflict.getMessage().contains("pid " + namespacePid), conflict.getMessage());
            assertEquals(namespacePid, conflict.holderPid());

            holder.destroyForcibly(); // kill -9
            assertTrue(holder.onExit().get(60, TimeUnit.SECONDS) != null);
            assertTrue(unshare.waitFor(60, TimeUnit.SECONDS));
            assertFalse(consumer.isProducerAlive(), "the kernel released the dead producer's lock");
            try (Publication takeover = Publication.open(context()))
            {
                assertTrue(takeover.position() > 0, "continues after the dead producer's records");
                final UnsafeBuffer message = new UnsafeBuffer(new byte[8]);
                assertTrue(takeover.offer(message, 0, 8, 1) > 0);
                assertEquals(1, consumer.poll((t, b, o, l) -> { }, 10));
            }
        }
        finally
        {
            unshare.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            unshare.destroyForcibly();
        }
    }

    private String stderr() throws IOException
    {
        return java.nio.file.Files.readString(directory.resolve("namespace-producer.stderr"));
    }

    private static ProcessHandle javaUnder(final ProcessHandle unshare) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true)
        {
            final Optional<ProcessHandle> child = unshare.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false)).findFirst();
            if (child.isPresent())
            {
                return child.get();
            }
            TestRings.failIfHung(deadlineNs, "no java process under unshare");
            Thread.sleep(10);
        }
    }

    private static boolean canUnsharePidNamespace()
    {
        try
        {
            final Process probe = new ProcessBuilder("unshare", "-pf", "--mount-proc", "true")
                .redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        }
        catch (final IOException ex)
        {
            return false;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
