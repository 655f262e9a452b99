package io.slipstream.engine;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The data wake protocol as the engine runs it, and variants broken on purpose: the lost-wake-up test runs each to
 * prove it would catch the mistake (its negative controls). They exist only here, in test code, and reach the engine
 * through the package-private factories of {@link Publication} and {@link FutexIdleStrategy}.
 */
enum WakeVariant
{
    /** The engine's protocol. */
    CORRECT(DataWakeProtocol.CORRECT),
    /**
     * Broken: the consumer reads the sequence after its re-check, so a commit and bump in between go unseen. The gap
     * is naturally a few nanoseconds wide, too narrow to hit reliably in a default-length run, so this variant spins
     * for {@link #RACE_WINDOW_NS} inside it: the test then catches the mistake within a few hundred hand-offs.
     */
    SEQ_AFTER_RECHECK(SeqAfterRecheck::new),
    /** Broken: the consumer sleeps without re-checking for data after registering. */
    NO_RECHECK(NoRecheck::new);

    static final long RACE_WINDOW_NS = 5_000;

    private final DataWakeProtocol.Factory factory;

    WakeVariant(final DataWakeProtocol.Factory factory)
    {
        this.factory = factory;
    }

    DataWakeProtocol.Factory factory()
    {
        return factory;
    }

    private static final class SeqAfterRecheck extends DataWakeProtocol
    {
        SeqAfterRecheck(final UnsafeBuffer header, final Futex futex)
        {
            super(header, futex);
        }

        @Override
        int await(final Subscription subscription, final long waiterBit, final long timeoutNs)
        {
            setWaiter(header, waiterBit);
            int result = READY;
            if (!isReady(subscription))
            {
                widenRaceWindow();
                final int seq = header.getIntVolatile(RingDescriptor.DATA_FUTEX_SEQ_OFFSET);
                result = sleep(seq, timeoutNs);
            }
            clearWaiter(header, waiterBit);
            return result;
        }
    }

    private static final class NoRecheck extends DataWakeProtocol
    {
        NoRecheck(final UnsafeBuffer header, final Futex futex)
        {
            super(header, futex);
        }

        @Override
        int await(final Subscription subscription, final long waiterBit, final long timeoutNs)
        {
            final int seq = register(waiterBit);
            final int result = sleep(seq, timeoutNs);
            deregister(waiterBit);
            return result;
        }
    }

    /** Spins for {@link #RACE_WINDOW_NS}, to make a broken variant's race observable. */
    private static void widenRaceWindow()
    {
        final long until = System.nanoTime() + RACE_WINDOW_NS;
        while (System.nanoTime() < until)
        {
            Thread.onSpinWait();
        }
    }
}
