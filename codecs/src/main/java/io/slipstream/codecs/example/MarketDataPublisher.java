package io.slipstream.codecs.example;

import io.slipstream.codecs.trading.LogonEncoder;
import io.slipstream.codecs.trading.LogoutEncoder;
import io.slipstream.codecs.trading.MarketDataIncrementalRefreshEncoder;
import io.slipstream.codecs.trading.MessageHeaderEncoder;
import io.slipstream.codecs.trading.Side;
import io.slipstream.codecs.trading.TradeEncoder;
import io.slipstream.codecs.trading.UpdateAction;
import io.slipstream.engine.Publication;
import io.slipstream.engine.RecordClaim;
import io.slipstream.engine.RingContext;
import io.slipstream.engine.RuntimeAccess;
import io.slipstream.engine.WaitStrategy;
import org.agrona.concurrent.IdleStrategy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * Example producer: publishes simulated market data for a few instruments on a ring, encoding each message in place
 * in the ring with the generated encoders ({@code tryClaim}, encode, {@code commit}: no copy, no allocation). Most
 * messages are {@code MarketDataIncrementalRefresh} with one to three price levels; every eighth is a
 * {@code Trade}. It keeps the same order books as the consumer should, and prints their checksums at the end so the
 * two can be compared. The data is framed by a {@code Logon} first and a {@code Logout} last, which tell the
 * consumer where this run starts and ends; closing the publication then ends the stream.
 */
@Command(name = "market-data-publisher", mixinStandardHelpOptions = true,
    description = "Publishes simulated market data (SBE) on a Slipstream ring, then ends the stream.")
public final class MarketDataPublisher implements Callable<Integer>
{
    /** Price exponent of every price in the example: mantissas are hundredths. */
    public static final byte PRICE_EXPONENT = -2;
    private static final long MID_PRICE = 10_000;
    private static final int TRADE_EVERY = 8;
    private static final int MAX_LEVELS_PER_REFRESH = 3;
    private static final byte[] SENDER = "MD-PUBLISHER".getBytes(StandardCharsets.UTF_8);
    private static final byte[] END_TEXT = "end of data".getBytes(StandardCharsets.UTF_8);

    @Option(names = "--dir", description = "Ring directory (default: ${DEFAULT-VALUE}).")
    private Path directory = RingContext.DEFAULT_DIRECTORY;

    @Option(names = "--stream",
        description = "Stream name, the ring file <dir>/<stream>.ring (default: ${DEFAULT-VALUE}).")
    private String stream = "market-data";

    @Option(names = "--messages", description = "Messages to publish (default: ${DEFAULT-VALUE}).")
    private long messages = 1_000_000;

    @Option(names = "--instruments", description = "Instruments, ids 1..N (default: ${DEFAULT-VALUE}).")
    private int instruments = 4;

    @Option(names = "--rate", description = "Messages per second, 0 for as fast as the consumer takes them " +
        "(default: ${DEFAULT-VALUE}).")
    private long rate;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
    private long seed = 42;

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final MarketDataIncrementalRefreshEncoder refresh = new MarketDataIncrementalRefreshEncoder();
    private final TradeEncoder trade = new TradeEncoder();
    private final LogonEncoder logon = new LogonEncoder();
    private final LogoutEncoder logout = new LogoutEncoder();
    private final RecordClaim claim = new RecordClaim();

    /**
     * @param args the command line; {@code --help} describes it.
     */
    public static void main(final String[] args)
    {
        RuntimeAccess.ensureAvailableOrExit();
        System.exit(new CommandLine(new MarketDataPublisher()).execute(args));
    }

