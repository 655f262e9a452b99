package io.slipstream.tools.dump;

import io.slipstream.codecs.TradingSamples;
import io.slipstream.codecs.trading.LogonDecoder;
import io.slipstream.codecs.trading.MarketDataIncrementalRefreshDecoder;
import io.slipstream.codecs.trading.MessageHeaderDecoder;
import io.slipstream.codecs.trading.v1.MessageHeaderEncoder;
import io.slipstream.codecs.trading.v1.NewOrderSingleEncoder;
import io.slipstream.codecs.trading.v1.OrdType;
import io.slipstream.codecs.trading.v1.Side;
import io.slipstream.codecs.trading.v1.TimeInForce;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dump's printer on malformed and old messages: each message sits in a buffer of exactly its length, so a read
 * past its end would throw; the printer instead prints an ERROR line naming the field where the message broke.
 */
class MessagePrinterTest
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;

    private final TradingSamples samples = new TradingSamples();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[1024]);
    private final MessagePrinter printer = MessagePrinter.forTradingSchema();

    @Test
    void shouldPrintAnErrorForEveryTruncationOfEveryMessage()
    {
        int lines = 0;
        for (final int templateId : TradingSamples.TEMPLATE_IDS)
        {
            final int length = samples.encode(templateId, 1, scratch, 0);
            for (int cut = 0; cut < length; cut++)
            {
                final String line = printer.print(0, copy(cut), 0, cut);
                assertTrue(line.contains("ERROR"), "template " + templateId + " cut at " + cut + ": " + line);
                assertEquals(0, printer.lastLength());
                lines++;
            }
            assertTrue(!printer.print(0, copy(length), 0, length).contains("ERROR"), "whole template " + templateId);
        }
        assertTrue(lines > 100);
    }

    @Test
    void shouldNameTheFieldWhereAMessageThatLiesBreaks()
    {
        int length = samples.encode(1, 1, scratch, 0);
        scratch.putShort(0, (short)4, LE);
        assertTrue(printer.print(0, copy(length), 0, length)
            .contains("block length 4 in the header is shorter than the 20 bytes"));

        length = samples.encode(32, 1, scratch, 0);
        scratch.putShort(HEADER + MarketDataIncrementalRefreshDecoder.BLOCK_LENGTH + 2, (short)4, LE);
        String line = printer.print(0, copy(length), 0, length);
        assertTrue(line.contains("ERROR") && line.contains("'levels[3].updateAction'"), line);

        length = samples.encode(1, 1, scratch, 0);
        scratch.putShort(HEADER + LogonDecoder.BLOCK_LENGTH, (short)1000, LE);
        line = printer.print(0, copy(length), 0, length);
        assertTrue(line.contains("ERROR") && line.contains("'senderCompId'"), line);
    }

    @Test
    void shouldNeverThrowOnRandomlyCorruptMessages()
    {
        final SplittableRandom random = new SplittableRandom(7);
        int errors = 0;
        for (int i = 0; i < 100_000; i++)
        {
            final int kept = samples.encodeCorrupt(random, scratch);
            if (printer.print(i, copy(kept), 0, kept).contains("ERROR"))
            {
                errors++;
            }
        }
        assertTrue(errors > 0, "the corruption produced no malformed message");
    }

    @Test
    void shouldPrintAVersionOneMessageWithTheNewFieldNull()
    {
        final NewOrderSingleEncoder encoder = new NewOrderSingleEncoder()
            .wrapAndApplyHeader(scratch, 0, new MessageHeaderEncoder())
            .clOrdId(77).instrumentId(3).side(Side.SELL).ordType(OrdType.LIMIT).timeInForce(TimeInForce.DAY)
            .quantity(900).transactTimeNs(1L);
        encoder.price().mantissa(12_345).exponent((byte)-2);
        encoder.account("OLD-ACC");
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
        final String line = printer.print(0, copy(length), 0, length);
        assertTrue(line.contains("NewOrderSingle v1"), line);
        assertTrue(line.contains("minQuantity=null"), line);
        assertTrue(line.contains("account=\"OLD-ACC\""), line);
    }

    private UnsafeBuffer copy(final int length)
    {
        final byte[] bytes = new byte[length];
        scratch.getBytes(0, bytes, 0, length);
        return new UnsafeBuffer(bytes);
    }
}
