package io.slipstream.tools.dump;

import io.slipstream.codecs.TradingSamples;
import io.slipstream.codecs.trading.LogoutEncoder;
import io.slipstream.codecs.trading.MessageHeaderEncoder;
import io.slipstream.codecs.trading.v1.NewOrderSingleEncoder;
import io.slipstream.codecs.trading.v1.OrdType;
import io.slipstream.codecs.trading.v1.Side;
import io.slipstream.codecs.trading.v1.TimeInForce;
import io.slipstream.engine.Publication;
import io.slipstream.engine.RingContext;
import io.slipstream.engine.RingDescriptor;
import io.slipstream.engine.RingDirectoryTest;
import io.slipstream.engine.RuntimeAccess;
import io.slipstream.engine.Subscription;
import io.slipstream.engine.TestRings;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dump tool against a known ring: every message type, a version-1 message, and malformed ones (unknown schema
 * and template, a group count and a var-data length that lie, a truncated header), compared line by line with the
 * golden files {@code dump/known-ring.txt} and {@code dump/known-ring.jsonl}. A malformed message gives an error
 * line and the dump goes on. Also: a raw capture, {@code --follow} on a live ring, and bad arguments.
 */
class DumpCommandTest extends RingDirectoryTest
{
    private static final int CAPACITY_BYTES = 1 << 16;

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
        try (Publication publication = Publication.open(TestRings.packedContext(directory, "live", CAPACITY_BYTES)))
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

