package io.slipstream.tools;

import io.slipstream.engine.RuntimeAccess;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An entry point started without the JVM flags exits 1 with the engine's one message, and no stack trace. */
class EntryPointFlagsTest
{
    @Test
    void shouldExitWithTheMessageWhenFlagsAreMissing() throws Exception
    {
        final Run run = run(List.of(), "--help");

        assertEquals(1, run.exitCode, run.output);
        assertTrue(run.output.startsWith("Slipstream needs the JVM flags --add-exports"), run.output);
        assertFalse(run.output.contains("\tat "), "no stack trace: " + run.output);
    }

    @Test
    void shouldRunWithTheFlags() throws Exception
    {
        final Run run = run(RuntimeAccess.REQUIRED_JVM_FLAGS, "--help");

        assertEquals(0, run.exitCode, run.output);
        assertTrue(run.output.contains("Usage:"), run.output);
    }

    private static Run run(final List<String> flags, final String... args) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(flags);
        command.addAll(List.of("-Xmx64m", "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
            StatCommand.class.getName()));
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(120, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new AssertionError("hang guard: child JVM did not exit");
        }
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.exitValue(), output);
    }

    private record Run(int exitCode, String output)
    {
    }
}
