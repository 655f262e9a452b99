package io.slipstream.perf.core;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageTest
{
    @ParameterizedTest
    @ValueSource(ints = {16, 17, 32, 33, 256, 1000})
    void shouldVerifyAnIntactMessage(final int length)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[length]);
        Message.encode(buffer, 0, length, 42);

        assertDoesNotThrow(() -> Message.verify(buffer, 0, length, length, 42));
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 17, 32, 33, 256})
    void shouldDetectAnyFlippedByte(final int length)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[length]);
        for (int i = 0; i < length; i++)
        {
            Message.encode(buffer, 0, length, 7);
            buffer.putByte(i, (byte)(buffer.getByte(i) ^ 0x10));

            assertThrows(HarnessException.class, () -> Message.verify(buffer, 0, length, length, 7), "byte " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {6, 8, 100})
    void shouldRejectAnUnexpectedSequence(final long received)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[32]);
        Message.encode(buffer, 0, 32, received);

        final HarnessException ex =
            assertThrows(HarnessException.class, () -> Message.verify(buffer, 0, 32, 32, 7));
        assertTrue(ex.getMessage().contains("expected message 7 but received " + received), ex.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 31, 33})
    void shouldRejectAWrongLength(final int length)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        Message.encode(buffer, 0, length, 1);

        assertThrows(HarnessException.class, () -> Message.verify(buffer, 0, length, 32, 1));
    }
}
