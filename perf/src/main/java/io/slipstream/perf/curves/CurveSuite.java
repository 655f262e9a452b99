package io.slipstream.perf.curves;

import io.slipstream.perf.core.HarnessException;
import io.slipstream.perf.core.Mode;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the curves a run asks for, once after its rounds, into its report directory.
 */
public final class CurveSuite
{
    private CurveSuite()
    {
    }

    /**
     * @return the sections of the curves in {@code settings}, in order; null when it names none.
     */
    public static String measure(final CurveSettings settings, final Path reportDir, final PrintStream progress)
    {
        final List<String> sections = new ArrayList<>();
        for (final Mode curve : settings.curves())
        {
            try
            {
                sections.add(switch (curve)
                {
                    case SIZE_CURVE -> SizeCurve.run(settings, reportDir, progress);
                    case RATE_CURVE -> RateCurve.run(settings, reportDir, progress);
                    case CONSUMERS_CURVE -> ConsumersCurve.run(settings, reportDir, progress);
                    case SELECTOR_CURVE -> SelectorCurve.run(settings, reportDir, progress);
                    default -> throw new IllegalArgumentException(curve.label() + " is not a curve");
                });
            }
            catch (final HarnessException | UncheckedIOException ex)
            {
                // The rounds and the other curves are kept: the failure is printed and reported in their place.
                progress.println("[" + curve.label() + "] FAILED: " + ex.getMessage());
                sections.add(failedSection(curve.label(), ex));
            }
        }
        return join(sections.toArray(String[]::new));
    }

    /**
     * @return a section saying that {@code what} failed and why (the first line of the message).
     */
    static String failedSection(final String what, final Exception ex)
    {
        return "## " + what + ": FAILED\n\n" + SizeCurve.firstLine(ex.getMessage()) + "\n";
    }

    /**
     * @return the non-null Markdown sections joined by a blank line, or null if all are null.
     */
    public static String join(final String... sections)
    {
        final List<String> present = new ArrayList<>();
        for (final String section : sections)
        {
            if (section != null && !section.isBlank())
            {
                present.add(section.strip());
            }
        }
        return present.isEmpty() ? null : String.join("\n\n", present) + "\n";
    }
}
