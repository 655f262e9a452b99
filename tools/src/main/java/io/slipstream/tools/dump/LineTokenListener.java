package io.slipstream.tools.dump;

import org.agrona.DirectBuffer;
import uk.co.real_logic.sbe.PrimitiveType;
import uk.co.real_logic.sbe.PrimitiveValue;
import uk.co.real_logic.sbe.ir.Encoding;
import uk.co.real_logic.sbe.ir.Token;
import uk.co.real_logic.sbe.otf.TokenListener;
import uk.co.real_logic.sbe.otf.Types;

import java.nio.charset.Charset;
import java.util.List;

/**
 * Renders one message, as SBE's on-the-fly decoder walks it, on a single line: {@code name=value} pairs separated by
 * spaces (composites in braces, groups in brackets, text in quotes), or a JSON object with {@link #json(boolean)}.
 * A field added in a schema version newer than the message's is printed as {@code null}. It remembers the field it
 * is reading, so that a message that runs past its end can be reported by name.
 */
final class LineTokenListener implements TokenListener
{
    private final StringBuilder out;
    private boolean json;
    private boolean first;
    private int compositeDepth;
    private String currentField = "";
    private String groupPrefix = "";

    LineTokenListener(final StringBuilder out)
    {
        this.out = out;
    }

    void json(final boolean json)
    {
        this.json = json;
    }

    /** Prepares to render the fields of the next message after whatever {@code out} already holds. */
    void reset(final boolean firstField)
    {
        first = firstField;
        compositeDepth = 0;
        currentField = "";
        groupPrefix = "";
    }

    /** The field (or group, or var-data) the decoder reached last. */
    String currentField()
    {
        return currentField;
    }

    @Override
    public void onBeginMessage(final Token token)
    {
        // The caller writes the message's name and header.
    }

    @Override
    public void onEndMessage(final Token token)
    {
        // The caller closes the line.
    }

    @Override
    public void onEncoding(
        final Token fieldToken, final DirectBuffer buffer, final int index, final Token typeToken, final int version)
    {
        final String name = compositeDepth > 0 ? typeToken.name() : fieldToken.name();
        name(name);
        final Encoding encoding = typeToken.encoding();
        if (isAbsent(fieldToken, typeToken, version))
        {
            out.append("null");
        }
        else if (encoding.primitiveType() == PrimitiveType.CHAR && typeToken.arrayLength() > 1)
        {
            appendText(buffer, index, typeToken.arrayLength(), Charset.forName(charsetOf(encoding)));
        }
        else if (typeToken.arrayLength() > 1)
        {
            out.append('[');
            final int size = encoding.primitiveType().size();
            for (int i = 0; i < typeToken.arrayLength(); i++)
            {
                out.append(i > 0 ? (json ? "," : " ") : "");
                appendValue(buffer, index + i * size, encoding);
            }
            out.append(']');
        }
        else if (isNullValue(buffer, index, encoding))
        {
            out.append("null");
        }
        else
        {
            appendValue(buffer, index, encoding);
        }
    }

    @Override
    public void onEnum(
        final Token fieldToken, final DirectBuffer buffer, final int index, final List<Token> tokens,
        final int fromIndex, final int toIndex, final int version)
    {
        final Token typeToken = tokens.get(fromIndex);
        name(compositeDepth > 0 ? typeToken.name() : fieldToken.name());
        if (isAbsent(fieldToken, typeToken, version))
        {
            out.append("null");
            return;
        }
        final long raw = Types.getLong(buffer, index, typeToken.encoding());
        for (int i = fromIndex + 1; i < toIndex; i++)
        {
            final Token valid = tokens.get(i);
            if (valid.encoding().constValue().longValue() == raw)
            {
                symbol(valid.name());
                return;
            }
        }
        if (raw == typeToken.encoding().applicableNullValue().longValue())
        {
            out.append("null");
        }
        else
        {
            // A value the schema does not define: show it raw rather than fail the whole message.
            symbol("?" + raw);
        }
    }

    @Override
    public void onBitSet(
        final Token fieldToken, final DirectBuffer buffer, final int index, final List<Token> tokens,
        final int fromIndex, final int toIndex, final int version)
    {
        final Token typeToken = tokens.get(fromIndex);
        name(compositeDepth > 0 ? typeToken.name() : fieldToken.name());
        final long raw = Types.getLong(buffer, index, typeToken.encoding());
        open('{');
        for (int i = fromIndex + 1; i < toIndex; i++)
        {
            final Token choice = tokens.get(i);
            name(choice.name());
            out.append((raw & (1L << choice.encoding().constValue().longValue())) != 0);
        }
        close('}');
    }

