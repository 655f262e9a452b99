package io.slipstream.driver;

import io.aeron.CncFileDescriptor;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The Aeron directory of a driver that was killed: found by the pid in its CnC file, and removed before a restart. */
final class AeronDirectory
{
    private AeronDirectory()
    {
    }

    /**
     * Deletes the directory if its CnC file names a process that is no longer alive, so a driver restarted at once
     * after kill -9 does not wait for Aeron's own liveness timeout to call it stale.
     */
    static void deleteIfStale(final Path aeronDir)
    {
        final Path cnc = aeronDir.resolve(CncFileDescriptor.CNC_FILE);
        if (!Files.isRegularFile(cnc))
        {
            return;
        }
        final long pid;
        try (FileChannel channel = FileChannel.open(cnc, StandardOpenOption.READ))
        {
            if (channel.size() < CncFileDescriptor.END_OF_METADATA_OFFSET)
            {
                return;
            }
            final MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0,
                CncFileDescriptor.END_OF_METADATA_OFFSET);
            try
            {
                pid = CncFileDescriptor.pid(new UnsafeBuffer(mapped));
            }
            finally
            {
                IoUtil.unmap(mapped);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + cnc, ex);
        }
        if (pid > 0 && pid != ProcessHandle.current().pid() &&
            !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        {
            DriverLog.info("removing " + aeronDir + ", left by driver pid " + pid + " which is gone");
            IoUtil.delete(aeronDir.toFile(), false);
        }
    }
}
