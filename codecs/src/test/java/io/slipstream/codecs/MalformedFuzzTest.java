package io.slipstream.codecs;

import io.slipstream.codecs.trading.ExecutionReportDecoder;
import io.slipstream.codecs.trading.HeartbeatDecoder;
import io.slipstream.codecs.trading.LogonDecoder;
import io.slipstream.codecs.trading.LogoutDecoder;
import io.slipstream.codecs.trading.MarketDataIncrementalRefreshDecoder;
import io.slipstream.codecs.trading.MessageHeaderDecoder;
import io.slipstream.codecs.trading.NewOrderSingleDecoder;
import io.slipstream.codecs.trading.OrderCancelReplaceRequestDecoder;
import io.slipstream.codecs.trading.OrderCancelRequestDecoder;
import io.slipstream.codecs.trading.QuoteDecoder;
import io.slipstream.codecs.trading.TradeDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random corruption of valid messages (bytes overwritten, the end cut off), each message in a buffer of exactly its
 * length so that any read past its end throws. Through the dispatcher, a handler that reads every field, group
 * entry and var-data never reads outside the message. The negative control
 * decodes the same corrupt messages without validation, as SBE's decoders alone would, and does read past the end.
 */
class MalformedFuzzTest
{
    private static final int ITERATIONS = 100_000;

    private final TradingSamples samples = new TradingSamples();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[1024]);
    private final StringBuilder text = new StringBuilder(1024);

    private long messagesRead;

    /** Every on-message method of the handler reads every value of the decoder it is given. */
    private final TradingHandler readEverything = (TradingHandler)Proxy.newProxyInstance(
        TradingHandler.class.getClassLoader(), new Class<?>[] {TradingHandler.class}, (proxy, method, args) ->
        {
            if (args != null && args.length == 1 && args[0] instanceof final MessageDecoderFlyweight decoder)
            {
                messagesRead++;
                read(decoder);
            }
            return null;
        });

    @Test
    void shouldNeverReadOutsideACorruptMessage()
    {
        final TradingDispatcher dispatcher = new TradingDispatcher(readEverything);
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < ITERATIONS; i++)
        {
            final UnsafeBuffer message = corrupt(random);
            dispatcher.dispatch(message, 0, message.capacity());
        }
        assertTrue(dispatcher.malformedCount() > 0, "the corruption produced no malformed message");
        assertTrue(dispatcher.dispatchedCount() > 0, "the corruption left no message valid");
        assertEquals(dispatcher.dispatchedCount(), messagesRead, "messages dispatched but not read");
    }

    @Test
    void shouldReadOutsideACorruptMessageWithoutValidationNegativeControl()
    {
        final MessageDecoderFlyweight[] decoders = new MessageDecoderFlyweight[33];
        decoders[1] = new LogonDecoder();
        decoders[2] = new LogoutDecoder();
        decoders[3] = new HeartbeatDecoder();
        decoders[10] = new NewOrderSingleDecoder();
        decoders[11] = new OrderCancelRequestDecoder();
        decoders[12] = new OrderCancelReplaceRequestDecoder();
        decoders[20] = new ExecutionReportDecoder();
        decoders[30] = new QuoteDecoder();
        decoders[31] = new TradeDecoder();
        decoders[32] = new MarketDataIncrementalRefreshDecoder();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final SplittableRandom random = new SplittableRandom(7);
        int outOfBounds = 0;
        for (int i = 0; i < ITERATIONS; i++)
        {
            final UnsafeBuffer message = corrupt(random);
            if (message.capacity() < MessageHeaderDecoder.ENCODED_LENGTH)
            {
                continue;
            }
            header.wrap(message, 0);
            final int templateId = header.templateId();
            if (templateId >= decoders.length || decoders[templateId] == null)
            {
                continue;
            }
            try
            {
                decoders[templateId].wrap(message, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
                    header.version());
                read(decoders[templateId]);
            }
            catch (final IndexOutOfBoundsException ex)
            {
                outOfBounds++;
            }
        }
        assertTrue(outOfBounds > 0, "unvalidated decoding never read past a corrupt message");
    }

    private UnsafeBuffer corrupt(final SplittableRandom random)
    {
        final int length = samples.encodeCorrupt(random, scratch);
        final byte[] bytes = new byte[length];
        scratch.getBytes(0, bytes, 0, length);
        return new UnsafeBuffer(bytes);
    }

    private void read(final MessageDecoderFlyweight decoder)
    {
        text.setLength(0);
        try
        {
            decoder.appendTo(text);
        }
        catch (final IllegalArgumentException ex)
        {
            // An enum byte the schema does not define: a value problem, the handler's to judge, not a bounds one.
        }
    }
}
