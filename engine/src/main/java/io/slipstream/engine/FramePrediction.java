package io.slipstream.engine;

/**
 * Where a reader's next record starts, computed so that the address of the next header does not wait on the load
 * of this one.
 * <p>
 * A reader walks a chain: the next record's position is this one's plus its frame length, which it learns only
 * when this header arrives. When the headers come from another core's cache, every step then waits out one
 * transfer and the processor cannot start the next load early. Most streams repeat one frame length, so the next
 * position is taken from the previous frame length, a value already in a register; the length just read is only
 * compared with it. The comparison is a branch the processor predicts, so it runs ahead and overlaps the loads of
 * several records. When the lengths differ the branch corrects the position: same result, only slower.
 */
final class FramePrediction
{
    private int lastFrameLength;

    /**
     * @param position    the position of the record just read.
     * @param frameLength its frame length ({@link RecordFormat#frameLength}).
     * @return the position of the record after it: {@code position + frameLength}.
     */
    long next(final long position, final int frameLength)
    {
        final int predicted = lastFrameLength;
        if (frameLength != predicted)
        {
            lastFrameLength = frameLength;
            return position + frameLength;
        }
        return position + predicted;
    }
}
