package io.slipstream.tools.dump;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import uk.co.real_logic.sbe.ir.Ir;
import uk.co.real_logic.sbe.ir.IrDecoder;
import uk.co.real_logic.sbe.ir.Signal;
import uk.co.real_logic.sbe.ir.Token;
import uk.co.real_logic.sbe.otf.OtfHeaderDecoder;
import uk.co.real_logic.sbe.otf.OtfMessageDecoder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Turns one SBE message into one line of text (or JSON) through SBE's on-the-fly decoder, driven by a schema's IR.
 * <p>
 * A message is untrusted: its header is checked against the IR (schema id, template id, block length at least
 * the fields of its version), and the decoder reads through a view of exactly the message's bytes, so a group count
 * or var-data length that lies trips the view's bounds check instead of reading the next message. Either way the
 * line becomes an error naming the problem and the field where it was found; nothing is thrown.
 */
public final class MessagePrinter
{
    /** Name of the IR resource the codecs module ships, generated from {@code trading-schema.xml}. */
    public static final String TRADING_IR_RESOURCE = "/trading-schema.sbeir";

    private final Ir ir;
    private final OtfHeaderDecoder header;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final StringBuilder line = new StringBuilder(256);
    private final LineTokenListener listener = new LineTokenListener(line);
    private boolean json;
    private int lastLength;

    /**
     * @param ir the schema's intermediate representation.
     */
    public MessagePrinter(final Ir ir)
    {
        this.ir = ir;
        this.header = new OtfHeaderDecoder(ir.headerStructure());
    }

    /**
     * Loads the trading schema's IR from the class path.
     *
     * @return a printer for the trading schema.
     */
    public static MessagePrinter forTradingSchema()
    {
        try (InputStream in = MessagePrinter.class.getResourceAsStream(TRADING_IR_RESOURCE))
        {
            if (in == null)
            {
                throw new IllegalStateException(TRADING_IR_RESOURCE + " is not on the class path");
            }
            final byte[] bytes = in.readAllBytes();
            try (IrDecoder decoder = new IrDecoder(ByteBuffer.wrap(bytes)))
            {
                return new MessagePrinter(decoder.decode());
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot read " + TRADING_IR_RESOURCE, ex);
        }
    }

    /**
     * @param json whether lines are JSON objects rather than {@code name=value} text.
     * @return this printer.
     */
    public MessagePrinter json(final boolean json)
    {
        this.json = json;
        listener.json(json);
        return this;
    }

    /**
     * Bytes the last message printed without error occupied, header included; for walking a capture of messages
     * laid end to end. 0 after an error.
     *
     * @return the length in bytes.
     */
    public int lastLength()
    {
        return lastLength;
    }

    /**
     * Renders one message.
     *
     * @param sequence the message's number in the dump, printed first.
     * @param buffer   holds the message in {@code [offset, offset + length)}.
     * @param offset   where its SBE header starts.
     * @param length   the bytes it may occupy (a record's payload; the rest of a capture).
     * @return the line, without a line break, giving the bytes the message occupies (an error line gives the
     *         bytes it was given); an error line if the message is malformed.
     */
    public String print(final long sequence, final DirectBuffer buffer, final int offset, final int length)
    {
        lastLength = 0;
        line.setLength(0);
        if (length < header.encodedLength())
        {
            return error(sequence, length, "malformed message: " + length +
                " bytes, shorter than the " + header.encodedLength() + "-byte SBE message header");
        }
        view.wrap(buffer, offset, length);
        final int blockLength = header.getBlockLength(view, 0);
        final int templateId = header.getTemplateId(view, 0);
        final int schemaId = header.getSchemaId(view, 0);
        final int version = header.getSchemaVersion(view, 0);
        if (schemaId != ir.id())
        {
            return error(sequence, length, "unknown schema id " + schemaId + " (this dump reads schema " +
                ir.id() + "), skipped");
        }
        final List<Token> tokens = ir.getMessage(templateId);
        if (tokens == null)
        {
            return error(sequence, length, "unknown template id " + templateId + ", skipped");
        }
        final String name = tokens.get(0).name();
        final int minBlockLength = minBlockLength(tokens, version);
        if (blockLength < minBlockLength)
        {
            return error(sequence, length, "malformed " + name + ": block length " + blockLength +
                " in the header is shorter than the " + minBlockLength + " bytes of the fields of version " + version);
        }
        final int lengthAt = start(sequence, name, templateId, version);
        final int mark = line.length();
        listener.reset(false);
        try
        {
            final int end = OtfMessageDecoder.decode(
                view, header.encodedLength(), version, blockLength, tokens, listener);
            lastLength = end;
            line.insert(lengthAt, end);
        }
        catch (final IndexOutOfBoundsException ex)
        {
            line.setLength(mark);
            final String field = listener.currentField();
            return error(sequence, length, "malformed " + name + ": runs past its end (" + length + " bytes) at " +
                (field.isEmpty() ? "the root block" : "'" + field + "'") +
                ": a block length, group count or var-data length lies");
        }
        if (json)
        {
            line.append('}');
        }
        return line.toString();
    }

    /** Writes the line's prefix, leaving the message's length to be inserted at the returned index. */
    private int start(final long sequence, final String name, final int templateId, final int version)
    {
        if (json)
        {
            line.append("{\"seq\":").append(sequence).append(",\"length\":");
            final int lengthAt = line.length();
            line.append(",\"template\":\"").append(name).append("\",\"templateId\":").append(templateId)
                .append(",\"version\":").append(version);
            return lengthAt;
        }
        line.append('#').append(sequence).append(' ').append(name).append(" v").append(version).append(" len=");
        final int lengthAt = line.length();
        line.append(':');
        return lengthAt;
    }

    private String error(final long sequence, final int length, final String text)
    {
        line.setLength(0);
        if (json)
        {
            line.append("{\"seq\":").append(sequence).append(",\"length\":").append(length)
                .append(",\"error\":\"").append(text.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"}");
        }
        else
        {
            line.append('#').append(sequence).append(" ERROR len=").append(length).append(": ").append(text);
        }
        return line.toString();
    }

    /** The root block must hold every field the message's version has: the end of the last such field. */
    private static int minBlockLength(final List<Token> tokens, final int version)
    {
        int min = 0;
        for (int i = 1; i < tokens.size(); i++)
        {
            final Token token = tokens.get(i);
            final Signal signal = token.signal();
            if (signal == Signal.BEGIN_GROUP || signal == Signal.BEGIN_VAR_DATA)
            {
                break;
            }
            if (signal == Signal.BEGIN_FIELD && token.version() <= version)
            {
                final Token type = tokens.get(i + 1);
                min = Math.max(min, token.offset() + Math.max(0, type.encodedLength()));
            }
            if (signal == Signal.BEGIN_FIELD)
            {
                i += token.componentTokenCount() - 1;
            }
        }
        return min;
    }
}
