package io.slipstream.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * What the engine needs from the JVM it runs in, checked before any file is touched.
 * <p>
 * Agrona's buffers reach {@code jdk.internal.misc.Unsafe}, which JDK 25 exports only when asked; the futex wait
 * strategy and the kernel locks make native calls through the Foreign Function &amp; Memory API, which needs native
 * access. Without the first, a JVM dies inside ring creation with a raw {@link IllegalAccessError}; without the
 * second, it warns on every start (and later JDKs refuse). {@link #ensureAvailable()} turns both into one clear error.
 */
public final class RuntimeAccess
{
    /**
     * The flag that lets Agrona reach {@code jdk.internal.misc.Unsafe}, as one {@code java} command-line argument.
     * A compile-time constant, so annotations (JMH's {@code @Fork(jvmArgsAppend = ...)}) can use it. The build says
     * the flags in the parent pom's {@code slipstream.jvm.flags}; {@code RuntimeAccessFlagsTest} keeps this copy equal.
     */
    public static final String ADD_EXPORTS_FLAG = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    /** The flag that allows the futex and lock calls through the FFM API, as one command-line argument. */
    public static final String NATIVE_ACCESS_FLAG = "--enable-native-access=ALL-UNNAMED";
    /** The flags every JVM that uses Slipstream needs, one command-line argument each. */
    public static final List<String> REQUIRED_JVM_FLAGS = List.of(ADD_EXPORTS_FLAG, NATIVE_ACCESS_FLAG);

    private static volatile boolean checked;

    private RuntimeAccess()
    {
    }

    /**
     * Checks that this JVM gives the engine what it needs.
     *
     * @throws IllegalStateException naming the missing flags and the manifest entries that would give them.
     */
    public static void ensureAvailable()
    {
        if (checked)
        {
            return;
        }
        final List<String> missing = missingFlags();
        if (!missing.isEmpty())
        {
            throw new IllegalStateException(message(missing));
        }
        checked = true;
    }

    /**
     * For a program's {@code main}: as {@link #ensureAvailable()}, but a missing flag prints the message (no stack
     * trace) to standard error and exits with status 1, before anything else is done.
     */
    public static void ensureAvailableOrExit()
    {
        final List<String> missing = missingFlags();
        if (!missing.isEmpty())
        {
            System.err.println(message(missing));
            System.exit(1);
        }
    }

    /** The required flags this JVM was started without: empty when all is well. */
    public static List<String> missingFlags()
    {
        final Module self = RuntimeAccess.class.getModule();
        final List<String> missing = new ArrayList<>(2);
        if (!Object.class.getModule().isExported("jdk.internal.misc", self))
        {
            missing.add("--add-exports java.base/jdk.internal.misc=" + moduleName(self));
        }
        if (!self.isNativeAccessEnabled())
        {
            missing.add("--enable-native-access=" + moduleName(self));
        }
        return missing;
    }

    static String message(final List<String> missing)
    {
        return "Slipstream needs the JVM flag" + (missing.size() == 1 ? " " : "s ") + String.join(" ", missing) +
            " (Agrona's buffers use jdk.internal.misc.Unsafe; the ring file's kernel locks and the futex wait" +
            " strategy make native calls)." +
            " Add them to the java command line, or to an executable jar's manifest as" +
            " 'Add-Exports: java.base/jdk.internal.misc' and 'Enable-Native-Access: ALL-UNNAMED'.";
    }

    private static String moduleName(final Module module)
    {
        return module.isNamed() ? module.getName() : "ALL-UNNAMED";
    }
}
