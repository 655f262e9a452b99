package io.slipstream.codecs;

import io.slipstream.codecs.trading.ExecutionReportDecoder;
import io.slipstream.codecs.trading.LogonDecoder;
import io.slipstream.codecs.trading.MarketDataIncrementalRefreshDecoder;
import io.slipstream.codecs.trading.NewOrderSingleDecoder;
import io.slipstream.codecs.trading.QuoteDecoder;
import io.slipstream.codecs.trading.TradeDecoder;
import io.slipstream.engine.Publication;
import io.slipstream.engine.RecordClaim;
import io.slipstream.engine.RecordHandler;
import io.slipstream.engine.RingDirectoryTest;
import io.slipstream.engine.Subscription;
import io.slipstream.engine.TestRings;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Encoding every message type in place in a ring ({@code tryClaim}, encode, {@code commit}) and dispatching it from
 * {@code Subscription.poll} through the {@link MessageDispatcher} and {@link TradingDispatcher} to a handler that reads
 * its fields, groups and var-data lengths allocates nothing: the thread's allocation counter does not move across a
 * million messages after warm-up. A handler that allocates (the control) is caught by the same measurement.
 * <p>
 * Run interpreted ({@code -Xint}) the count is 0 once the first 200 000 messages have run; with the JIT, a few
 * kilobytes can appear once while compiled code is replaced (deoptimisation materialises objects that escape
 * analysis had kept in registers). So a measured round that shows any allocation is repeated, up to
 * {@value #MAX_ROUNDS} rounds; an allocation per message would show in every round.
 */
class DispatcherZeroAllocationTest extends RingDirectoryTest
{
    private static final int WARM_UP_MESSAGES = 1_000_000;
    /** A round that caught the JIT replacing compiled code (which can materialise objects) is measured again. */
    private static final int MAX_ROUNDS = 5;
    private static final int MEASURED_MESSAGES = 1_000_000;
    private static final int BATCH = 32;
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private long checksum;
    private boolean allocate;

    @Test
    void shouldNotAllocateToEncodeAndDispatch()
    {
        final long allocated = run("zero", false);
        assertEquals(0, allocated, "bytes allocated across " + MEASURED_MESSAGES + " messages");
    }

    @Test
    void shouldSeeAnAllocatingHandlerNegativeControl()
    {
        final long allocated = run("control", true);
        assertTrue(allocated > MEASURED_MESSAGES, "an allocating handler allocated only " + allocated);
    }

    private long run(final String stream, final boolean allocating)
    {
        allocate = allocating;
        final TradingSamples samples = new TradingSamples();
        final TradingDispatcher trading = new TradingDispatcher(new Reader());
        final MessageDispatcher dispatcher = new MessageDispatcher().add(trading);
        final RecordClaim claim = new RecordClaim();
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[512]);
        final int[] lengths = new int[TradingSamples.TEMPLATE_IDS.length];
        for (int i = 0; i < lengths.length; i++)
        {
            lengths[i] = samples.encode(TradingSamples.TEMPLATE_IDS[i], 0, scratch, 0);
        }
        try (Publication publication = Publication.open(TestRings.context(directory, stream, 1 << 20));
            Subscription subscription = Subscription.open(TestRings.context(directory, stream, 1 << 20)))
        {
            final long threadId = Thread.currentThread().threadId();
            long sent = send(WARM_UP_MESSAGES, 0, samples, lengths, publication, subscription, dispatcher, claim);
            final List<Long> rounds = new ArrayList<>();
            long allocated = -1;
            while (allocated != 0 && rounds.size() < MAX_ROUNDS)
            {
                final long before = THREADS.getThreadAllocatedBytes(threadId);
                sent = send(MEASURED_MESSAGES, sent, samples, lengths, publication, subscription, dispatcher, claim);
                allocated = THREADS.getThreadAllocatedBytes(threadId) - before;
                rounds.add(allocated);
            }
            assertEquals(sent, trading.dispatchedCount());
            assertEquals(0, trading.malformedCount());
            System.out.println(stream + ": bytes allocated per round of " + MEASURED_MESSAGES + " messages: " + rounds);
            return allocated;
        }
    }

    private long send(final long count, final long first, final TradingSamples samples, final int[] lengths,
        final Publication publication, final Subscription subscription, final RecordHandler dispatcher,
        final RecordClaim claim)
    {
        long sent = first;
        final long end = first + count;
        while (sent < end)
        {
            for (int i = 0; i < BATCH && sent < end; i++, sent++)
            {
                final int type = (int)(sent % lengths.length);
                while (publication.tryClaim(lengths[type], claim) < 0)
                {
                    subscription.poll(dispatcher, BATCH);
                }
                samples.encode(TradingSamples.TEMPLATE_IDS[type], sent, claim.buffer(), claim.offset());
                claim.commit();
            }
            while (subscription.poll(dispatcher, BATCH) > 0)
            {
                // Drain what was sent.
            }
        }
        return sent;
    }

    /** Reads what a real handler would: fixed fields, every group entry, var-data lengths. */
    private final class Reader implements TradingHandler
    {
        @Override
        public void onLogon(final LogonDecoder logon)
        {
            checksum += logon.sendingTimeNs() + logon.senderCompIdLength();
            logon.skipSenderCompId();
            checksum += logon.passwordLength();
        }

        @Override
        public void onNewOrderSingle(final NewOrderSingleDecoder order)
        {
            checksum += order.clOrdId() + order.price().mantissa() + order.quantity() + order.side().ordinal() +
                order.minQuantity() + order.accountLength();
        }

        @Override
        public void onExecutionReport(final ExecutionReportDecoder report)
        {
            checksum += report.orderId() + report.lastPrice().mantissa() + report.execType().ordinal() +
                report.textLength();
        }

        @Override
        public void onQuote(final QuoteDecoder quote)
        {
            checksum += quote.bidPrice().mantissa() + quote.offerSize();
        }

        @Override
        public void onTrade(final TradeDecoder trade)
        {
            checksum += trade.price().mantissa() + trade.quantity();
            if (allocate)
            {
                checksum += String.valueOf(trade.tradeId()).length();
            }
        }

        @Override
        public void onMarketDataIncrementalRefresh(final MarketDataIncrementalRefreshDecoder refresh)
        {
            for (final MarketDataIncrementalRefreshDecoder.LevelsDecoder level : refresh.levels())
            {
                checksum += level.price().mantissa() + level.quantity() + level.updateAction().ordinal();
            }
        }
    }
}
