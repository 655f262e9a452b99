package io.slipstream.codecs;

import io.slipstream.codecs.trading.ExecutionReportDecoder;
import io.slipstream.codecs.trading.GroupSizeEncodingDecoder;
import io.slipstream.codecs.trading.HeartbeatDecoder;
import io.slipstream.codecs.trading.LogonDecoder;
import io.slipstream.codecs.trading.LogoutDecoder;
import io.slipstream.codecs.trading.MarketDataIncrementalRefreshDecoder;
import io.slipstream.codecs.trading.MessageHeaderDecoder;
import io.slipstream.codecs.trading.NewOrderSingleDecoder;
import io.slipstream.codecs.trading.OrderCancelReplaceRequestDecoder;
import io.slipstream.codecs.trading.OrderCancelRequestDecoder;
import io.slipstream.codecs.trading.QuoteDecoder;
import io.slipstream.codecs.trading.TradeDecoder;
import io.slipstream.codecs.trading.VarStringEncodingDecoder;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Checks that an SBE message of the trading schema lies wholly within its record before any decoder touches it.
 * <p>
 * SBE's generated Java decoders trust the lengths inside a message: a block length, group count or var-data length
 * that lies makes them read past the message (Agrona's buffer bounds checks only stop reads past the whole buffer,
 * which for a ring is the whole data region, not the record). So the dispatcher walks the message's structure first:
 * header, root block (at least as long as the fields of the message's version), each group header and its
 * {@code blockLength x numInGroup} entries, each var-data length prefix and its data, and rejects the message unless
 * every part ends within {@code length}. The walk reads only lengths, never field values, allocates nothing and
 * throws nothing. After a message passes, the walk's results ({@link #templateId()}, {@link #blockLength()},
 * {@link #version()}, {@link #encodedLength()}) describe it.
 * <p>
 * The shapes below mirror {@code trading-schema.xml} (a test checks them against the schema's IR): when the schema
 * gains a message, group or var-data field, add it here too.
 */
public final class MessageValidator
{
    /** Schema id this validator knows. */
    public static final int SCHEMA_ID = MessageHeaderDecoder.SCHEMA_ID;
    /** Newest schema version this validator knows. */
    public static final int SCHEMA_VERSION = MessageHeaderDecoder.SCHEMA_VERSION;

    private static final int HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int GROUP_HEADER_LENGTH = GroupSizeEncodingDecoder.ENCODED_LENGTH;
    private static final int VAR_LENGTH_PREFIX = VarStringEncodingDecoder.lengthEncodingLength();
    private static final int MAX_GROUP_COUNT = GroupSizeEncodingDecoder.numInGroupMaxValue();
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    /** Structure of one message: fixed block per version, at most one group level, then var-data fields. */
    private record Shape(int blockLengthV1, int blockLength, int[] groupBlockLengths, int varDataCount)
    {
        int minBlockLength(final int version)
        {
            return version >= 2 ? blockLength : blockLengthV1;
        }
    }

    private static final int[] NO_GROUPS = {};
    private static final Shape[] SHAPES = shapes();

    private int templateId;
    private int blockLength;
    private int version;
    private int encodedLength;

    private static Shape[] shapes()
    {
        final Shape[] shapes = new Shape[MarketDataIncrementalRefreshDecoder.TEMPLATE_ID + 1];
        put(shapes, LogonDecoder.TEMPLATE_ID, fixed(LogonDecoder.BLOCK_LENGTH), NO_GROUPS, 2);
        put(shapes, LogoutDecoder.TEMPLATE_ID, fixed(LogoutDecoder.BLOCK_LENGTH), NO_GROUPS, 1);
        put(shapes, HeartbeatDecoder.TEMPLATE_ID, fixed(HeartbeatDecoder.BLOCK_LENGTH), NO_GROUPS, 0);
        // Version 2 appended minQuantity to the block: a version-1 message ends where it starts.
        put(shapes, NewOrderSingleDecoder.TEMPLATE_ID,
            new int[]{ NewOrderSingleDecoder.minQuantityEncodingOffset(), NewOrderSingleDecoder.BLOCK_LENGTH },
            NO_GROUPS, 1);
        put(shapes, OrderCancelRequestDecoder.TEMPLATE_ID, fixed(OrderCancelRequestDecoder.BLOCK_LENGTH),
            NO_GROUPS, 0);
        put(shapes, OrderCancelReplaceRequestDecoder.TEMPLATE_ID,
            fixed(OrderCancelReplaceRequestDecoder.BLOCK_LENGTH), NO_GROUPS, 0);
        put(shapes, ExecutionReportDecoder.TEMPLATE_ID, fixed(ExecutionReportDecoder.BLOCK_LENGTH), NO_GROUPS, 1);
        put(shapes, QuoteDecoder.TEMPLATE_ID, fixed(QuoteDecoder.BLOCK_LENGTH), NO_GROUPS, 0);
        put(shapes, TradeDecoder.TEMPLATE_ID, fixed(TradeDecoder.BLOCK_LENGTH), NO_GROUPS, 0);
        put(shapes, MarketDataIncrementalRefreshDecoder.TEMPLATE_ID,
            fixed(MarketDataIncrementalRefreshDecoder.BLOCK_LENGTH),
            new int[]{ MarketDataIncrementalRefreshDecoder.LevelsDecoder.sbeBlockLength() }, 0);
        return shapes;
    }

    private static int[] fixed(final int blockLength)
    {
        return new int[]{ blockLength, blockLength };
    }

    private static void put(
        final Shape[] shapes, final int templateId, final int[] blockLengths, final int[] groups, final int varData)
    {
        shapes[templateId] = new Shape(blockLengths[0], blockLengths[1], groups, varData);
    }

    /**
     * Whether the trading schema defines this template id.
     *
     * @param templateId from a message header.
     * @return true if it is one of the schema's messages.
     */
    public static boolean isKnownTemplate(final int templateId)
    {
        return templateId >= 0 && templateId < SHAPES.length && SHAPES[templateId] != null;
    }

    /** Groups of a known template (for the test that compares these shapes with the schema's IR). */
    static int groupCount(final int templateId)
    {
        return SHAPES[templateId].groupBlockLengths().length;
    }

    /** Var-data fields of a known template. */
    static int varDataCount(final int templateId)
    {
        return SHAPES[templateId].varDataCount();
    }

    /** Smallest root block length a message of this template and version may declare. */
    static int minBlockLength(final int templateId, final int version)
    {
        return SHAPES[templateId].minBlockLength(version);
    }

    /** Smallest block length of group {@code index} of a known template. */
    static int groupMinBlockLength(final int templateId, final int index)
    {
        return SHAPES[templateId].groupBlockLengths()[index];
    }

    /**
     * Checks the message in {@code buffer[offset, offset + length)}.
     *
     * @param buffer holds the message.
     * @param offset where its SBE header starts.
     * @param length the bytes it may occupy.
     * @return {@link MessageError#NONE} if every part of the message lies within {@code length}, else the first
     *         problem found. {@link #templateId()} and the header fields are set as far as they could be read.
     */
    public MessageError validate(final DirectBuffer buffer, final int offset, final int length)
    {
        templateId = -1;
        blockLength = -1;
        version = -1;
        encodedLength = 0;
        if (length < HEADER_LENGTH)
        {
            return MessageError.TRUNCATED_HEADER;
        }
        blockLength = buffer.getShort(offset, ORDER) & 0xFFFF;
        templateId = buffer.getShort(offset + 2, ORDER) & 0xFFFF;
        final int schemaId = buffer.getShort(offset + 4, ORDER) & 0xFFFF;
        version = buffer.getShort(offset + 6, ORDER) & 0xFFFF;
        if (schemaId != SCHEMA_ID)
        {
            return MessageError.UNKNOWN_SCHEMA;
        }
        if (!isKnownTemplate(templateId))
        {
            return MessageError.UNKNOWN_TEMPLATE;
        }
        final Shape shape = SHAPES[templateId];
        if (blockLength < shape.minBlockLength(version))
        {
            return MessageError.BLOCK_LENGTH_TOO_SHORT;
        }
        // All arithmetic in long: lengths are at most 16 bits each, but counts multiply them.
        long limit = HEADER_LENGTH + (long)blockLength;
        if (limit > length)
        {
            return MessageError.BLOCK_PAST_END;
        }
        final int[] groups = shape.groupBlockLengths();
        for (final int groupMinBlockLength : groups)
        {
            if (limit + GROUP_HEADER_LENGTH > length)
            {
                return MessageError.GROUP_HEADER_PAST_END;
            }
            final int at = offset + (int)limit;
            final int groupBlockLength = buffer.getShort(at, ORDER) & 0xFFFF;
            final int count = buffer.getShort(at + 2, ORDER) & 0xFFFF;
            if (groupBlockLength < groupMinBlockLength)
            {
                return MessageError.GROUP_BLOCK_LENGTH_TOO_SHORT;
            }
            if (count > MAX_GROUP_COUNT)
            {
                return MessageError.GROUP_COUNT_TOO_LARGE;
            }
            limit += GROUP_HEADER_LENGTH + (long)groupBlockLength * count;
            if (limit > length)
            {
                return MessageError.GROUP_PAST_END;
            }
        }
        for (int i = 0; i < shape.varDataCount(); i++)
        {
            if (limit + VAR_LENGTH_PREFIX > length)
            {
                return MessageError.VAR_DATA_HEADER_PAST_END;
            }
            final int dataLength = buffer.getShort(offset + (int)limit, ORDER) & 0xFFFF;
            limit += VAR_LENGTH_PREFIX + (long)dataLength;
            if (limit > length)
            {
                return MessageError.VAR_DATA_PAST_END;
            }
        }
        encodedLength = (int)limit;
        return MessageError.NONE;
    }

    /**
     * Template id of the last message validated, or -1 if it was too short to have one.
     *
     * @return the value, as described.
     */
    public int templateId()
    {
        return templateId;
    }

    /**
     * Root block length from the header of the last message validated.
     *
     * @return the value, as described.
     */
    public int blockLength()
    {
        return blockLength;
    }

    /**
     * Schema version from the header of the last message validated.
     *
     * @return the value, as described.
     */
    public int version()
    {
        return version;
    }

    /**
     * Bytes the last valid message occupies (header included); 0 if it was not valid.
     *
     * @return the value, as described.
     */
    public int encodedLength()
    {
        return encodedLength;
    }
}
