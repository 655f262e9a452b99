package io.slipstream.engine;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A consumer that joins a ring and never reads: it holds the producer back while it lives.
 * <pre>
 *   IdleConsumerMain &lt;dir&gt; &lt;stream&gt; &lt;capacity&gt;
 * </pre>
 */
public final class IdleConsumerMain
{
    private IdleConsumerMain()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final RingContext context = new RingContext().directory(Path.of(args[0])).streamName(args[1])
            .capacityBytes(Integer.parseInt(args[2]));
        try (Subscription ignored = Subscription.open(context))
        {
            System.out.println("READY");
            System.out.flush();
            Thread.sleep(TimeUnit.HOURS.toMillis(1));
        }
    }
}
