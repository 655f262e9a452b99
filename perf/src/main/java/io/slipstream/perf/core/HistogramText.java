package io.slipstream.perf.core;

import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;

/**
 * A histogram as one word of text (base64 of HdrHistogram's compressed encoding), to cross from a child JVM.
 */
public final class HistogramText
{
    /** The text of no histogram. */
    public static final String NONE = "-";

    private HistogramText()
    {
    }

    /**
     * @param histogram the histogram, or null.
     * @return its text, or {@link #NONE} for null.
     */
    public static String encode(final Histogram histogram)
    {
        if (histogram == null)
        {
            return NONE;
        }
        final ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        histogram.encodeIntoCompressedByteBuffer(buffer);
        buffer.flip();
        final byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * The inverse of {@link #encode}.
     *
     * @param text a histogram's text, or {@link #NONE}.
     * @return the histogram, or null for {@link #NONE}.
     * @throws IllegalArgumentException if {@code text} is not a histogram's.
     */
    public static Histogram decode(final String text)
    {
        if (text.equals(NONE))
        {
            return null;
        }
        try
        {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(text)), 0);
        }
        catch (final DataFormatException ex)
        {
            throw new IllegalArgumentException("not an encoded histogram: " + ex.getMessage(), ex);
        }
    }
}
