package io.slipstream.examples;

import io.slipstream.engine.RecordHandler;
import io.slipstream.engine.RingReader;
import io.slipstream.engine.StartPosition;
import org.agrona.concurrent.IdleStrategy;

import java.nio.file.Path;

/** The README's untethered reader: reads a ring to its end of stream without ever holding its producer back. */
public final class UntetheredReader
{
    private UntetheredReader()
    {
    }

    /**
     * Reads every record still held from the earliest one until the producer closes the ring.
     *
     * @return the bytes the producer overwrote before this reader got to them.
     */
    public static long readToEnd(final Path path, final RecordHandler handler, final IdleStrategy idle)
    {
        try (RingReader reader = RingReader.open(path, StartPosition.EARLIEST))   // or LATEST: the producer's position
        {
            reader.lossListener((from, resume, lost) -> System.err.println("lapped: lost " + lost + " bytes"));
            while (!reader.isEndOfStream())
            {
                idle.idle(reader.poll(handler, 100));     // handler gets a private copy of each message
            }
            return reader.lostBytes();
        }
    }
}
