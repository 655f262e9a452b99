package io.slipstream.perf;

import io.slipstream.perf.core.Transport;
import io.slipstream.perf.loop.PingMain;
import io.slipstream.perf.transport.Transports;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dependencies between the harness's packages point one way: {@code perf.core} uses no other package of the harness,
 * {@code perf.transport} uses {@code perf.core} only, {@code perf.loop} (the two sides of a run) uses those two,
 * {@code perf.curves} uses those three, and the harness ({@code io.slipstream.perf}) uses all of them; nothing below
 * it names a class of the harness's own package, so no two packages import each other. The JMH benchmarks
 * ({@code perf.jmh}, a jar of their own) use only the checked message of {@code perf.core}, which their jar carries.
 * Checked twice: in the sources (imports and qualified names,
 * including those only Javadoc uses and constants the compiler inlines) and in the compiled classes (every class
 * their constant pools name).
 */
class PackageDependencyTest
{
    private static final String PERF = "io.slipstream.perf";
    private static final Path SOURCES = Path.of("src", "main", "java", "io", "slipstream", "perf");

    /** A name of the harness: the segment after {@code io.slipstream.perf.} is a sub-package, a class or '*'. */
    private static final Pattern PERF_NAME = Pattern.compile("\\bio\\.slipstream\\.perf\\.(\\w+|\\*)");

    private static final Set<String> CORE_MAY_USE = Set.of("core");
    private static final Set<String> TRANSPORT_MAY_USE = Set.of("core", "transport");
    private static final Set<String> LOOP_MAY_USE = Set.of("core", "transport", "loop");
    private static final Set<String> CURVES_MAY_USE = Set.of("core", "transport", "loop", "curves");
    private static final Set<String> JMH_MAY_USE = Set.of("jmh", "core");
    /**
     * The classes of {@code perf.core} that {@code slipstream-jmh.jar} carries (perf/pom.xml), the only ones of the
     * harness the benchmarks may name.
     */
    private static final Set<String> JMH_CORE_CLASSES =
        Set.of(PERF + ".core.Message", PERF + ".core.Verification", PERF + ".core.HarnessException");

    @Test
    void shouldFindSourcesOfEveryCheckedPackage() throws IOException
    {
        assertTrue(javaFiles(SOURCES.resolve("core")).size() >= 10, "sources of perf.core under " + SOURCES);
        assertTrue(javaFiles(SOURCES.resolve("transport")).size() >= 10, "sources of perf.transport under " + SOURCES);
        assertTrue(javaFiles(SOURCES.resolve("loop")).size() >= 10, "sources of perf.loop under " + SOURCES);
        assertTrue(javaFiles(SOURCES.resolve("curves")).size() >= 10, "sources of perf.curves under " + SOURCES);
    }

    @Test
    void shouldKeepCoreSourcesFreeOfOtherHarnessPackages() throws IOException
    {
        assertEquals(List.of(), violations(SOURCES.resolve("core"), CORE_MAY_USE));
    }

    @Test
    void shouldKeepTransportSourcesFreeOfTheHarness() throws IOException
    {
        assertEquals(List.of(), violations(SOURCES.resolve("transport"), TRANSPORT_MAY_USE));
    }

    @Test
    void shouldKeepLoopSourcesFreeOfTheHarnessAndTheCurves() throws IOException
    {
        assertEquals(List.of(), violations(SOURCES.resolve("loop"), LOOP_MAY_USE));
    }

    @Test
    void shouldKeepCurvesSourcesFreeOfTheHarness() throws IOException
    {
        assertEquals(List.of(), violations(SOURCES.resolve("curves"), CURVES_MAY_USE));
    }

    @Test
    void shouldKeepJmhSourcesFreeOfTheHarness() throws IOException
    {
        assertTrue(javaFiles(SOURCES.resolve("jmh")).size() >= 5, "sources of perf.jmh under " + SOURCES);

        assertEquals(List.of(), violations(SOURCES.resolve("jmh"), JMH_MAY_USE));
    }

    @Test
    void shouldUseTheLowerPackagesFromTheHarness() throws IOException
    {
        final String pingMain = Files.readString(SOURCES.resolve(Path.of("loop", "PingMain.java")));
        assertTrue(usedSegments(pingMain).containsAll(Set.of("core", "transport")), pingMain);
        final String perfCommand = Files.readString(SOURCES.resolve("PerfCommand.java"));
        assertTrue(usedSegments(perfCommand).containsAll(Set.of("core", "curves")), perfCommand);
        final String latencyHarness = Files.readString(SOURCES.resolve("LatencyHarness.java"));
        assertTrue(usedSegments(latencyHarness).containsAll(Set.of("core", "transport", "loop")), latencyHarness);
    }