    /** A mistyped ring name is an error (exit status 2, a message naming the file), and nothing is created. */
    @Test
    void shouldRefuseAMistypedRingNameAndCreateNothing() throws Exception
    {
        Publication.open(TestRings.context(directory, "orders", CAPACITY_BYTES)).close();
        final Path mistyped = directory.resolve("ordres.ring");
        final Path inMissingDirectory = directory.resolve("no-such-dir").resolve("orders.ring");

        final Result inProcess = dump(mistyped.toString());
        assertEquals(2, inProcess.status);
        assertEquals("dump: no such file: " + mistyped + " (the dump reads existing rings, it never creates one)\n",
            inProcess.err);

        final ProcessResult child = runMain(mistyped.toString());
        assertEquals(2, child.exitCode, child.output);
        assertTrue(child.output.contains("no such file: " + mistyped), child.output);
        final ProcessResult childInMissingDirectory = runMain("--follow", inMissingDirectory.toString());
        assertEquals(2, childInMissingDirectory.exitCode, childInMissingDirectory.output);

        assertFalse(Files.exists(mistyped, LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(inMissingDirectory.getParent(), LinkOption.NOFOLLOW_LINKS));
        try (Stream<Path> files = Files.list(directory))
        {
            assertEquals(List.of(directory.resolve("orders.ring")), files.toList());
        }
    }

    /**
     * A dump whose output is stopped (a pager that is not reading) holds nothing: the producer writes three rings'
     * worth past it without being back-pressured. When the output moves again the dump finds it was lapped, says how
     * many bytes it lost on standard error, and goes on from the oldest message still held.
     * <p>
     * The numbers: 32-byte records (a 24-byte Logout) on a 1 KiB ring with a consumer that reads each record as soon
     * as it is written. The producer moves its limit to the consumer's position + 1024 when a record would pass it:
     * at record 31 (to 2016), 62 (to 3008) and 93 (to 4000). After record 100 the oldest record held is 93, at
     * position 2976; the dump, stopped while printing record 0, is at position 32 and has lost 2944 bytes.
     */
    @Test
    void shouldReportLostBytesAndNeverHoldTheProducerWhenItsOutputIsStopped() throws Exception
    {
        final RingContext context = TestRings.packedContext(directory, "stopped", 1024);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        final GatedOutputStream gate = new GatedOutputStream();
        try (Publication publication = Publication.open(context.copy());
            Subscription consumer = Subscription.open(context.copy()))
        {
            assertTrue(publication.offer(buffer, 0, encodeLogout(buffer, 0)) > 0);
            assertEquals(1, consumer.poll((typeId, b, offset, length) -> { }, 10));
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final CompletableFuture<Integer> follow = CompletableFuture.supplyAsync(() -> DumpCommand.run(
                new PrintStream(gate, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                "--follow", directory.resolve("stopped.ring").toString()));
            assertTrue(gate.firstWrite.await(60, TimeUnit.SECONDS), "hang guard: the dump printed nothing");

            for (int seq = 1; seq <= 100; seq++)
            {
                assertTrue(publication.offer(buffer, 0, encodeLogout(buffer, seq)) > 0,
                    "record " + seq + " offered while the dump's output is stopped");
                assertEquals(1, consumer.poll((typeId, b, offset, length) -> { }, 10));
            }
            assertEquals(101L * 32, publication.position());
            assertEquals(4000, publication.ringFile().header().getLongVolatile(RingDescriptor.PRODUCER_LIMIT_OFFSET));

            gate.open();
            publication.close();
            assertEquals(0, follow.get(60, TimeUnit.SECONDS), "hang guard only: the dump ends with the stream");
            final String errText = err.toString(StandardCharsets.UTF_8);
            assertEquals("dump: lapped by the producer: lost 2944 bytes (positions 32 to 2976), going on from the " +
                "oldest message still held\n", errText);
            final String[] lines = gate.text().split("\n");
            assertEquals(9, lines.length, gate.text());
            assertTrue(lines[0].startsWith("#0 Logout v2 len=24") && lines[0].contains("text=\"000000\""), lines[0]);
            for (int i = 1; i < lines.length; i++)
            {
                final String expected = String.format("text=\"%06d\"", 92 + i);
                assertTrue(lines[i].startsWith("#" + i + " Logout v2") && lines[i].contains(expected), lines[i]);
            }
        }
        finally
        {
            gate.open();
        }
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
            .wrapAndApplyHeader(buffer, 0, new io.slipstream.codecs.trading.v1.MessageHeaderEncoder())
            .clOrdId(500).instrumentId(9).side(Side.SELL).ordType(OrdType.MARKET)
            .timeInForce(TimeInForce.IMMEDIATE_OR_CANCEL).quantity(10).transactTimeNs(TradingSamples.TIME_NS);
        order.price().mantissa(0).exponent((byte)0);
        order.account("V1");
        return io.slipstream.codecs.trading.v1.MessageHeaderEncoder.ENCODED_LENGTH + order.encodedLength();
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

    private static int encodeLogout(final UnsafeBuffer buffer, final long seq)
    {
        final LogoutEncoder logout = new LogoutEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        logout.sendingTimeNs(TradingSamples.TIME_NS + seq).text(String.format("%06d", seq));
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + logout.encodedLength();
        assertEquals(24, length);
        return length;
    }

    /** Runs the dump's main in a child JVM (the real exit status), output and error together. */
    private static ProcessResult runMain(final String... args) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(RuntimeAccess.REQUIRED_JVM_FLAGS);
        command.addAll(List.of("-Xmx64m", "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "-cp",
            System.getProperty("java.class.path"), DumpCommand.class.getName()));
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new AssertionError("hang guard: the dump did not exit");
        }
        return new ProcessResult(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private record Result(int status, String out, String err)
    {
    }

    private record ProcessResult(int exitCode, String output)
    {
    }

    /** An output that blocks every write until opened: a pager that has stopped reading. */
    private static final class GatedOutputStream extends OutputStream
    {
        private final CountDownLatch firstWrite = new CountDownLatch(1);
        private final CountDownLatch opened = new CountDownLatch(1);
        private final ByteArrayOutputStream written = new ByteArrayOutputStream();

        @Override
        public void write(final int b) throws IOException
        {
            write(new byte[]{(byte)b}, 0, 1);
        }

        @Override
        public void write(final byte[] bytes, final int offset, final int length) throws IOException
        {
            firstWrite.countDown();
            try
            {
                if (!opened.await(120, TimeUnit.SECONDS))
                {
                    throw new IOException("hang guard: the output was never opened");
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IOException(ex);
            }
            synchronized (written)
            {
                written.write(bytes, offset, length);
            }
        }

        void open()
        {
            opened.countDown();
        }

        String text()
        {
            synchronized (written)
            {
                return written.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
