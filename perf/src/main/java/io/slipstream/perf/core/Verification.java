package io.slipstream.perf.core;

import java.util.Locale;

/**
 * How much of each message the two ends check. The sequence number is checked on every message in both, so a
 * lost, duplicated or reordered message always fails the run; the checksum over the whole message (a step per
 * 8 B, which at 32 B costs more than some transports) is computed and checked on every message or on a sample.
 */
public enum Verification
{
    /**
     * Sequence on every message; filler and checksum written and checked on every {@link #SAMPLE_INTERVAL}th
     * message only (sequence 0, 1024, 2048, ...). Other messages carry the previous filler and a stale checksum,
     * which nobody reads. The default: the lightest check that still catches loss and reordering on every message.
     */
    SAMPLED,
    /** Sequence, filler and checksum on every message. */
    FULL;

    /** Every this-many-th message carries and is checked against its checksum in {@link #SAMPLED}. */
    public static final int SAMPLE_INTERVAL = 1024;
    private static final long SAMPLE_MASK = SAMPLE_INTERVAL - 1;

    /**
     * @return whether message {@code seq} is written with its filler and checksum, and its checksum checked.
     */
    public boolean checksums(final long seq)
    {
        return this == FULL || (seq & SAMPLE_MASK) == 0;
    }

    /**
     * @return the name used on the command line and between processes.
     */
    public String label()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @return what is checked, in a sentence fragment for the report.
     */
    public String describe()
    {
        return this == FULL ?
            "sequence number, filler and checksum on every message, at both ends (--verify full)" :
            "sequence number on every message; filler and checksum on every " + SAMPLE_INTERVAL +
            "th message only (sampled, the default; --verify full checks every checksum)";
    }

    public static Verification fromLabel(final String label)
    {
        for (final Verification verification : values())
        {
            if (verification.label().equalsIgnoreCase(label.trim()))
            {
                return verification;
            }
        }
        throw new IllegalArgumentException("unknown verification '" + label + "', known: sampled, full");
    }
}
