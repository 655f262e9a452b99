package io.slipstream.perf.transport;

import io.slipstream.perf.core.Endpoint;
import io.slipstream.perf.core.MessageSink;
import io.slipstream.perf.core.RunSpec;
import io.slipstream.perf.core.Side;
import io.slipstream.perf.core.Transport;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Chronicle Queue (open-source edition): one queue per direction in the run's /dev/shm directory, each message one
 * excerpt written by an appender and read by a busy-spinning tailer. The queue is unbounded (it grows on disk),
 * so an offer is never back-pressured; the writer is never held back by the reader.
 * <p>
 * On JDK 25 Chronicle needs the access flags of {@link #JVM_FLAGS}. Only the JVMs that open a queue get them:
 * the harness runs both sides of a Chronicle run in child JVMs, so its own JVM never loads Chronicle.
 */
public final class ChronicleQueueTransport implements Transport
{
    public static final String NAME = "chronicle";

    /**
     * The {@code [17,)} profile of Chronicle's parent pom ({@code net.openhft:root-parent-pom}, property
     * {@code jvm.requiredArgs}) minus what every child JVM has already, plus two properties that keep it quiet:
     * no analytics call home and no disk-space monitor thread (a third runnable thread pre-empts a spinner).
     */
    public static final List<String> JVM_FLAGS = List.of(
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.util=ALL-UNNAMED",
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
        "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
        "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens=java.base/java.util=ALL-UNNAMED",
        "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true",
        "-Dchronicle.disk.monitor.disable=true");

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public List<String> jvmFlags()
    {
        return JVM_FLAGS;
    }

    @Override
    public List<String> settings(final RunSpec spec)
    {
        return List.of(
            "SingleChronicleQueueBuilder.binary(dir), builder defaults otherwise (roll cycle, block size), one " +
                "queue per direction under the run's /dev/shm directory",
            "appender.writingDocument() / tailer.readingDocument(), read in place; unbounded, no back-pressure",
            "JVM flags: the [17,) profile's --add-exports/--add-opens, -Dchronicle.analytics.disable=true, " +
                "-Dchronicle.disk.monitor.disable=true",
            "idle strategy: none, the tailer busy-spins in the harness's loops");
    }

    @Override
    public Endpoint open(final RunSpec spec, final Side side, final BooleanSupplier peerAlive)
    {
        final Side peer = side == Side.PING ? Side.PONG : Side.PING;
        final ChronicleQueue out = queue(spec, side);
        try
        {
            final ChronicleQueue in = queue(spec, peer);
            try
            {
                return new QueueEndpoint(out, in);
            }
            catch (final RuntimeException ex)
            {
                in.close();
                throw ex;
            }
        }
        catch (final RuntimeException ex)
        {
            out.close();
            throw ex;
        }
    }

    /**
     * The queue a side writes to.
     */
    private static ChronicleQueue queue(final RunSpec spec, final Side writer)
    {
        final Path dir = spec.runDir().resolve("chronicle-" + writer.name().toLowerCase(Locale.ROOT));
        return SingleChronicleQueueBuilder.binary(dir.toFile()).build();
    }

    private static final class QueueEndpoint implements Endpoint
    {
        private final ChronicleQueue out;
        private final ChronicleQueue in;
        private final ExcerptAppender appender;
        private final ExcerptTailer tailer;
        private final UnsafeBuffer view = new UnsafeBuffer(0, 0);

        QueueEndpoint(final ChronicleQueue out, final ChronicleQueue in)
        {
            this.out = out;
            this.in = in;
            this.appender = out.createAppender();
            this.tailer = in.createTailer();
        }

        @Override
        public boolean offer(final DirectBuffer buffer, final int offset, final int length)
        {
            try (DocumentContext dc = appender.writingDocument())
            {
                final Bytes<?> bytes = dc.wire().bytes();
                final byte[] array = buffer.byteArray();
                if (array != null)
                {
                    bytes.write(array, buffer.wrapAdjustment() + offset, length);
                }
                else
                {
                    bytes.unsafeWrite(buffer.addressOffset() + offset, length);
                }
            }
            return true;
        }

        @Override
        public int poll(final MessageSink sink)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    return 0;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                final int length = (int)bytes.readRemaining();
                // The excerpt is contiguous in the mapped file: read it in place.
                view.wrap(bytes.addressForRead(bytes.readPosition(), length), length);
                sink.onMessage(view, 0, length);
                return 1;
            }
        }

        @Override
        public void close()
        {
            tailer.close();
            appender.close();
            in.close();
            out.close();
        }
    }
}
