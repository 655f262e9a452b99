package io.slipstream.driver;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.Header;
import io.slipstream.codecs.trading.MarketDataIncrementalRefreshDecoder;
import io.slipstream.codecs.trading.MarketDataIncrementalRefreshEncoder;
import io.slipstream.codecs.trading.MessageHeaderDecoder;
import io.slipstream.codecs.trading.MessageHeaderEncoder;
import io.slipstream.codecs.trading.NewOrderSingleDecoder;
import io.slipstream.codecs.trading.NewOrderSingleEncoder;
import io.slipstream.codecs.trading.OrdType;
import io.slipstream.codecs.trading.Side;
import io.slipstream.codecs.trading.TimeInForce;
import io.slipstream.codecs.trading.UpdateAction;
import io.slipstream.engine.Publication;
import io.slipstream.engine.WaitStrategy;
import io.slipstream.test.RingDirectoryExtension;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * SBE messages written into a ring with the generated codecs ({@code codecs} module) cross two drivers, and a plain
 * Aeron subscription on the receiving driver decodes them by the documented frame format alone: its read path is
 * Aeron's client (a {@link FragmentAssembler} over a {@link Subscription}), fixed offsets (32-byte header,
 * little-endian: frame type at 0, the record's type id at 4) and the generated decoders, dispatching on schema id
 * then template id with the header's block length and version. Every message arrives exactly once, in order, each
 * field as encoded (orders with var-data accounts and an optional field, market data with a repeating group).
 */
class PlainAeronSbeReaderTest
{
    private static final int MESSAGES = 20_000;
    private static final int RING_BYTES = 4 << 20;
    private static final int FRAME_HEADER_LENGTH = 32;
    private static final int FRAME_MESSAGE = 1;
    private static final int FRAME_HELLO = 2;

    @RegisterExtension
    final RingDirectoryExtension directory = new RingDirectoryExtension("slipstream-driver-test-plain-sbe-");

    @Test
    void shouldDecodeSbeMessagesFromABridgedStreamWithAPlainAeronSubscriptionAndTheGeneratedDecoders()
        throws Exception
    {
        final Path dir = directory.path();
        final String channel = "aeron:udp?endpoint=127.0.0.1:" + TestSetup.freeUdpPort();
        final Path ringsA = Files.createDirectories(dir.resolve("rings-a"));
        final Path ringsB = Files.createDirectories(dir.resolve("rings-b"));
        final SbeReader reader = new SbeReader();
        final FragmentAssembler assembler = new FragmentAssembler(reader::onFrame);
        final int[] bridged = {0};
        try (Publication source = Publication.open(TestSetup.ring(ringsA, "out", RING_BYTES));
            io.slipstream.engine.Subscription destination =
                io.slipstream.engine.Subscription.open(TestSetup.ring(ringsB, "in", RING_BYTES));
            SlipstreamDriver receiver = SlipstreamDriver.launch(
                TestSetup.driver(dir.resolve("aeron-b"), ringsB, channel + "|stream=10 -> ring:in"));
            Aeron plainClient = Aeron.connect(new Aeron.Context().aeronDirectoryName(receiver.aeronDirectoryName()));
            Subscription plain = plainClient.addSubscription(channel, 10);
            SlipstreamDriver ignored = SlipstreamDriver.launch(
                TestSetup.driver(dir.resolve("aeron-a"), ringsA, "ring:out -> " + channel + "|stream=10")))
        {
            final AtomicReference<Throwable> producerFailure = new AtomicReference<>();
            final Thread producer = Thread.ofPlatform().name("sbe-producer").start(() ->
            {
                try
                {
                    produce(source);
                }
                catch (final Throwable ex)
                {
                    producerFailure.set(ex);
                }
            });
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            final IdleStrategy idle = WaitStrategy.BACKOFF.newIdleStrategy();
            while (reader.next < MESSAGES || bridged[0] < MESSAGES)
            {
                assertTrue(System.nanoTime() < deadlineNs, "hang guard: " + reader.next + " decoded"); // hang only
                // The bridge's ring is read too, so that it never fills and holds the stream.
                idle.idle(plain.poll(assembler, 256) +
                    destination.poll((typeId, buffer, offset, length) -> bridged[0]++, 256));
            }
            producer.join();
            assertNull(producerFailure.get());
            assertEquals(MESSAGES, reader.next, "every message once, in order");
            assertEquals(MESSAGES, bridged[0], "and the receiving bridge wrote each one once");
            assertTrue(reader.hellos > 0, "the sender's HELLOs are on the stream too, and skipped");
            assertEquals(MESSAGES / 3, reader.marketData, "market-data messages decoded");
        }
    }

