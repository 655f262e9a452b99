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
    /** Broken: the consumer reads the sequence after its re-check, so a commit and bump in between go unseen. */
    SEQ_AFTER_RECHECK,
    /** Broken: the consumer sleeps without re-checking for data after registering. */
    NO_RECHECK;

    static final WakeProtocol CURRENT = WakeProtocol.valueOf(
        System.getProperty("slipstream.test.wakeProtocol", "CORRECT").toUpperCase(Locale.ROOT));
}
