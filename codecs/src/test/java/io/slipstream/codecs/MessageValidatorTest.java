package io.slipstream.codecs;

import io.slipstream.codecs.trading.ExecutionReportDecoder;
import io.slipstream.codecs.trading.LogonDecoder;
import io.slipstream.codecs.trading.MarketDataIncrementalRefreshDecoder;
import io.slipstream.codecs.trading.MessageHeaderDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import uk.co.real_logic.sbe.ir.Ir;
import uk.co.real_logic.sbe.ir.IrDecoder;
import uk.co.real_logic.sbe.ir.Signal;
import uk.co.real_logic.sbe.ir.Token;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Malformed messages (truncated, or with a block length, group count or var-data length that lies) are rejected
 * with the error that names the problem, before any decoder reads them: the handler is never called, nothing is
 * thrown, and nothing outside the message is read. Each message is copied into a buffer of exactly its length, so
 * a read past its end would throw.
 */
class MessageValidatorTest
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;

    private final TradingSamples samples = new TradingSamples();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[1024]);
    private final TradingDispatcher dispatcher = new TradingDispatcher(new TradingHandler()
    {
        @Override
        public void onLogon(final LogonDecoder logon)
        {
            fail("a malformed message reached the handler");
        }

        @Override
        public void onExecutionReport(final ExecutionReportDecoder report)
        {
            fail("a malformed message reached the handler");
        }

        @Override
        public void onMarketDataIncrementalRefresh(final MarketDataIncrementalRefreshDecoder refresh)
        {
            fail("a malformed message reached the handler");
        }
    });

    @Test
    void shouldRejectEveryTruncationOfEveryMessage()
    {
        for (final int templateId : TradingSamples.TEMPLATE_IDS)
        {
            final int length = samples.encode(templateId, 1, scratch, 0);
            for (int cut = 0; cut < length; cut++)
            {
                final UnsafeBuffer exact = copy(cut);
                final MessageError error = dispatcher.dispatch(exact, 0, cut);
                assertNotEquals(MessageError.NONE, error, "template " + templateId + " cut at " + cut);
            }
        }
        assertEquals(0, dispatcher.dispatchedCount());
    }

    @Test
    void shouldRejectATruncatedHeader()
    {
        assertEquals(MessageError.TRUNCATED_HEADER, dispatcher.dispatch(copy(0), 0, HEADER - 1));
    }

    @Test
    void shouldRejectABlockLengthShorterThanTheFields()
    {
        final int length = samples.encode(1, 1, scratch, 0);
        scratch.putShort(0, (short)4, LE);
        assertEquals(MessageError.BLOCK_LENGTH_TOO_SHORT, dispatcher.dispatch(copy(length), 0, length));
    }

    @Test
    void shouldRejectABlockLengthPastTheEnd()
    {
        final int length = samples.encode(1, 1, scratch, 0);
        scratch.putShort(0, (short)60_000, LE);
        assertEquals(MessageError.BLOCK_PAST_END, dispatcher.dispatch(copy(length), 0, length));
    }

    @Test
    void shouldRejectAGroupCountThatLies()
    {
        final int length = samples.encode(32, 1, scratch, 0);
        final int groupHeader = HEADER + MarketDataIncrementalRefreshDecoder.BLOCK_LENGTH;
        scratch.putShort(groupHeader + 2, (short)4, LE);
        assertEquals(MessageError.GROUP_PAST_END, dispatcher.dispatch(copy(length), 0, length));

        scratch.putShort(groupHeader + 2, (short)60_000, LE);
        assertEquals(MessageError.GROUP_COUNT_TOO_LARGE, dispatcher.dispatch(copy(length), 0, length));
    }

    @Test
    void shouldRejectAGroupBlockLengthThatLies()
    {
        final int length = samples.encode(32, 1, scratch, 0);
        final int groupHeader = HEADER + MarketDataIncrementalRefreshDecoder.BLOCK_LENGTH;
        scratch.putShort(groupHeader, (short)1, LE);
        assertEquals(MessageError.GROUP_BLOCK_LENGTH_TOO_SHORT, dispatcher.dispatch(copy(length), 0, length));
        scratch.putShort(groupHeader, (short)200, LE);
        assertEquals(MessageError.GROUP_PAST_END, dispatcher.dispatch(copy(length), 0, length));
    }

    @Test
    void shouldRejectVarDataPastTheEnd()
    {
        final int logonLength = samples.encode(1, 1, scratch, 0);
        scratch.putShort(HEADER + LogonDecoder.BLOCK_LENGTH, (short)1000, LE);
        assertEquals(MessageError.VAR_DATA_PAST_END, dispatcher.dispatch(copy(logonLength), 0, logonLength));

        final int reportLength = samples.encode(20, 1, scratch, 0);
        final int textLengthAt = HEADER + ExecutionReportDecoder.BLOCK_LENGTH;
        scratch.putShort(textLengthAt, (short)(scratch.getShort(textLengthAt, LE) + 1), LE);
        assertEquals(MessageError.VAR_DATA_PAST_END, dispatcher.dispatch(copy(reportLength), 0, reportLength));
        assertEquals(MessageError.VAR_DATA_HEADER_PAST_END,
            dispatcher.dispatch(copy(textLengthAt + 1), 0, textLengthAt + 1));
    }

    @Test
    void shouldCountUnknownSchemaAndTemplateWithoutCallingTheHandler()
    {
        final int length = samples.encode(1, 1, scratch, 0);
        scratch.putShort(4, (short)99, LE);
        assertEquals(MessageError.UNKNOWN_SCHEMA, dispatcher.dispatch(copy(length), 0, length));
        scratch.putShort(4, (short)MessageHeaderDecoder.SCHEMA_ID, LE);
        scratch.putShort(2, (short)999, LE);
        assertEquals(MessageError.UNKNOWN_TEMPLATE, dispatcher.dispatch(copy(length), 0, length));
        assertEquals(1, dispatcher.unknownSchemaCount());
        assertEquals(1, dispatcher.unknownTemplateCount());
        assertEquals(0, dispatcher.malformedCount());
    }

    /** The validator's hand-written shapes must match the schema: same templates, groups, var-data, blocks. */
    @Test
    void shouldDescribeTheSameMessagesAsTheSchemaIr() throws IOException
    {
        final Ir ir;
        try (InputStream in = getClass().getResourceAsStream("/trading-schema.sbeir"))
        {
            assertNotNull(in);
            ir = new IrDecoder(ByteBuffer.wrap(in.readAllBytes())).decode();
        }
        int messages = 0;
        for (final List<Token> tokens : ir.messages())
        {
            messages++;
            final int templateId = (int)tokens.get(0).id();
            assertTrue(MessageValidator.isKnownTemplate(templateId), tokens.get(0).name());
            int groups = 0;
            int varData = 0;
            for (int i = 1; i < tokens.size(); i++)
            {
                final Token token = tokens.get(i);
                if (token.signal() == Signal.BEGIN_GROUP)
                {
                    assertEquals(token.encodedLength(), MessageValidator.groupMinBlockLength(templateId, groups));
                    groups++;
                    i += token.componentTokenCount() - 1;
                }
                else if (token.signal() == Signal.BEGIN_VAR_DATA)
                {
                    varData++;
                }
            }
            assertEquals(groups, MessageValidator.groupCount(templateId), tokens.get(0).name());
            assertEquals(varData, MessageValidator.varDataCount(templateId), tokens.get(0).name());
            assertEquals(tokens.get(0).encodedLength(), MessageValidator.minBlockLength(templateId, ir.version()));
        }
        assertEquals(TradingSamples.TEMPLATE_IDS.length, messages);
        assertFalse(MessageValidator.isKnownTemplate(0));
        assertFalse(MessageValidator.isKnownTemplate(65_535));
    }

    private UnsafeBuffer copy(final int length)
    {
        final byte[] bytes = new byte[length];
        scratch.getBytes(0, bytes, 0, length);
        return new UnsafeBuffer(bytes);
    }
}
