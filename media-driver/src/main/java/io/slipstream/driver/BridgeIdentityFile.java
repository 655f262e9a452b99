package io.slipstream.driver;

import io.slipstream.engine.RingDescriptor;
import io.slipstream.engine.RingFile;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * Which ring a sending bridge last ran on, in a small file beside the ring, so that a ring recreated while its driver
 * was down is reported rather than silently started afresh. The bridge's place in the ring is its durable consumer
 * slot (inside the ring); this file is written only while that slot's lock is held, so one driver at a time.
 * <pre>
 *  0                   8                   16        20        24
 *  +-------------------+-------------------+---------+---------+
 *  | magic "SLIPBRID"  | ring created (ms) | capacity| slots   |
 *  +-------------------+-------------------+---------+---------+
 *  | channel text, UTF-8, to the end of the file (for people)  |
 *  +-----------------------------------------------------------+
 * </pre>
 */
final class BridgeIdentityFile
{
    static final long MAGIC = 0x4449_5242_5049_4C53L; // "SLIPBRID" little-endian
    static final int HEADER_LENGTH = 24;

    private BridgeIdentityFile()
    {
    }

    /**
     * Compares the ring with the one the file names, reports a difference (an error counted on the bridge), and
     * records the ring.
     *
     * @return whether the ring is the one the bridge last ran on (true the first time too).
     */
    static boolean check(final Path path, final RingFile ring, final BridgeSpec spec, final BridgeCounters counters)
    {
        final UnsafeBuffer header = ring.header();
        final long created = header.getLong(RingDescriptor.CREATED_EPOCH_MS_OFFSET);
        boolean same = true;
        try
        {
            if (Files.isRegularFile(path))
            {
                final byte[] bytes = Files.readAllBytes(path);
                final UnsafeBuffer file = new UnsafeBuffer(bytes);
                if (bytes.length < HEADER_LENGTH || file.getLong(0) != MAGIC)
                {
                    throw new IllegalStateException(path + " is not a bridge identity file; remove it to start over");
                }
                if (file.getLong(8) != created || file.getInt(16) != ring.capacity() ||
                    file.getInt(20) != ring.consumerSlots())
                {
                    same = false;
                    counters.errors.incrementRelease();
                    DriverLog.error("bridge " + spec.text() + ": ring " + ring.path() + " was recreated while the " +
                        "driver was down (made " + Instant.ofEpochMilli(created) + ", the bridge last ran on one " +
                        "made " + Instant.ofEpochMilli(file.getLong(8)) + "): whatever the old ring held that the " +
                        "receiver had not acknowledged is lost; sending the new ring from its oldest message");
                }
                else
                {
                    return true;
                }
            }
            final byte[] channel = spec.text().getBytes(StandardCharsets.UTF_8);
            final UnsafeBuffer file = new UnsafeBuffer(new byte[HEADER_LENGTH + channel.length]);
            file.putLong(0, MAGIC);
            file.putLong(8, created);
            file.putInt(16, ring.capacity());
            file.putInt(20, ring.consumerSlots());
            file.putBytes(HEADER_LENGTH, channel);
            final Path temporary = path.resolveSibling(path.getFileName() + ".new");
            Files.write(temporary, file.byteArray());
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return same;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("bridge " + spec.text() + ": cannot record the ring's identity in " +
                path, ex);
        }
    }
}