    @Test
    void shouldDetectAnInjectedImportOfTheHarnessInTheCurves()
    {
        final String clean = """
            package io.slipstream.perf.curves;

            import io.slipstream.perf.core.Mode;
            import io.slipstream.perf.loop.Measurement;
            import io.slipstream.perf.transport.Transports;
            """;

        assertEquals(Set.of(), disallowed(clean, CURVES_MAY_USE));
        assertEquals(Set.of("HarnessConfig"),
            disallowed(clean + "import io.slipstream.perf.HarnessConfig;\n", CURVES_MAY_USE));
        assertEquals(Set.of("*"), disallowed(clean + "import io.slipstream.perf.*;\n", CURVES_MAY_USE));
        assertEquals(Set.of("Preset"),
            disallowed(clean + "final class X { io.slipstream.perf.Preset preset; }\n", CURVES_MAY_USE));
        assertEquals(Set.of("curves"),
            disallowed(clean.replace("perf.curves;", "perf.loop;") + "import io.slipstream.perf.curves.Json;\n",
                LOOP_MAY_USE));
    }

    @Test
    void shouldDetectAnInjectedImportOfTheHarness()
    {
        final String clean = """
            package io.slipstream.perf.transport;

            import io.slipstream.perf.core.Transport;
            """;
        final String injectedImport = clean + "import io.slipstream.perf.HarnessConfig;\n";
        final String injectedWildcard = clean + "import io.slipstream.perf.*;\n";
        final String injectedStatic = clean + "import static io.slipstream.perf.Bootstrap.SEED;\n";
        final String injectedQualified = clean + "final class X { io.slipstream.perf.Summary summary; }\n";
        final String injectedCurves = clean + "import io.slipstream.perf.curves.CurveSuite;\n";

        assertEquals(Set.of(), disallowed(clean, TRANSPORT_MAY_USE));
        assertEquals(Set.of("HarnessConfig"), disallowed(injectedImport, TRANSPORT_MAY_USE));
        assertEquals(Set.of("*"), disallowed(injectedWildcard, TRANSPORT_MAY_USE));
        assertEquals(Set.of("Bootstrap"), disallowed(injectedStatic, TRANSPORT_MAY_USE));
        assertEquals(Set.of("Summary"), disallowed(injectedQualified, TRANSPORT_MAY_USE));
        assertEquals(Set.of("curves"), disallowed(injectedCurves, TRANSPORT_MAY_USE));
        assertEquals(Set.of("transport"), disallowed(clean.replace(".core.", ".transport."), CORE_MAY_USE));
    }

    @Test
    void shouldKeepCompiledCoreFreeOfOtherHarnessPackages() throws IOException
    {
        assertEquals(List.of(), compiledViolations("core", 10, CORE_MAY_USE));
    }

    @Test
    void shouldKeepCompiledTransportFreeOfTheHarness() throws IOException
    {
        assertEquals(List.of(), compiledViolations("transport", 10, TRANSPORT_MAY_USE));
    }

    @Test
    void shouldKeepCompiledLoopFreeOfTheHarnessAndTheCurves() throws IOException
    {
        assertEquals(List.of(), compiledViolations("loop", 10, LOOP_MAY_USE));
    }

    @Test
    void shouldKeepCompiledCurvesFreeOfTheHarness() throws IOException
    {
        assertEquals(List.of(), compiledViolations("curves", 10, CURVES_MAY_USE));
    }

    @Test
    void shouldKeepCompiledJmhFreeOfTheHarness() throws IOException
    {
        assertEquals(List.of(), compiledViolations("jmh", 5, JMH_MAY_USE));
        final Set<String> core = new TreeSet<>();
        for (final Path file : classFiles(classesRoot().resolve(Path.of("io", "slipstream", "perf", "jmh"))))
        {
            referencedClasses(Files.readAllBytes(file)).stream().filter(name -> name.startsWith(PERF + ".core."))
                .forEach(core::add);
        }
        assertTrue(core.contains(PERF + ".core.Message"), "the group benchmarks check their messages: " + core);
        assertTrue(JMH_CORE_CLASSES.containsAll(core), "perf.jmh names " + core + "; its jar carries " +
            JMH_CORE_CLASSES);
    }

    @Test
    void shouldPutTheCoreClassesTheBenchmarksUseInTheJmhJar() throws IOException
    {
        final String pom = Files.readString(Path.of("pom.xml"));
        for (final String name : JMH_CORE_CLASSES)
        {
            final String include = "<include>" + name.replace('.', '/') + ".class</include>";
            assertTrue(pom.contains(include), include + " missing from perf/pom.xml");
        }
        final Set<String> usedByCore = new TreeSet<>();
        for (final String name : JMH_CORE_CLASSES)
        {
            final Path file = classesRoot().resolve(name.replace('.', '/') + ".class");
            usedByCore.addAll(referencedClasses(Files.readAllBytes(file)));
        }
        assertTrue(JMH_CORE_CLASSES.containsAll(disallowedClasses(usedByCore, Set.of())),
            "what the jar's core classes name is in the jar too: " + usedByCore);
    }

