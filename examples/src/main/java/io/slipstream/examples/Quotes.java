package io.slipstream.examples;

import io.slipstream.engine.*;
import org.agrona.concurrent.*;

import java.nio.file.Path;

public final class Quotes
{
    public static void main(final String[] args)
    {
        final RingContext ctx = new RingContext().directory(Path.of(args[0])).streamName("quotes")
            .capacityBytes(1 << 16);
        try (Publication pub = Publication.open(ctx); Subscription sub = Subscription.open(ctx))
        {
            final UnsafeBuffer msg = new UnsafeBuffer(new byte[64]);
            msg.putLong(0, 42L);
            pub.offer(msg, 0, 8, 1);
            final RecordHandler handler =
                (typeId, buffer, offset, length) -> System.out.println(buffer.getLong(offset));
            final IdleStrategy idle = new BusySpinIdleStrategy();
            while (sub.poll(handler, 10) == 0)
            {
                idle.idle();
            }
        }
    }
}
