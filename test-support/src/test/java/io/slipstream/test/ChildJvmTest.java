package io.slipstream.test;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChildJvmTest
{
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @RegisterExtension
    final RingDirectoryExtension logs = new RingDirectoryExtension();

    @Test
    void shouldStartAChildWithTheBuildsFlagsAndCollectItsOutput() throws Exception
    {
        try (ChildJvm child = ChildJvm.builder("echo", EchoMain.class).logDirectory(logs.path())
            .jvmArgs(List.of("-Dgreeting=hello")).args("a", "b").start())
        {
            assertEquals("hello a b", child.awaitLine("hello", TIMEOUT));
            child.awaitSuccess(TIMEOUT);
            final List<String> stdout = child.stdout();
            assertEquals("hello a b", stdout.get(0));
            assertTrue(stdout.get(1).startsWith("flags "), stdout.toString());
            for (final String flag : ChildJvm.requiredFlags())
            {
                assertTrue(stdout.get(1).contains(flag), flag + " missing in " + stdout);
            }
        }
    }

    @Test
    void shouldFailWithTheChildsOutputWhenItFails() throws Exception
    {
        try (ChildJvm child = ChildJvm.builder("failing", EchoMain.class).logDirectory(logs.path())
            .args("fail").start())
        {
            final AssertionError error = assertThrows(AssertionError.class, () -> child.awaitSuccess(TIMEOUT));
            assertTrue(error.getMessage().contains("failed with exit code 3"), error.getMessage());
            assertTrue(error.getMessage().contains("on purpose"), "stderr quoted: " + error.getMessage());
        }
    }

    @Test
    void shouldTakeTheFlagsFromTheBuild()
    {
        assertTrue(ChildJvm.requiredFlags().size() >= 2, ChildJvm.requiredFlags().toString());
        assertTrue(ManagementFactory.getRuntimeMXBean().getInputArguments().size() > 0);
        assertTrue(ChildJvm.builder("x", EchoMain.class).logDirectory(Path.of("/tmp")).command()
            .containsAll(ChildJvm.requiredFlags()));
    }

    /** Prints a greeting and its JVM arguments, or fails with exit code 3 when told to. */
    public static final class EchoMain
    {
        public static void main(final String[] args)
        {
            if (args.length > 0 && args[0].equals("fail"))
            {
                System.err.println("failing on purpose");
                System.exit(3);
            }
            System.out.println(System.getProperty("greeting") + " " + String.join(" ", args));
            System.out.println("flags " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        }
    }
}