    @Test
    void shouldDetectAHarnessClassNamedInACompiledClass() throws IOException
    {
        final byte[] pingMain = Files.readAllBytes(classesRootOf(PingMain.class)
            .resolve(Path.of("io", "slipstream", "perf", "loop", "PingMain.class")));

        final Set<String> referenced = referencedClasses(pingMain);

        assertTrue(referenced.contains(PERF + ".transport.Transports"), referenced.toString());
        assertTrue(referenced.contains(PERF + ".core.Transport"), referenced.toString());
        final Set<String> asTransport = disallowedClasses(referenced, TRANSPORT_MAY_USE);
        assertTrue(asTransport.contains(PERF + ".loop.PingMain"), asTransport.toString());
        assertFalse(asTransport.contains(PERF + ".core.Transport"), asTransport.toString());
        assertFalse(asTransport.contains(PERF + ".transport.Transports"), asTransport.toString());
        assertTrue(disallowedClasses(referenced, CORE_MAY_USE).contains(PERF + ".transport.Transports"));
    }

    private static List<String> violations(final Path dir, final Set<String> allowed) throws IOException
    {
        final List<String> found = new ArrayList<>();
        for (final Path file : javaFiles(dir))
        {
            for (final String segment : disallowed(Files.readString(file), allowed))
            {
                found.add(file.getFileName() + " uses " + PERF + "." + segment);
            }
        }
        return found;
    }

    private static Set<String> disallowed(final String source, final Set<String> allowed)
    {
        final Set<String> segments = usedSegments(source);
        segments.removeAll(allowed);
        return segments;
    }

    private static Set<String> usedSegments(final String source)
    {
        final Set<String> segments = new TreeSet<>();
        final Matcher matcher = PERF_NAME.matcher(source);
        while (matcher.find())
        {
            segments.add(matcher.group(1));
        }
        return segments;
    }

    /**
     * @return what the compiled classes of sub-package {@code segment} (at least {@code minFiles} of them) name that
     * {@code allowed} does not allow.
     */
    private static List<String> compiledViolations(final String segment, final int minFiles, final Set<String> allowed)
        throws IOException
    {
        final List<Path> files = classFiles(classesRoot().resolve(Path.of("io", "slipstream", "perf", segment)));
        assertTrue(files.size() >= minFiles, "compiled perf." + segment + " classes: " + files);
        return classViolations(files, allowed);
    }

    private static List<String> classViolations(final List<Path> files, final Set<String> allowed) throws IOException
    {
        final List<String> found = new ArrayList<>();
        for (final Path file : files)
        {
            for (final String name : disallowedClasses(referencedClasses(Files.readAllBytes(file)), allowed))
            {
                found.add(file.getFileName() + " uses " + name);
            }
        }
        return found;
    }

    private static Set<String> disallowedClasses(final Set<String> classNames, final Set<String> allowed)
    {
        final Set<String> found = new TreeSet<>();
        for (final String name : classNames)
        {
            if (name.startsWith(PERF + "."))
            {
                final String rest = name.substring(PERF.length() + 1);
                final int dot = rest.indexOf('.');
                if (dot < 0 || !allowed.contains(rest.substring(0, dot)))
                {
                    found.add(name);
                }
            }
        }
        return found;
    }

    /**
     * @return every class the class file's constant pool names (as a class entry), dotted, array types unwrapped.
     */
    private static Set<String> referencedClasses(final byte[] classBytes)
    {
        final ClassModel model = ClassFile.of().parse(classBytes);
        final Set<String> names = new TreeSet<>();
        for (final PoolEntry entry : model.constantPool())
        {
            if (entry instanceof final ClassEntry classEntry)
            {
                String name = classEntry.asInternalName();
                while (name.startsWith("["))
                {
                    name = name.substring(1);
                }
                if (name.startsWith("L") && name.endsWith(";"))
                {
                    name = name.substring(1, name.length() - 1);
                }
                names.add(name.replace('/', '.'));
            }
        }
        return names;
    }

    private static Path classesRoot()
    {
        final Path core = classesRootOf(Transport.class);
        assertEquals(core, classesRootOf(Transports.class), "perf.core and perf.transport compiled to one place");
        return core;
    }

    private static Path classesRootOf(final Class<?> type)
    {
        try
        {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static List<Path> javaFiles(final Path dir) throws IOException
    {
        return filesEndingWith(dir, ".java");
    }

    private static List<Path> classFiles(final Path dir) throws IOException
    {
        return filesEndingWith(dir, ".class");
    }

    private static List<Path> filesEndingWith(final Path dir, final String suffix) throws IOException
    {
        try (Stream<Path> files = Files.walk(dir))
        {
            return files.filter(file -> file.toString().endsWith(suffix)).sorted().toList();
        }
    }
}
