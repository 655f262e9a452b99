package io.slipstream.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link FramePrediction} gives the same next position whether the frame length repeats (taken from the previous
 * one) or changes (taken from the header just read).
 */
class FramePredictionTest
{
    @Test
    void shouldAddTheFrameLengthJustReadWhetherItRepeatsOrChanges()
    {
        final FramePrediction frames = new FramePrediction();
        final int[] lengths = {272, 272, 272, 64, 64, 4112, 272, 0, 16, 16};
        long position = 0;
        long expected = 0;
        for (final int length : lengths)
        {
            expected += length;
            position = frames.next(position, length);
            assertEquals(expected, position, "after a frame of " + length);
        }
    }
}
