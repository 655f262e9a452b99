package io.slipstream.tools;

import io.slipstream.codecs.TradingSamples;
import io.slipstream.engine.Publication;
import io.slipstream.engine.RingContext;
import io.slipstream.engine.RuntimeAccess;
import io.slipstream.engine.TestRings;
import io.slipstream.tools.dump.DumpCommand;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * stat and dump need only read permission: a ring owned by another user with mode 0444, whose producer is alive,
 * is shown and dumped by a process of a different user (run as {@code nobody} through {@code setpriv}, so the
 * permission bits really apply), and the file is left exactly as it was. Control: the same user cannot join the ring
 * as a consumer, which needs write access. Needs root (to switch user); skipped otherwise.
 */
class OtherUserAccessTest
{
    private static final String NOBODY = "65534";

    private Path directory;
    private Path classes;

    @BeforeEach
    void setUp() throws IOException
    {
        assumeTrue(Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0),
            "needs root to run a child process as another user");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv (util-linux)");
        directory = TestRings.newDirectory();
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        classes = Files.createDirectory(directory.resolve("classpath"));
    }

    @AfterEach
    void tearDown()
    {
        TestRings.delete(directory);
    }

    @Test
    void shouldStatAndDumpARingOfAnotherUserWithReadPermissionOnly() throws Exception
    {
        final String classPath = copyClassPath();
        final RingContext context = new RingContext().directory(directory).streamName("theirs")
            .capacityBytes(64 * 1024);
        final TradingSamples samples = new TradingSamples();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        try (Publication publication = Publication.open(context.copy()))
        {
            for (int i = 0; i < TradingSamples.TEMPLATE_IDS.length; i++)
            {
                assertTrue(publication.offer(buffer, 0, samples.encode(TradingSamples.TEMPLATE_IDS[i], i, buffer, 0)) >
                    0);
            }
            final Path ring = publication.ringFile().path();
            Files.setPosixFilePermissions(ring, PosixFilePermissions.fromString("r--r--r--"));
            Files.setLastModifiedTime(ring, FileTime.fromMillis(1_000_000_000_000L));
            final byte[] before = Files.readAllBytes(ring);

            final Run stat = runAsNobody(classPath, StatCommand.class.getName(), "--allow-foreign-owner",
                ring.toString());
            assertEquals(0, stat.exitCode, stat.output);
            assertTrue(stat.output.contains("producer  pid " + ProcessHandle.current().pid() + " alive, position " +
                publication.position()), stat.output);

            final Run refused = runAsNobody(classPath, StatCommand.class.getName(), ring.toString());
            assertEquals(1, refused.exitCode, refused.output);
            assertTrue(refused.output.contains("is owned by root"), refused.output);

            final Run dump = runAsNobody(classPath, DumpCommand.class.getName(), ring.toString());
            assertEquals(0, dump.exitCode, dump.output);
            assertEquals(TradingSamples.TEMPLATE_IDS.length, dump.output.lines().count(), dump.output);
            assertTrue(dump.output.startsWith("#0 Logon v2"), dump.output);

            final Run join = runAsNobody(classPath, JoinAsConsumerMain.class.getName(), ring.toString());
            assertEquals(1, join.exitCode, join.output);
            assertTrue(join.output.startsWith("refused: cannot open ring file " + ring) &&
                join.output.contains("permission denied"), "control: joining needs write access: " + join.output);

            assertArrayEquals(before, Files.readAllBytes(ring));
            assertEquals(FileTime.fromMillis(1_000_000_000_000L), Files.getLastModifiedTime(ring));
        }
    }

    /** The test class path, copied where the other user can read it (the build's is under root's home). */
    private String copyClassPath() throws IOException
    {
        final List<String> entries = new ArrayList<>();
        int index = 0;
        for (final String entry : System.getProperty("java.class.path").split(File.pathSeparator))
        {
            final Path source = Path.of(entry);
            if (!Files.exists(source))
            {
                continue;
            }
            final Path target = classes.resolve(index++ + "-" + source.getFileName());
            if (Files.isDirectory(source))
            {
                try (Stream<Path> paths = Files.walk(source))
                {
                    for (final Path path : paths.toList())
                    {
                        final Path copy = target.resolve(source.relativize(path).toString());
                        if (Files.isDirectory(path))
                        {
                            Files.createDirectories(copy);
                        }
                        else
                        {
                            Files.copy(path, copy, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            }
            else
            {
                Files.copy(source, target);
            }
            entries.add(target.toString());
        }
        try (Stream<Path> paths = Files.walk(classes))
        {
            for (final Path path : paths.toList())
            {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path) ?
                    "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static Run runAsNobody(final String classPath, final String mainClass, final String... args)
        throws Exception
    {
        final List<String> command = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=" + NOBODY,
            "--regid=" + NOBODY, "--clear-groups", "--inh-caps=-all"));
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(RuntimeAccess.REQUIRED_JVM_FLAGS);
        command.addAll(List.of("-Xmx64m", "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "-cp", classPath,
            mainClass));
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .directory(new File("/")).start();
        final byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new AssertionError("hang guard: " + mainClass + " did not exit");
        }
        final Run run = new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        System.out.println("OtherUserAccessTest: " + mainClass + " " + String.join(" ", args) + " -> exit " +
            run.exitCode + "\n" + run.output);
        return run;
    }

    private record Run(int exitCode, String output)
    {
    }
}
