package io.slipstream.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README cannot show code that no longer compiles: every {@code java} code block in README.md is preceded by a
 * line {@code <!-- example: <path from the repository root> -->} naming a source file of this module, and the block
 * is contained in that file, line by line (leading and trailing spaces aside, so a block may be shown without its
 * indentation). A line {@code // ...} in a block skips lines of the file: the parts around it must appear in the
 * file in that order.
 */
class ReadmeExamplesTest
{
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern MARKER = Pattern.compile("^<!-- example: (\\S+) -->$");
    private static final String SKIP = "// ...";

    @Test
    void shouldFindEveryReadmeJavaBlockInItsExampleSource() throws IOException
    {
        final List<Block> blocks = javaBlocks(Files.readAllLines(ROOT.resolve("README.md")));
        assertTrue(blocks.size() >= 6, "the README's examples were not found: " + blocks.size());
        for (final Block block : blocks)
        {
            assertTrue(block.source != null, "README.md line " + block.line + ": a java block without a line " +
                "<!-- example: examples/src/main/java/... --> before it");
            final Path source = ROOT.resolve(block.source);
            assertTrue(source.startsWith(ROOT.resolve("examples/src/main/java")) && Files.isRegularFile(source),
                "README.md line " + block.line + ": no example source " + block.source);
            assertTrue(contains(Files.readAllLines(source), block.lines), "README.md line " + block.line +
                ": the block is not in " + block.source + " as shown:\n" + String.join("\n", block.lines));
        }
    }

    @Test
    void shouldNoticeABlockThatDiffersFromItsSource()
    {
        // Negative controls of the comparison itself.
        final List<String> source = List.of("class A", "{", "    void f()", "    {", "        g(1);", "    }", "}");
        assertTrue(contains(source, List.of("void f()", "{", "g(1);", "}")));
        assertTrue(contains(source, List.of("class A", SKIP, "g(1);")));
        assertFalse(contains(source, List.of("void f()", "{", "g(2);", "}")), "a changed line");
        assertFalse(contains(source, List.of("void f()", "g(1);")), "a missing line");
        assertFalse(contains(source, List.of("g(1);", SKIP, "class A")), "parts out of order");
    }

    @Test
    void shouldReadTheMarkerBeforeABlock()
    {
        final List<Block> blocks = javaBlocks(List.of("text", "<!-- example: a/B.java -->", "", "```java", "x();",
            "```", "```java", "y();", "```"));
        assertEquals(2, blocks.size());
        assertEquals("a/B.java", blocks.get(0).source);
        assertEquals(List.of("x();"), blocks.get(0).lines);
        assertEquals(null, blocks.get(1).source);
    }

    /** Whether the block's parts (split at {@code // ...}) appear in the source in order, each as consecutive lines. */
    static boolean contains(final List<String> source, final List<String> block)
    {
        final List<String> sourceLines = source.stream().map(String::strip).toList();
        int from = 0;
        List<String> part = new ArrayList<>();
        for (int i = 0; i <= block.size(); i++)
        {
            if (i == block.size() || block.get(i).strip().equals(SKIP))
            {
                final int at = indexOf(sourceLines, part, from);
                if (at < 0)
                {
                    return false;
                }
                from = at + part.size();
                part = new ArrayList<>();
            }
            else
            {
                part.add(block.get(i).strip());
            }
        }
        return true;
    }

    private static int indexOf(final List<String> lines, final List<String> part, final int from)
    {
        for (int start = from; start + part.size() <= lines.size(); start++)
        {
            if (lines.subList(start, start + part.size()).equals(part))
            {
                return start;
            }
        }
        return -1;
    }

    private static List<Block> javaBlocks(final List<String> readme)
    {
        final List<Block> blocks = new ArrayList<>();
        String marker = null;
        for (int i = 0; i < readme.size(); i++)
        {
            final String line = readme.get(i);
            final Matcher matcher = MARKER.matcher(line.strip());
            if (matcher.matches())
            {
                marker = matcher.group(1);
            }
            else if (line.strip().equals("```java"))
            {
                final List<String> lines = new ArrayList<>();
                int end = i + 1;
                while (end < readme.size() && !readme.get(end).strip().equals("```"))
                {
                    lines.add(readme.get(end));
                    end++;
                }
                blocks.add(new Block(i + 1, marker, lines));
                marker = null;
                i = end;
            }
            else if (!line.isBlank())
            {
                marker = null;
            }
        }
        return blocks;
    }

    private record Block(int line, String source, List<String> lines)
    {
    }
}
