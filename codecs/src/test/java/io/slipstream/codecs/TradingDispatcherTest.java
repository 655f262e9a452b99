package io.slipstream.codecs;

import io.slipstream.codecs.trading.HeartbeatDecoder;
import io.slipstream.codecs.trading.MarketDataIncrementalRefreshDecoder;
import io.slipstream.codecs.trading.NewOrderSingleDecoder;
import io.slipstream.engine.Publication;
import io.slipstream.engine.RingDirectoryTest;
import io.slipstream.engine.Subscription;
import io.slipstream.engine.TestRings;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The dispatcher over a real ring: messages reach the typed handler in order, read in place in the ring (the
 * decoder's buffer is the ring's), with one flyweight per type reused; other schemas, unknown templates, short and
 * malformed messages are counted and skipped, at the schema level and at the template level.
 */
class TradingDispatcherTest extends RingDirectoryTest
{
    private static final int OTHER_SCHEMA_ID = 77;

    @Test
    void shouldDispatchFromARingInPlaceAndSkipWhatItDoesNotKnow()
    {
        final List<String> received = new ArrayList<>();
        final List<MessageError> malformed = new ArrayList<>();
        final Object[] firstHeartbeat = new Object[1];
        final DirectBuffer[] ringBuffer = new DirectBuffer[1];
        final TradingDispatcher trading = new TradingDispatcher(new TradingHandler()
        {
            @Override
            public void onHeartbeat(final HeartbeatDecoder heartbeat)
            {
                received.add("Heartbeat " + heartbeat.sendingTimeNs());
                if (firstHeartbeat[0] == null)
                {
                    firstHeartbeat[0] = heartbeat;
                }
                assertSame(firstHeartbeat[0], heartbeat, "one flyweight per message type");
                assertSame(ringBuffer[0], heartbeat.buffer(), "decoded in place, in the ring");
            }

            @Override
            public void onNewOrderSingle(final NewOrderSingleDecoder order)
            {
                received.add("NewOrderSingle " + order.clOrdId() + " v" + order.actingVersion());
            }

            @Override
            public void onMarketDataIncrementalRefresh(final MarketDataIncrementalRefreshDecoder refresh)
            {
                received.add("MarketDataIncrementalRefresh " + refresh.levels().count());
            }

            @Override
            public void onMalformed(final MessageError error, final DirectBuffer buffer, final int offset,
                final int length)
            {
                malformed.add(error);
            }
        });
        final SchemaDispatcher other = new SchemaDispatcher()
        {
            @Override
            public int schemaId()
            {
                return OTHER_SCHEMA_ID;
            }

            @Override
            public void onMessage(final int typeId, final DirectBuffer buffer, final int offset, final int length)
            {
                received.add("other schema, template " + buffer.getShort(offset + 2, ByteOrder.LITTLE_ENDIAN));
            }
        };
        final MessageDispatcher dispatcher = new MessageDispatcher().add(trading).add(other);

        final TradingSamples samples = new TradingSamples();
        final UnsafeBuffer message = new UnsafeBuffer(new byte[512]);
        try (Publication publication = Publication.open(TestRings.context(directory, "trading", 1 << 16));
            Subscription subscription = Subscription.open(TestRings.context(directory, "trading", 1 << 16)))
        {
            ringBuffer[0] = subscription.ringFile().data();
            publication.offer(message, 0, samples.encode(3, 1, message, 0));
            publication.offer(message, 0, samples.encode(10, 2, message, 0));
            int length = samples.encode(3, 3, message, 0);
            message.putShort(4, (short)OTHER_SCHEMA_ID, ByteOrder.LITTLE_ENDIAN);
            publication.offer(message, 0, length);
            message.putShort(4, (short)123, ByteOrder.LITTLE_ENDIAN);
            publication.offer(message, 0, length);
            length = samples.encode(3, 4, message, 0);
            message.putShort(2, (short)999, ByteOrder.LITTLE_ENDIAN);
            publication.offer(message, 0, length);
            publication.offer(message, 0, 5);
            length = samples.encode(32, 5, message, 0);
            publication.offer(message, 0, length - 1);
            publication.offer(message, 0, length);
            publication.offer(message, 0, samples.encode(3, 6, message, 0));

            int polled = 0;
            while (polled < 9)
            {
                polled += subscription.poll(dispatcher, 100);
            }
        }
        assertEquals(List.of(
            "Heartbeat " + (TradingSamples.TIME_NS + 1),
            "NewOrderSingle 2 v2",
            "other schema, template 3",
            "MarketDataIncrementalRefresh 3",
            "Heartbeat " + (TradingSamples.TIME_NS + 6)), received);
        assertEquals(List.of(MessageError.GROUP_PAST_END), malformed);
        assertEquals(1, dispatcher.unknownSchemaCount());
        assertEquals(1, dispatcher.truncatedCount());
        assertEquals(1, trading.unknownTemplateCount());
        assertEquals(1, trading.malformedCount());
        assertEquals(4, trading.dispatchedCount());
    }

    @Test
    void shouldRefuseASchemaRegisteredTwice()
    {
        final MessageDispatcher dispatcher = new MessageDispatcher().add(new TradingDispatcher(new TradingHandler()
        {
        }));
        assertThrows(IllegalArgumentException.class, () -> dispatcher.add(new TradingDispatcher(new TradingHandler()
        {
        })));
    }
}
