package io.slipstream.driver;

import java.nio.charset.StandardCharsets;

/**
 * The messages bridges exchange over Aeron: the data stream (sending bridge to receiving bridge) and the
 * acknowledgement stream back (same stream id, to the port the sending bridge's {@code HELLO} names, at the address
 * its frames come from). Every Aeron message starts with a 32-byte header; all integers are little-endian.
 * <pre>
 *  Data stream, sender to receiver:
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+-------------------------------+
 *  |  Frame type (1 MESSAGE, 2 HELLO)  | MESSAGE: type id of the record; HELLO: acknowledgement port
 *  +-------------------------------+-------------------------------+
 *  |  MESSAGE: source position after the previous message (this one follows it)                       |
 *  |  HELLO: the source ring's creation stamp (epoch ms)                                               |
 *  +---------------------------------------------------------------+
 *  |  MESSAGE: source position after this message; HELLO: the position the source ring is released to |
 *  +-------------------------------+-------------------------------+
 *  |  Epoch: the last RESUME acted on (0: none)  |  (zero)         |
 *  +-------------------------------+-------------------------------+
 *  |  MESSAGE: the record's payload as it lies in the source ring (an SBE message, typically) ...      |
 *  +---------------------------------------------------------------+
 *
 *  Acknowledgement stream, receiver to sender:
 *  +-------------------------------+-------------------------------+
 *  |  Frame type (3 RESUME, 4 ACK) |  Epoch                        |
 *  +-------------------------------+-------------------------------+
 *  |  Source position the receiver has written up to (-1: nothing yet)                                  |
 *  +---------------------------------------------------------------+
 *  |  The source ring's creation stamp this refers to                                                   |
 *  +---------------------------------------------------------------+
 * </pre>
 * Source positions are byte positions in the source ring; a message is written to the destination ring only if it
 * follows the last one written ({@code from == written}), carries the receiver's current epoch, and lies past what
 * was written. {@code RESUME} tells the sender to go back to a position (and starts a new epoch: frames sent before it
 * are dropped without reply); {@code ACK} lets it release ring space up to a position.
 */
final class FrameDescriptor
{
    static final int HEADER_LENGTH = 32;
    static final int TYPE_OFFSET = 0;
    static final int TYPE_ID_OFFSET = 4;
    static final int ACK_PORT_OFFSET = 4;
    static final int FROM_OFFSET = 8;
    static final int SOURCE_STAMP_OFFSET = 8;
    static final int END_OFFSET = 16;
    static final int RELEASED_OFFSET = 16;
    static final int EPOCH_OFFSET = 24;

    static final int CONTROL_LENGTH = 24;
    static final int CONTROL_EPOCH_OFFSET = 4;
    static final int CONTROL_POSITION_OFFSET = 8;
    static final int CONTROL_STAMP_OFFSET = 16;

    static final int MESSAGE = 1;
    static final int HELLO = 2;
    static final int RESUME = 3;
    static final int ACK = 4;

    /** No epoch yet (a sender that has not been told where to resume). */
    static final int NO_EPOCH = 0;
    /** Nothing written yet: the receiver takes the first message of its epoch whatever it follows. */
    static final long NOTHING = -1;

    private FrameDescriptor()
    {
    }

    /**
     * A 64-bit FNV-1a hash of a bridge's channel and stream, in hex: names its state file and durable slot (a 64-bit
     * hash: two channels of one ring do not collide by accident).
     */
    static String channelKey(final String channel, final int streamId)
    {
        long hash = 0xcbf29ce484222325L;
        for (final byte b : (channel + "|" + streamId).getBytes(StandardCharsets.UTF_8))
        {
            hash = (hash ^ (b & 0xFF)) * 0x100000001b3L;
        }
        return String.format("%016x", hash);
    }
}