    @Override
    public Integer call()
    {
        final OrderBook[] books = new OrderBook[instruments + 1];
        for (int i = 1; i <= instruments; i++)
        {
            books[i] = new OrderBook(i);
        }
        final SplittableRandom random = new SplittableRandom(seed);
        final RingContext context = new RingContext().directory(directory).streamName(stream);
        final long startNs = System.nanoTime();
        try (Publication publication = Publication.open(context))
        {
            final IdleStrategy idle = WaitStrategy.YIELDING.newIdleStrategy();
            claim(publication, MessageHeaderEncoder.ENCODED_LENGTH + LogonEncoder.BLOCK_LENGTH +
                LogonEncoder.senderCompIdHeaderLength() + SENDER.length + LogonEncoder.passwordHeaderLength(), idle);
            logon.wrapAndApplyHeader(claim.buffer(), claim.offset(), header)
                .sendingTimeNs(System.currentTimeMillis() * 1_000_000L).heartbeatIntervalMs(0).nextExpectedSeqNum(0)
                .putSenderCompId(SENDER, 0, SENDER.length).putPassword(SENDER, 0, 0);
            claim.commit();
            for (long seq = 0; seq < messages; seq++)
            {
                if (rate > 0)
                {
                    final long dueNs = startNs + seq * 1_000_000_000L / rate;
                    while (System.nanoTime() < dueNs)
                    {
                        Thread.onSpinWait();
                    }
                }
                final int instrumentId = (int)(seq % instruments) + 1;
                if (seq % TRADE_EVERY == TRADE_EVERY - 1)
                {
                    claim(publication, MessageHeaderEncoder.ENCODED_LENGTH + TradeEncoder.BLOCK_LENGTH, idle);
                    encodeTrade(seq, instrumentId, random);
                }
                else
                {
                    final int levels = 1 + random.nextInt(MAX_LEVELS_PER_REFRESH);
                    claim(publication, MessageHeaderEncoder.ENCODED_LENGTH +
                        MarketDataIncrementalRefreshEncoder.BLOCK_LENGTH +
                        MarketDataIncrementalRefreshEncoder.LevelsEncoder.sbeHeaderSize() +
                        levels * MarketDataIncrementalRefreshEncoder.LevelsEncoder.sbeBlockLength(), idle);
                    encodeRefresh(seq, books[instrumentId], instrumentId, levels, random);
                }
                claim.commit();
            }
            claim(publication, MessageHeaderEncoder.ENCODED_LENGTH + LogoutEncoder.BLOCK_LENGTH +
                LogoutEncoder.textHeaderLength() + END_TEXT.length, idle);
            logout.wrapAndApplyHeader(claim.buffer(), claim.offset(), header)
                .sendingTimeNs(System.currentTimeMillis() * 1_000_000L).putText(END_TEXT, 0, END_TEXT.length);
            claim.commit();
        }
        final long elapsedNs = System.nanoTime() - startNs;
        System.out.println("published " + messages + " messages in " + elapsedNs / 1_000_000 + " ms");
        for (int i = 1; i <= instruments; i++)
        {
            System.out.println("book " + books[i].topOfBook(PRICE_EXPONENT) + " checksum=" + books[i].checksum());
        }
        return 0;
    }

    private void claim(final Publication publication, final int length, final IdleStrategy idle)
    {
        idle.reset();
        long result;
        while ((result = publication.tryClaim(length, claim)) < 0)
        {
            if (result == Publication.CLOSED)
            {
                throw new IllegalStateException("the ring was closed");
            }
            idle.idle();
        }
    }

    private void encodeTrade(final long seq, final int instrumentId, final SplittableRandom random)
    {
        trade.wrapAndApplyHeader(claim.buffer(), claim.offset(), header)
            .tradeId(seq)
            .instrumentId(instrumentId)
            .quantity(1 + random.nextInt(100))
            .aggressorSide(random.nextBoolean() ? Side.BUY : Side.SELL)
            .transactTimeNs(System.currentTimeMillis() * 1_000_000L)
            .price().mantissa(MID_PRICE + random.nextInt(-20, 21)).exponent(PRICE_EXPONENT);
    }

    private void encodeRefresh(final long seq, final OrderBook book, final int instrumentId, final int levels,
        final SplittableRandom random)
    {
        refresh.wrapAndApplyHeader(claim.buffer(), claim.offset(), header)
            .instrumentId(instrumentId)
            .rptSeq(seq)
            .transactTimeNs(System.currentTimeMillis() * 1_000_000L);
        final MarketDataIncrementalRefreshEncoder.LevelsEncoder entries = refresh.levelsCount(levels);
        for (int i = 0; i < levels; i++)
        {
            final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
            final int held = book.levels(side);
            final UpdateAction action = held < 3 ? UpdateAction.NEW : randomAction(random);
            final int level = 1 + random.nextInt(action == UpdateAction.NEW ? Math.min(held + 1, OrderBook.DEPTH) :
                held);
            final long price = side == Side.BUY ? MID_PRICE - level * 5L : MID_PRICE + level * 5L;
            final long quantity = 100L * (1 + random.nextInt(50));
            entries.next()
                .updateAction(action)
                .side(side)
                .level((short)level)
                .quantity(quantity)
                .numberOfOrders(1 + random.nextInt(20))
                .price().mantissa(price).exponent(PRICE_EXPONENT);
            book.apply(action, side, level, price, quantity);
        }
    }

    private static UpdateAction randomAction(final SplittableRandom random)
    {
        return switch (random.nextInt(3))
        {
            case 0 -> UpdateAction.NEW;
            case 1 -> UpdateAction.CHANGE;
            default -> UpdateAction.DELETE;
        };
    }
}
