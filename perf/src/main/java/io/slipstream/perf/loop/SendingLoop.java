package io.slipstream.perf.loop;

import io.slipstream.perf.core.Endpoint;
import io.slipstream.perf.core.Verification;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * What the sending loops ({@link PingLoop}, {@link ThroughputPing}, {@link OpenLoopPing}) take from their
 * {@link LoopContext}: the endpoint, the message length and checks, a guard for their spins and a buffer to encode
 * each message in.
 */
abstract class SendingLoop
{
    final Endpoint endpoint;
    final int lengthBytes;
    final SpinGuard guard;
    final Verification verification;
    final UnsafeBuffer sendBuffer;

    SendingLoop(final LoopContext context)
    {
        this.endpoint = context.endpoint();
        this.lengthBytes = context.lengthBytes();
        this.verification = context.verification();
        this.guard = context.newGuard();
        this.sendBuffer = context.newSendBuffer();
    }
}
