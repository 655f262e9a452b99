package io.slipstream.codecs;

import io.slipstream.codecs.trading.NewOrderSingleDecoder;
import io.slipstream.codecs.trading.v1.MessageHeaderDecoder;
import io.slipstream.codecs.trading.v1.MessageHeaderEncoder;
import io.slipstream.codecs.trading.v1.NewOrderSingleEncoder;
import io.slipstream.codecs.trading.v1.OrdType;
import io.slipstream.codecs.trading.v1.Side;
import io.slipstream.codecs.trading.v1.TimeInForce;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Version 2 of the schema added {@code NewOrderSingle.minQuantity} (sinceVersion 2, optional). A version-1 decoder
 * reads a version-2 message (stepping over the longer block to reach the var-data), and a version-2 decoder reads a
 * version-1 message (the new field reads as null).
 */
class SchemaEvolutionTest
{
    private static final int OFFSET = 8;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);

    @Test
    void shouldReadAVersionOneMessageWithVersionTwoCodecs()
    {
        final int length = encodeVersionOne();
        final NewOrderSingleDecoder[] received = new NewOrderSingleDecoder[1];
        final long[] minQuantity = new long[1];
        final String[] account = new String[1];
        final TradingDispatcher dispatcher = new TradingDispatcher(new TradingHandler()
        {
            @Override
            public void onNewOrderSingle(final NewOrderSingleDecoder order)
            {
                received[0] = order;
                assertEquals(1, order.actingVersion());
                assertEquals(77, order.clOrdId());
                assertEquals(12_345, order.price().mantissa());
                assertEquals(900, order.quantity());
                minQuantity[0] = order.minQuantity();
                account[0] = order.account();
            }
        });
        assertEquals(MessageError.NONE, dispatcher.dispatch(buffer, OFFSET, length));
        assertEquals(NewOrderSingleDecoder.minQuantityNullValue(), minQuantity[0]);
        assertEquals("OLD-ACC", account[0]);
        assertTrue(received[0] != null);
    }

    @Test
    void shouldReadAVersionTwoMessageWithVersionOneCodecs()
    {
        final int length = new TradingSamples().encode(10, 5, buffer, OFFSET);
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, OFFSET);
        assertEquals(2, header.version());
        assertEquals(io.slipstream.codecs.trading.NewOrderSingleEncoder.BLOCK_LENGTH, header.blockLength());
        assertTrue(header.blockLength() > io.slipstream.codecs.trading.v1.NewOrderSingleDecoder.BLOCK_LENGTH);

        final io.slipstream.codecs.trading.v1.NewOrderSingleDecoder old =
            new io.slipstream.codecs.trading.v1.NewOrderSingleDecoder().wrap(buffer,
                OFFSET + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        assertEquals(5, old.clOrdId());
        assertEquals(7, old.instrumentId());
        assertEquals(Side.BUY, old.side());
        assertEquals(10_025, old.price().mantissa());
        assertEquals(500, old.quantity());
        assertEquals("ACC-42", old.account());
        assertEquals(OFFSET + length, old.limit());
    }

    private int encodeVersionOne()
    {
        final NewOrderSingleEncoder encoder = new NewOrderSingleEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, new MessageHeaderEncoder())
            .clOrdId(77).instrumentId(3).side(Side.SELL).ordType(OrdType.LIMIT).timeInForce(TimeInForce.DAY)
            .quantity(900).transactTimeNs(1L);
        encoder.price().mantissa(12_345).exponent((byte)-2);
        encoder.account("OLD-ACC");
        assertEquals(1, new MessageHeaderDecoder().wrap(buffer, OFFSET).version());
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }
}
