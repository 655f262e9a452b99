package io.slipstream.codecs.example;

import io.slipstream.codecs.MessageError;
import io.slipstream.codecs.TradingDispatcher;
import io.slipstream.codecs.TradingHandler;
import io.slipstream.codecs.trading.LogonDecoder;
import io.slipstream.codecs.trading.LogoutDecoder;
import io.slipstream.codecs.trading.MarketDataIncrementalRefreshDecoder;
import io.slipstream.codecs.trading.TradeDecoder;
import io.slipstream.engine.RingContext;
import io.slipstream.engine.RuntimeAccess;
import io.slipstream.engine.StartPosition;
import io.slipstream.engine.Subscription;
import io.slipstream.engine.WaitStrategy;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * Example consumer: reads market data from a ring through a {@link TradingDispatcher} (decoders wrapped in place
 * over the ring, no copy, no allocation) and keeps an {@link OrderBook} per instrument. It joins at the ring's
 * tail, so start it before the publisher; it starts afresh at the publisher's {@code Logon} and finishes at its
 * {@code Logout} (or when the stream ends after a {@code Logon}), printing a summary and each book's checksum. The
 * top of book is printed now and then on the way.
 */
@Command(name = "order-book-consumer", mixinStandardHelpOptions = true,
    description = "Builds order books from SBE market data on a Slipstream ring until the stream ends.")
public final class OrderBookConsumer implements Callable<Integer>, TradingHandler
{
    private static final int POLL_LIMIT = 64;
    private static final int MAX_INSTRUMENT_ID = 1024;

    @Option(names = "--dir", description = "Ring directory (default: ${DEFAULT-VALUE}).")
    private Path directory = RingContext.DEFAULT_DIRECTORY;

    @Option(names = "--stream",
        description = "Stream name, the ring file <dir>/<stream>.ring (default: ${DEFAULT-VALUE}).")
    private String stream = "market-data";

    @Option(names = "--wait", description = "Wait strategy while the ring is empty: ${COMPLETION-CANDIDATES} " +
        "(default: ${DEFAULT-VALUE}).")
    private WaitStrategy wait = WaitStrategy.FUTEX;

    @Option(names = "--print-every", description = "Print a book's top every N increments, 0 for never " +
        "(default: ${DEFAULT-VALUE}).")
    private long printEvery = 100_000;

    private final OrderBook[] books = new OrderBook[MAX_INSTRUMENT_ID + 1];
    private long refreshes;
    private long trades;
    private long tradedQuantity;
    private long malformed;
    private boolean loggedOn;
    private boolean loggedOut;

    /**
     * @param args the command line; {@code --help} describes it.
     */
    public static void main(final String[] args)
    {
        RuntimeAccess.ensureAvailableOrExit();
        System.exit(new CommandLine(new OrderBookConsumer()).execute(args));
    }

    @Override
    public Integer call()
    {
        final TradingDispatcher dispatcher = new TradingDispatcher(this);
        final RingContext context = new RingContext().directory(directory).streamName(stream)
            .startPosition(StartPosition.LATEST);
        try (Subscription subscription = Subscription.open(context))
        {
            System.out.println("waiting for market data on " + context.ringFile());
            System.out.flush();
            final IdleStrategy idle = wait.forSubscription(subscription);
            while (!loggedOut)
            {
                final int count = subscription.poll(dispatcher, POLL_LIMIT);
                if (count == 0 && loggedOn && subscription.isEndOfStream())
                {
                    break;
                }
                idle.idle(count);
            }
        }
        System.out.println("received " + (refreshes + trades) + " messages: " + refreshes +
            " increments, " + trades + " trades (quantity " + tradedQuantity + "); skipped " +
            dispatcher.unknownSchemaCount() + " of other schemas, " + dispatcher.unknownTemplateCount() +
            " unknown templates, " + malformed + " malformed");
        for (final OrderBook book : books)
        {
            if (book != null)
            {
                System.out.println("book " + book.topOfBook(MarketDataPublisher.PRICE_EXPONENT) +
                    " checksum=" + book.checksum());
            }
        }
        return malformed == 0 ? 0 : 1;
    }

    @Override
    public void onLogon(final LogonDecoder logon)
    {
        loggedOn = true;
        Arrays.fill(books, null);
        refreshes = 0;
        trades = 0;
        tradedQuantity = 0;
    }

    @Override
    public void onLogout(final LogoutDecoder logout)
    {
        loggedOut = loggedOn;
    }

    @Override
    public void onMarketDataIncrementalRefresh(final MarketDataIncrementalRefreshDecoder refresh)
    {
        final int instrumentId = refresh.instrumentId();
        if (!loggedOn || instrumentId < 0 || instrumentId > MAX_INSTRUMENT_ID)
        {
            return;
        }
        OrderBook book = books[instrumentId];
        if (book == null)
        {
            book = new OrderBook(instrumentId);   // once per instrument
            books[instrumentId] = book;
        }
        for (final MarketDataIncrementalRefreshDecoder.LevelsDecoder level : refresh.levels())
        {
            book.apply(level.updateAction(), level.side(), level.level(), level.price().mantissa(),
                level.quantity());
        }
        refreshes++;
        if (printEvery > 0 && refreshes % printEvery == 0)
        {
            System.out.println(book.topOfBook(MarketDataPublisher.PRICE_EXPONENT));
        }
    }

    @Override
    public void onTrade(final TradeDecoder trade)
    {
        if (!loggedOn)
        {
            return;
        }
        trades++;
        tradedQuantity += trade.quantity();
    }

    @Override
    public void onMalformed(final MessageError error, final DirectBuffer buffer, final int offset, final int length)
    {
        malformed++;
        System.err.println("skipped a malformed message: " + error.description());
    }
}
