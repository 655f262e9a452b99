package io.slipstream.engine;

import io.slipstream.test.ChildJvm;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JVM flags are said once, in the parent pom's {@code slipstream.jvm.flags}: the build hands them to this JVM
 * (surefire) and the scripts read them from the pom. The Java constants, needed at compile time by annotations,
 * are a copy, and this test keeps the copy equal to the pom, and the scripts' reading of it equal too.
 */
class RuntimeAccessFlagsTest
{
    @Test
    void shouldHoldTheFlagsThePomSays()
    {
        assertEquals(ChildJvm.requiredFlags(), RuntimeAccess.REQUIRED_JVM_FLAGS);
        assertEquals(RuntimeAccess.REQUIRED_JVM_FLAGS, List.of(RuntimeAccess.ADD_EXPORTS_FLAG,
            RuntimeAccess.NATIVE_ACCESS_FLAG));
    }

    @Test
    void shouldHaveEveryFlagInThisJvm()
    {
        assertEquals(List.of(), RuntimeAccess.missingFlags());
    }

    @Test
    void shouldBeReadByTheScriptsFromThePom() throws Exception
    {
        final Path common = Path.of("..", "scripts", "lib", "common.sh").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(common), common.toString());
        final Process process = new ProcessBuilder("bash", common.toString()).redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "hang guard: common.sh did not finish");
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        final String line = Arrays.stream(output.split("\n")).filter(l -> l.startsWith("SLIPSTREAM_JVM_FLAGS="))
            .findFirst().orElseThrow(() -> new AssertionError(output));
        assertEquals(String.join(" ", RuntimeAccess.REQUIRED_JVM_FLAGS),
            line.substring("SLIPSTREAM_JVM_FLAGS=".length()));
    }
}
