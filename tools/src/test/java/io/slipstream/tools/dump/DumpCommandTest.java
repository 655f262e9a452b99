package io.slipstream.tools.dump;

import io.slipstream.codecs.TradingSamples;
import io.slipstream.codecs.trading.v1.MessageHeaderEncoder;
import io.slipstream.codecs.trading.v1.NewOrderSingleEncoder;
import io.slipstream.codecs.trading.v1.OrdType;
import io.slipstream.codecs.trading.v1.Side;
import io.slipstream.codecs.trading.v1.TimeInForce;
import io.slipstream.engine.Publication;
import io.slipstream.engine.TestRings;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dump tool against a known ring: every message type, a version-1 message, and malformed ones (unknown schema
 * and template, a group count and a var-data length that lie, a truncated header), compared line by line with the
 * golden files {@code dump/known-ring.txt} and {@code dump/known-ring.jsonl}. A malformed message gives an error
 * line and the dump goes on. Also: a raw capture, {@code --follow} on a live ring, and bad arguments.
 */
class DumpCommandTest
{
    private static final int CAPACITY_BYTES = 1 << 16;

    private Path directory;

    @BeforeEach
    void createDirectory()
    {
        directory = TestRings.newDirectory();
    }

    @AfterEach
    void deleteDirectory()
    {
        TestRings.delete(directory);
    }

    @Test
    void shouldPrintAKnownRingAsTheGoldenText() throws IOException
    {
        final Path ring = writeKnownRing();
        final Result result = dump(ring.toString());
        assertGolden("dump/known-ring.txt", result.out);
        assertEquals(1, result.status, "malformed messages make the exit status 1");
    }

    @Test
    void shouldPrintAKnownRingAsTheGoldenJson() throws IOException
    {
        final Path ring = writeKnownRing();
        final Result result = dump("--json", ring.toString());
        assertGolden("dump/known-ring.jsonl", result.out);
    }

    @Test
    void shouldPrintARawCaptureOfMessagesEndToEnd() throws IOException
    {
        final TradingSamples samples = new TradingSamples();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        int length = 0;
        for (int i = 0; i < TradingSamples.TEMPLATE_IDS.length; i++)
        {
            length += samples.encode(TradingSamples.TEMPLATE_IDS[i], i, buffer, length);
        }
        final Path capture = directory.resolve("capture.bin");
        Files.write(capture, Arrays.copyOf(buffer.byteArray(), length));
        final Result result = dump(capture.toString());
        assertEquals(0, result.status, result.err);
        final String[] golden = golden("dump/known-ring.txt").split("\n");
        assertEquals(String.join("\n", Arrays.copyOf(golden, TradingSamples.TEMPLATE_IDS.length)) + "\n",
            result.out);

        Files.write(capture, Arrays.copyOf(buffer.byteArray(), length - 3));
        final Result truncated = dump(capture.toString());
        assertEquals(1, truncated.status);
        final String[] lines = truncated.out.split("\n");
        assertTrue(lines[lines.length - 2].startsWith("#9 ERROR len=101: malformed " +
            "MarketDataIncrementalRefresh: runs past its end"), truncated.out);
        assertTrue(lines[lines.length - 1].startsWith("# stopped at byte"), truncated.out);
    }

    @Test
    void shouldFollowALiveRingUntilTheStreamEnds() throws Exception
    {
        final TradingSamples samples = new TradingSamples();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        try (Publication publication = Publication.open(TestRings.context(directory, "live", CAPACITY_BYTES)))
        {
            publication.offer(buffer, 0, samples.encode(3, 1, buffer, 0));
            final CompletableFuture<Result> follow = CompletableFuture.supplyAsync(
                () -> dump("--follow", directory.resolve("live.ring").toString()));
            Thread.sleep(200);
            publication.offer(buffer, 0, samples.encode(3, 2, buffer, 0));
            publication.offer(buffer, 0, samples.encode(31, 3, buffer, 0));
            Thread.sleep(200);
            publication.close();
            // Hang guard only: the dump ends when the stream does.
            final Result result = follow.get(60, TimeUnit.SECONDS);
            assertEquals(0, result.status, result.err);
            final String[] lines = result.out.split("\n");
            assertEquals(3, lines.length, result.out);
            assertTrue(lines[0].startsWith("#0 Heartbeat v2"), result.out);
            assertTrue(lines[2].startsWith("#2 Trade v2"), result.out);
        }
    }

    @Test
    void shouldExplainBadArguments()
    {
        final Result help = dump("--help");
        assertEquals(0, help.status);
        assertTrue(help.out.contains("<ring-or-file>") && help.out.contains("--json") && help.out.contains("--follow"),
            help.out);
        final Result missing = dump(directory.resolve("nothing.ring").toString());
        assertEquals(2, missing.status);
        assertTrue(missing.err.contains("no such file"), missing.err);
    }

    /** Every message type, then one malformed message of each kind, then a version-1 order; the stream ended. */
    private Path writeKnownRing()
    {
        final TradingSamples samples = new TradingSamples();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        try (Publication publication = Publication.open(TestRings.context(directory, "known", CAPACITY_BYTES)))
        {
            for (int i = 0; i < TradingSamples.TEMPLATE_IDS.length; i++)
            {
                publication.offer(buffer, 0, samples.encode(TradingSamples.TEMPLATE_IDS[i], i, buffer, 0));
            }
            int length = samples.encode(3, 0, buffer, 0);
            buffer.putShort(4, (short)77, ByteOrder.LITTLE_ENDIAN);
            publication.offer(buffer, 0, length);
            length = samples.encode(3, 0, buffer, 0);
            buffer.putShort(2, (short)999, ByteOrder.LITTLE_ENDIAN);
            publication.offer(buffer, 0, length);
            length = samples.encode(32, 0, buffer, 0);
            buffer.putShort(8 + 20 + 2, (short)9, ByteOrder.LITTLE_ENDIAN);
            publication.offer(buffer, 0, length);
            length = samples.encode(2, 0, buffer, 0);
            buffer.putShort(8 + 8, (short)500, ByteOrder.LITTLE_ENDIAN);
            publication.offer(buffer, 0, length);
            publication.offer(buffer, 0, 5);
            publication.offer(buffer, 0, encodeVersionOneOrder(buffer));
            publication.offer(buffer, 0, samples.encode(3, 99, buffer, 0));
        }
        return directory.resolve("known.ring");
    }

    private static int encodeVersionOneOrder(final UnsafeBuffer buffer)
    {
        final NewOrderSingleEncoder order = new NewOrderSingleEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .clOrdId(500).instrumentId(9).side(Side.SELL).ordType(OrdType.MARKET)
            .timeInForce(TimeInForce.IMMEDIATE_OR_CANCEL).quantity(10).transactTimeNs(TradingSamples.TIME_NS);
        order.price().mantissa(0).exponent((byte)0);
        order.account("V1");
        return MessageHeaderEncoder.ENCODED_LENGTH + order.encodedLength();
    }

    private void assertGolden(final String resource, final String actual) throws IOException
    {
        final Path written = Path.of("target", "dump-actual", Path.of(resource).getFileName().toString());
        Files.createDirectories(written.getParent());
        Files.writeString(written, actual);
        assertEquals(golden(resource), actual, "dump output differs from " + resource + "; actual output in " +
            written.toAbsolutePath());
    }

    private static String golden(final String resource)
    {
        try (InputStream in = DumpCommandTest.class.getResourceAsStream("/" + resource))
        {
            assertNotNull(in, "missing golden file " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static Result dump(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = DumpCommand.run(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int status, String out, String err)
    {
    }
}