    /** Message {@code i} is market data when {@code i % 3 == 2}, else an order; each field follows from {@code i}. */
    private static boolean isMarketData(final long i)
    {
        return i % 3 == 2;
    }

    private static int levels(final long i)
    {
        return (int)(i % 4) + 1;
    }

    private static String account(final long i)
    {
        return "ACC-" + i;
    }

    /** Encodes each message with the generated encoders and offers it, its template id as the record's type id. */
    private static void produce(final Publication source)
    {
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final NewOrderSingleEncoder order = new NewOrderSingleEncoder();
        final MarketDataIncrementalRefreshEncoder refresh = new MarketDataIncrementalRefreshEncoder();
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[1024]);
        final IdleStrategy idle = WaitStrategy.BACKOFF.newIdleStrategy();
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        for (long i = 0; i < MESSAGES; i++)
        {
            final int length;
            final int templateId;
            if (isMarketData(i))
            {
                final MarketDataIncrementalRefreshEncoder.LevelsEncoder levels = refresh
                    .wrapAndApplyHeader(scratch, 0, header)
                    .instrumentId((int)(i % 100)).rptSeq(i).transactTimeNs(i * 1_000)
                    .levelsCount(levels(i));
                for (int level = 1; level <= levels(i); level++)
                {
                    levels.next().updateAction(UpdateAction.get((short)(level % 3)))
                        .side(level % 2 == 0 ? Side.BUY : Side.SELL).level((short)level)
                        .quantity(i * 10 + level).numberOfOrders(level)
                        .price().mantissa(10_000 + i + level).exponent((byte)-2);
                }
                length = MessageHeaderEncoder.ENCODED_LENGTH + refresh.encodedLength();
                templateId = MarketDataIncrementalRefreshEncoder.TEMPLATE_ID;
            }
            else
            {
                order.wrapAndApplyHeader(scratch, 0, header)
                    .clOrdId(i).instrumentId((int)(i % 100)).side(i % 2 == 0 ? Side.BUY : Side.SELL)
                    .ordType(OrdType.LIMIT).timeInForce(TimeInForce.DAY)
                    .quantity(i + 1).transactTimeNs(i * 1_000)
                    .minQuantity(i % 5 == 0 ? NewOrderSingleEncoder.minQuantityNullValue() : i / 2)
                    .price().mantissa(10_000 + i).exponent((byte)-2);
                order.account(account(i));
                length = MessageHeaderEncoder.ENCODED_LENGTH + order.encodedLength();
                templateId = NewOrderSingleEncoder.TEMPLATE_ID;
            }
            while (source.offer(scratch, 0, length, templateId) <= 0)
            {
                if (System.nanoTime() > deadlineNs)
                {
                    throw new IllegalStateException("producer back-pressured for ever at message " + i); // hang guard
                }
                idle.idle();
            }
            idle.reset();
        }
    }

    /**
     * The plain reader: Aeron's client, the documented frame offsets and the generated decoders, nothing else. Checks
     * each message against the one expected next.
     */
    private static final class SbeReader
    {
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final NewOrderSingleDecoder order = new NewOrderSingleDecoder();
        private final MarketDataIncrementalRefreshDecoder refresh = new MarketDataIncrementalRefreshDecoder();
        long next;
        long hellos;
        long marketData;

        void onFrame(final DirectBuffer buffer, final int offset, final int length, final Header aeronHeader)
        {
            final int frameType = buffer.getInt(offset, ByteOrder.LITTLE_ENDIAN);
            if (frameType == FRAME_HELLO)
            {
                hellos++;
                return;
            }
            assertEquals(FRAME_MESSAGE, frameType, "a MESSAGE frame");
            final int typeId = buffer.getInt(offset + 4, ByteOrder.LITTLE_ENDIAN);
            final int sbeOffset = offset + FRAME_HEADER_LENGTH;
            header.wrap(buffer, sbeOffset);
            assertEquals(NewOrderSingleDecoder.SCHEMA_ID, header.schemaId(), "schema id");
            assertEquals(header.templateId(), typeId, "the record's type id is the template id");
            final int bodyOffset = sbeOffset + MessageHeaderDecoder.ENCODED_LENGTH;
            final long i = next;
            switch (header.templateId())
            {
                case NewOrderSingleDecoder.TEMPLATE_ID ->
                {
                    assertFalse(isMarketData(i), "message " + i + " should be market data");
                    order.wrap(buffer, bodyOffset, header.blockLength(), header.version());
                    checkOrder(i, order);
                    assertEquals(length - FRAME_HEADER_LENGTH, MessageHeaderDecoder.ENCODED_LENGTH +
                        order.encodedLength(), "the whole payload is the message");
                }
                case MarketDataIncrementalRefreshDecoder.TEMPLATE_ID ->
                {
                    assertTrue(isMarketData(i), "message " + i + " should be an order");
                    refresh.wrap(buffer, bodyOffset, header.blockLength(), header.version());
                    checkMarketData(i, refresh);
                    assertEquals(length - FRAME_HEADER_LENGTH, MessageHeaderDecoder.ENCODED_LENGTH +
                        refresh.encodedLength(), "the whole payload is the message");
                    marketData++;
                }
                default -> fail("unexpected template id " + header.templateId() + " at message " + i);
            }
            next++;
        }

        private static void checkOrder(final long i, final NewOrderSingleDecoder order)
        {
            assertEquals(i, order.clOrdId(), "clOrdId: messages in order, none lost or repeated");
            assertEquals((int)(i % 100), order.instrumentId());
            assertEquals(i % 2 == 0 ? Side.BUY : Side.SELL, order.side());
            assertEquals(OrdType.LIMIT, order.ordType());
            assertEquals(TimeInForce.DAY, order.timeInForce());
            assertEquals(10_000 + i, order.price().mantissa());
            assertEquals(-2, order.price().exponent());
            assertEquals(i + 1, order.quantity());
            assertEquals(i * 1_000, order.transactTimeNs());
            assertEquals(i % 5 == 0 ? NewOrderSingleDecoder.minQuantityNullValue() : i / 2, order.minQuantity());
            assertEquals(account(i), order.account());
        }

        private static void checkMarketData(final long i, final MarketDataIncrementalRefreshDecoder refresh)
        {
            assertEquals((int)(i % 100), refresh.instrumentId());
            assertEquals(i, refresh.rptSeq(), "rptSeq: messages in order, none lost or repeated");
            assertEquals(i * 1_000, refresh.transactTimeNs());
            final MarketDataIncrementalRefreshDecoder.LevelsDecoder levels = refresh.levels();
            assertEquals(levels(i), levels.count());
            int level = 0;
            while (levels.hasNext())
            {
                levels.next();
                level++;
                assertEquals(UpdateAction.get((short)(level % 3)), levels.updateAction());
                assertEquals(level % 2 == 0 ? Side.BUY : Side.SELL, levels.side());
                assertEquals(level, levels.level());
                assertEquals(i * 10 + level, levels.quantity());
                assertEquals(level, levels.numberOfOrders());
                assertEquals(10_000 + i + level, levels.price().mantissa());
                assertEquals(-2, levels.price().exponent());
            }
            assertEquals(levels(i), level);
        }
    }
}
