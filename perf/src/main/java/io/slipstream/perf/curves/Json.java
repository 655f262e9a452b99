package io.slipstream.perf.curves;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader for JMH's result file: objects become {@code Map<String, Object>} (in file order), arrays
 * {@code List<Object>}, numbers {@code Double}, and {@code true}, {@code false}, {@code null} themselves. Enough for
 * a file JMH wrote; it rejects anything malformed with the offset.
 */
final class Json
{
    private final String text;
    private int index;

    private Json(final String text)
    {
        this.text = text;
    }

    static Object parse(final String text)
    {
        final Json json = new Json(text);
        final Object value = json.value();
        json.skipSpace();
        if (json.index != text.length())
        {
            throw json.error("trailing characters");
        }
        return value;
    }

    private Object value()
    {
        skipSpace();
        if (index >= text.length())
        {
            throw error("unexpected end");
        }
        final char c = text.charAt(index);
        return switch (c)
        {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> number();
        };
    }

    private Map<String, Object> object()
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        index++;
        skipSpace();
        if (peek() == '}')
        {
            index++;
            return map;
        }
        while (true)
        {
            skipSpace();
            if (peek() != '"')
            {
                throw error("expected a name");
            }
            final String name = string();
            skipSpace();
            expect(':');
            map.put(name, value());
            skipSpace();
            if (peek() == ',')
            {
                index++;
                continue;
            }
            expect('}');
            return map;
        }
    }

    private List<Object> array()
    {
        final List<Object> list = new ArrayList<>();
        index++;
        skipSpace();
        if (peek() == ']')
        {
            index++;
            return list;
        }
        while (true)
        {
            list.add(value());
            skipSpace();
            if (peek() == ',')
            {
                index++;
                continue;
            }
            expect(']');
            return list;
        }
    }

    private String string()
    {
        final StringBuilder sb = new StringBuilder();
        index++;
        while (true)
        {
            if (index >= text.length())
            {
                throw error("unterminated string");
            }
            final char c = text.charAt(index++);
            if (c == '"')
            {
                return sb.toString();
            }
            if (c != '\\')
            {
                sb.append(c);
                continue;
            }
            final char escaped = text.charAt(index++);
            switch (escaped)
            {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'u' ->
                {
                    sb.append((char)Integer.parseInt(text.substring(index, index + 4), 16));
                    index += 4;
                }
                default -> sb.append(escaped);
            }
        }
    }

    private Double number()
    {
        final int start = index;
        while (index < text.length() && "+-0123456789.eE".indexOf(text.charAt(index)) >= 0)
        {
            index++;
        }
        if (start == index)
        {
            throw error("unexpected character '" + text.charAt(index) + "'");
        }
        return Double.parseDouble(text.substring(start, index));
    }

    private Object literal(final String word, final Object value)
    {
        if (!text.startsWith(word, index))
        {
            throw error("expected " + word);
        }
        index += word.length();
        return value;
    }

    private void expect(final char c)
    {
        if (peek() != c)
        {
            throw error("expected '" + c + "'");
        }
        index++;
    }

    private char peek()
    {
        return index < text.length() ? text.charAt(index) : '\0';
    }

    private void skipSpace()
    {
        while (index < text.length() && Character.isWhitespace(text.charAt(index)))
        {
            index++;
        }
    }

    private IllegalArgumentException error(final String what)
    {
        return new IllegalArgumentException("JSON at offset " + index + ": " + what);
    }
}
