package io.slipstream.perf.curves;

import io.slipstream.perf.core.Mode;
import io.slipstream.perf.core.Verification;

import java.util.List;

/**
 * What the curves measure: which curves, over which transports, at which points, with how many messages.
 *
 * @param curves          the curve modes to run, in order.
 * @param transports      transports of the size and rate curves, in order.
 * @param sizesBytes      message lengths of the size curve.
 * @param ratesPerSecond  offered rates of the rate curve, ascending.
 * @param consumerCounts  consumers per ring of the consumers curve.
 * @param ringCounts      rings per selector of the selector curve.
 * @param warmupMessages  warm-up messages of a point (fewer for short points).
 * @param measuredMessages measured messages of a point at most (fewer for large messages and low rates).
 * @param wakeEvents      events of a wake-latency measurement (consumers and selector curves).
 * @param saturatedP50Ns  a rate-curve point whose p50 from the intended send time exceeds this is saturated: the
 *                        last point run for its transport.
 * @param verification    what both ends of a size or rate curve point check per message: the run's
 *                        {@code --verify}, sampled unless full is asked for, as in the rounds.
 */
public record CurveSettings(
    List<Mode> curves,
    List<String> transports,
    List<Integer> sizesBytes,
    List<Long> ratesPerSecond,
    List<Integer> consumerCounts,
    List<Integer> ringCounts,
    long warmupMessages,
    long measuredMessages,
    long wakeEvents,
    long saturatedP50Ns,
    Verification verification)
{
    /** Events of a wake-latency measurement unless the run is smaller. */
    static final long DEFAULT_WAKE_EVENTS = 20_000;

    public CurveSettings
    {
        curves = List.copyOf(curves);
        transports = List.copyOf(transports);
        sizesBytes = List.copyOf(sizesBytes);
        ratesPerSecond = List.copyOf(ratesPerSecond);
        consumerCounts = List.copyOf(consumerCounts);
        ringCounts = List.copyOf(ringCounts);
        if (verification == null)
        {
            throw new IllegalArgumentException("a verification is needed");
        }
        if (!curves.stream().allMatch(Mode::curve))
        {
            throw new IllegalArgumentException("not all curves: " + curves);
        }
        if (warmupMessages < 0 || measuredMessages < 1 || wakeEvents < 1)
        {
            throw new IllegalArgumentException("need warm-up >= 0, messages >= 1, wake events >= 1");
        }
        if (consumerCounts.stream().anyMatch(n -> n < 1) || ringCounts.stream().anyMatch(n -> n < 1))
        {
            throw new IllegalArgumentException("consumer and ring counts must be >= 1");
        }
    }

    /**
     * The curves a harness run asks for: the curves among its modes, its transports and message counts, the
     * preset's points, and the size curve at the run's {@code --size} lengths when it names any.
     *
     * @param modes            the run's modes; those that are not curves are left out.
     * @param transports       the run's transports, in order.
     * @param sizesBytes       the run's {@code --size} lengths; empty for the curve's own.
     * @param full             whether the run uses the longer preset (more points).
     * @param warmupMessages   the run's warm-up messages.
     * @param measuredMessages the run's measured messages.
     * @param verification     the run's per-message check.
     * @return the settings.
     */
    public static CurveSettings forRun(
        final List<Mode> modes,
        final List<String> transports,
        final List<Integer> sizesBytes,
        final boolean full,
        final long warmupMessages,
        final long measuredMessages,
        final Verification verification)
    {
        return new CurveSettings(
            modes.stream().filter(Mode::curve).toList(),
            transports,
            sizesBytes.isEmpty() ? CurvePoints.sizes(full) : sizesBytes,
            CurvePoints.rates(full),
            CurvePoints.consumerCounts(),
            CurvePoints.ringCounts(),
            warmupMessages,
            measuredMessages,
            Math.min(DEFAULT_WAKE_EVENTS, measuredMessages),
            RateCurve.SATURATED_P50_NS,
            verification);
    }
}
