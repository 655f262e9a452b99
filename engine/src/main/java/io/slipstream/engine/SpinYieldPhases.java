package io.slipstream.engine;

/** The busy phases before a futex strategy sleeps: spin with {@link Thread#onSpinWait()}, then yield. */
final class SpinYieldPhases
{
    private final int maxSpins;
    private final int maxYields;
    private int spins;
    private int yields;

    SpinYieldPhases(final int maxSpins, final int maxYields, final long timeoutNs)
    {
        if (maxSpins < 0 || maxYields < 0 || timeoutNs <= 0)
        {
            throw new IllegalArgumentException("spins and yields must be >= 0 and the timeout > 0");
        }
        this.maxSpins = maxSpins;
        this.maxYields = maxYields;
    }

    /** Spins or yields once and returns true, or returns false when both phases are over and it is time to sleep. */
    boolean idle()
    {
        if (spins < maxSpins)
        {
            spins++;
            Thread.onSpinWait();
            return true;
        }
        if (yields < maxYields)
        {
            yields++;
            Thread.yield();
            return true;
        }
        return false;
    }

    void reset()
    {
        spins = 0;
        yields = 0;
    }
}
