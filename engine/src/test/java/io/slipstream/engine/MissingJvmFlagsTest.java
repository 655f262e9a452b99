package io.slipstream.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JVM started without the flags the engine needs gets one clear error naming them, and no ring file is left behind
 * (a half-made file would otherwise be refused by every later opener). The control run, with the flags, opens the ring.
 */
class MissingJvmFlagsTest
{
    private final Path directory = TestRings.newDirectory();

    @AfterEach
    void deleteDirectory()
    {
        TestRings.delete(directory);
    }

    @Test
    void shouldNameBothMissingFlagsAndTouchNoFile() throws Exception
    {
        final Result result = run(List.of());

        assertNotEquals(0, result.exitCode, result.output);
        assertTrue(result.output.contains("IllegalStateException: Slipstream needs the JVM flags " +
            "--add-exports java.base/jdk.internal.misc=ALL-UNNAMED --enable-native-access=ALL-UNNAMED"), result.output);
        assertFalse(result.output.contains("IllegalAccessError"), result.output);
        assertEquals(List.of(), listing(directory), "nothing may be created without the flags");
    }

    @Test
    void shouldNameTheOneMissingFlag() throws Exception
    {
        final Result result = run(List.of("--enable-native-access=ALL-UNNAMED"));

        assertNotEquals(0, result.exitCode, result.output);
        assertTrue(result.output.contains("Slipstream needs the JVM flag " +
            "--add-exports java.base/jdk.internal.misc=ALL-UNNAMED ("), result.output);
        assertEquals(List.of(), listing(directory));
    }

    @Test
    void shouldOpenTheRingWithTheFlags() throws Exception
    {
        final Result result = run(RuntimeAccess.REQUIRED_JVM_FLAGS);

        assertEquals(0, result.exitCode, result.output);
        assertTrue(result.output.contains("opened"), result.output);
        assertEquals(List.of("flags.ring"), listing(directory));
    }

    private Result run(final List<String> flags) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(flags);
        command.addAll(List.of("-Xmx64m", "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
            MissingJvmFlagsMain.class.getName(), directory.toString()));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(120, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new AssertionError("hang guard: child JVM did not exit");
        }
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.exitValue(), output);
    }

    private static List<String> listing(final Path directory) throws IOException
    {
        if (!Files.isDirectory(directory))
        {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory))
        {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    private record Result(int exitCode, String output)
    {
    }
}
