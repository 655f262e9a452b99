package io.slipstream.engine;

import org.agrona.UnsafeApi;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The words the hot paths read and write on every message or poll, without the buffer's bounds checks: only at an
 * offset the engine has proven to lie within the buffer (a constant of the header layout, a slot of a slot count
 * the header check bounded, or a record header at a position the caller placed or validated). A mapping truncated
 * underneath still faults as a checked access would.
 */
final class HotWords
{
    private HotWords()
    {
    }

    static int getInt(final AtomicBuffer buffer, final int offset)
    {
        return UnsafeApi.getInt(buffer.byteArray(), buffer.addressOffset() + offset);
    }

    static int getIntAcquire(final AtomicBuffer buffer, final int offset)
    {
        return UnsafeApi.getIntAcquire(buffer.byteArray(), buffer.addressOffset() + offset);
    }

    static int getIntVolatile(final AtomicBuffer buffer, final int offset)
    {
        return UnsafeApi.getIntVolatile(buffer.byteArray(), buffer.addressOffset() + offset);
    }

    static long getLongVolatile(final AtomicBuffer buffer, final int offset)
    {
        return UnsafeApi.getLongVolatile(buffer.byteArray(), buffer.addressOffset() + offset);
    }

    static void putInt(final AtomicBuffer buffer, final int offset, final int value)
    {
        UnsafeApi.putInt(buffer.byteArray(), buffer.addressOffset() + offset, value);
    }

    static void putLongRelease(final AtomicBuffer buffer, final int offset, final long value)
    {
        UnsafeApi.putLongRelease(buffer.byteArray(), buffer.addressOffset() + offset, value);
    }

    static void putLongVolatile(final AtomicBuffer buffer, final int offset, final long value)
    {
        UnsafeApi.putLongVolatile(buffer.byteArray(), buffer.addressOffset() + offset, value);
    }
}
