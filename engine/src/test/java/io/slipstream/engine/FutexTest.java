package io.slipstream.engine;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class FutexTest
{
    @Test
    void shouldChooseTheFutexSyscallNumberPerArchitecture()
    {
        assertEquals(202, Futex.futexSyscallNumber("amd64"));
        assertEquals(202, Futex.futexSyscallNumber("x86_64"));
        assertEquals(98, Futex.futexSyscallNumber("aarch64"));
        assertEquals(-1, Futex.futexSyscallNumber("riscv64"));
    }

    @Test
    void shouldReturnAtOnceWhenWordDiffers()
    {
        try (Arena arena = Arena.ofConfined(); Futex futex = new Futex())
        {
            final MemorySegment word = arena.allocate(4, 4);
            word.set(ValueLayout.JAVA_INT, 0, 5);
            assertEquals(Futex.VALUE_CHANGED, futex.await(word.address(), 4, TimeUnit.SECONDS.toNanos(10)));
        }
    }

    @Test
    void shouldTimeOut()
    {
        try (Arena arena = Arena.ofConfined(); Futex futex = new Futex())
        {
            final MemorySegment word = arena.allocate(4, 4);
            assertEquals(Futex.TIMED_OUT, futex.await(word.address(), 0, TimeUnit.MILLISECONDS.toNanos(5)));
            assertEquals(0, futex.wake(word.address(), Integer.MAX_VALUE), "nobody to wake");
        }
    }

    @Test
    void shouldWakeSleeperOnAnotherThread() throws Exception
    {
        try (Arena arena = Arena.ofShared(); Futex waker = new Futex())
        {
            final MemorySegment word = arena.allocate(4, 4);
            final AtomicInteger outcome = new AtomicInteger(-1);
            final CountDownLatch started = new CountDownLatch(1);
            final Thread sleeper = new Thread(() ->
            {
                try (Futex futex = new Futex())
                {
                    started.countDown();
                    int result;
                    // Sleep until the word changes; spurious returns loop.
                    while (word.get(ValueLayout.JAVA_INT, 0) == 0)
                    {
                        result = futex.await(word.address(), 0, TimeUnit.SECONDS.toNanos(30));
                        outcome.set(result);
                    }
                }
            });
            sleeper.start();
            started.await();
            int woken = 0;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (woken == 0 && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
                word.set(ValueLayout.JAVA_INT, 0, 0);
                woken = waker.wake(word.address(), 1);
            }
            word.set(ValueLayout.JAVA_INT, 0, 1);
            waker.wake(word.address(), 1);
            sleeper.join(Duration.ofSeconds(20));
            assertFalse(sleeper.isAlive());
            assertEquals(1, woken, "the wake found the sleeper");
        }
    }

    @Test
    void shouldWaitOnSeveralWordsAndWakeOnAny() throws Exception
    {
        if (!Futex.isWaitvSupported())
        {
            return; // kernel before 5.16: covered by the selector's fallback
        }
        try (Arena arena = Arena.ofShared(); Futex waker = new Futex())
        {
            final MemorySegment words = arena.allocate(256, 128);
            final long[] addresses = {words.address(), words.address() + 128};
            try (Futex futex = new Futex())
            {
                assertEquals(-1 - Futex.TIMED_OUT, futex.awaitAny(addresses, new int[]{0, 0}, 2,
                    TimeUnit.MILLISECONDS.toNanos(5)));
                words.set(ValueLayout.JAVA_INT, 128, 3);
                assertEquals(-1 - Futex.VALUE_CHANGED, futex.awaitAny(addresses, new int[]{0, 0}, 2,
                    TimeUnit.SECONDS.toNanos(10)));
            }
            final AtomicInteger index = new AtomicInteger(-100);
            final Thread sleeper = new Thread(() ->
            {
                try (Futex futex = new Futex())
                {
                    index.set(futex.awaitAny(addresses, new int[]{0, 3}, 2, TimeUnit.SECONDS.toNanos(30)));
                }
            });
            sleeper.start();
            int woken = 0;
            while (woken == 0 && sleeper.isAlive())
            {
                Thread.sleep(1);
                woken = waker.wake(addresses[1], 1);
            }
            sleeper.join(Duration.ofSeconds(20));
            assertEquals(1, woken);
            assertEquals(1, index.get(), "woken through the second word");
        }
    }
}
