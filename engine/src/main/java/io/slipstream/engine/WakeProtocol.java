package io.slipstream.engine;

import java.util.Locale;

/**
 * The futex hand-off protocol, and deliberately broken variants of it that exist only so the lost-wake-up stress
 * test can prove it detects each mistake (its negative controls). Chosen once per JVM by the system property
 * {@code slipstream.test.wakeProtocol}; anything but a test leaves it at {@link #CORRECT}.
 */
enum WakeProtocol
{
    /** Consumer: read seq, register, re-check data, sleep. Producer: commit with a full fence, read waiters. */
    CORRECT,
    /** Broken: the producer commits with a release store, which a later load may pass. */
    RELEASE_COMMIT,
    /**
     * Broken: the consumer reads the sequence after its re-check, so a commit and bump in between go unseen. The
     * gap is naturally a few nanoseconds wide, too narrow to hit reliably in a default-length run, so this variant
     * spins for {@link #RACE_WINDOW_NS} inside it: the test then catches the mistake within a few hundred hand-offs.
     */
    SEQ_AFTER_RECHECK,
    /** Broken: the consumer sleeps without re-checking for data after registering. */
    NO_RECHECK;

    static final long RACE_WINDOW_NS = 5_000;

    static final WakeProtocol CURRENT = WakeProtocol.valueOf(
        System.getProperty("slipstream.test.wakeProtocol", "CORRECT").toUpperCase(Locale.ROOT));

    /** Spins for {@link #RACE_WINDOW_NS}; used only by a broken variant, to make its race observable. */
    static void widenRaceWindow()
    {
        final long until = System.nanoTime() + RACE_WINDOW_NS;
        while (System.nanoTime() < until)
        {
            Thread.onSpinWait();
        }
    }
}