    @Override
    public void onBeginComposite(final Token fieldToken, final List<Token> tokens, final int from, final int to)
    {
        name(compositeDepth > 0 ? tokens.get(from).name() : fieldToken.name());
        compositeDepth++;
        open('{');
    }

    @Override
    public void onEndComposite(final Token fieldToken, final List<Token> tokens, final int from, final int to)
    {
        compositeDepth--;
        close('}');
    }

    @Override
    public void onGroupHeader(final Token token, final int numInGroup)
    {
        name(token.name());
        open('[');
        if (numInGroup == 0)
        {
            close(']');
        }
    }

    @Override
    public void onBeginGroup(final Token token, final int groupIndex, final int numInGroup)
    {
        groupPrefix = token.name() + "[" + groupIndex + "].";
        currentField = token.name() + "[" + groupIndex + "]";
        if (groupIndex > 0)
        {
            out.append(json ? "," : " ");
        }
        out.append('{');
        first = true;
    }

    @Override
    public void onEndGroup(final Token token, final int groupIndex, final int numInGroup)
    {
        out.append('}');
        first = false;
        groupPrefix = "";
        if (groupIndex == numInGroup - 1)
        {
            out.append(']');
        }
    }

    @Override
    public void onVarData(
        final Token fieldToken, final DirectBuffer buffer, final int index, final int length, final Token typeToken)
    {
        name(fieldToken.name());
        final String charset = typeToken.encoding().characterEncoding();
        if (charset != null)
        {
            appendText(buffer, index, length, Charset.forName(charset));
        }
        else
        {
            out.append('"');
            for (int i = 0; i < length; i++)
            {
                final int b = buffer.getByte(index + i) & 0xFF;
                out.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            out.append('"');
        }
    }

    private void name(final String name)
    {
        if (compositeDepth == 0)
        {
            currentField = groupPrefix + name;
        }
        if (!first)
        {
            out.append(json ? "," : " ");
        }
        first = false;
        if (json)
        {
            out.append('"').append(name).append("\":");
        }
        else
        {
            out.append(name).append('=');
        }
    }

    private void open(final char bracket)
    {
        out.append(bracket);
        first = true;
    }

    private void close(final char bracket)
    {
        out.append(bracket);
        first = false;
    }

    private void symbol(final String name)
    {
        if (json)
        {
            quoted(name);
        }
        else
        {
            out.append(name);
        }
    }

    private void quoted(final String text)
    {
        out.append('"');
        escape(text);
        out.append('"');
    }

    private void appendText(final DirectBuffer buffer, final int index, final int length, final Charset charset)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(index, bytes, 0, length);
        int end = length;
        if (length > 0 && bytes[length - 1] == 0)
        {
            // A fixed-length char array is padded with NULs.
            end = 0;
            while (end < length && bytes[end] != 0)
            {
                end++;
            }
        }
        quoted(new String(bytes, 0, end, charset));
    }

    private void escape(final String text)
    {
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\')
            {
                out.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                out.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                out.append(c);
            }
        }
    }

    private void appendValue(final DirectBuffer buffer, final int index, final Encoding encoding)
    {
        if (json)
        {
            Types.appendAsJsonString(out, buffer, index, encoding);
        }
        else
        {
            Types.appendAsString(out, buffer, index, encoding);
        }
    }

    private static boolean isNullValue(final DirectBuffer buffer, final int index, final Encoding encoding)
    {
        if (encoding.presence() != Encoding.Presence.OPTIONAL)
        {
            return false;
        }
        final PrimitiveType type = encoding.primitiveType();
        if (type == PrimitiveType.FLOAT || type == PrimitiveType.DOUBLE)
        {
            return false;
        }
        final PrimitiveValue nullValue = encoding.applicableNullValue();
        return Types.getLong(buffer, index, encoding) == nullValue.longValue();
    }

    private static boolean isAbsent(final Token fieldToken, final Token typeToken, final int version)
    {
        return fieldToken.version() > version || typeToken.version() > version;
    }

    private static String charsetOf(final Encoding encoding)
    {
        return encoding.characterEncoding() != null ? encoding.characterEncoding() : "US-ASCII";
    }
}
