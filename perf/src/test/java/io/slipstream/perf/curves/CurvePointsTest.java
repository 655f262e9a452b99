package io.slipstream.perf.curves;

import io.slipstream.perf.HarnessConfig;
import io.slipstream.perf.Preset;
import io.slipstream.perf.RunOptions;
import io.slipstream.perf.core.Mode;
import io.slipstream.perf.core.Verification;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CurvePointsTest
{
    @Test
    void shouldStepSizesByFourFrom32BytesAndEndAt64KiBInTheQuickPreset()
    {
        assertEquals(List.of(32, 128, 512, 2048, 8192, 32768, 65536), CurvePoints.sizes(false));
    }

    @Test
    void shouldStepSizesByTwoFrom32BytesTo64KiBInTheFullPreset()
    {
        assertEquals(List.of(32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536),
            CurvePoints.sizes(true));
    }

    @Test
    void shouldStepRatesOneThreePerDecadeInTheQuickPreset()
    {
        assertEquals(List.of(10_000L, 30_000L, 100_000L, 300_000L, 1_000_000L, 3_000_000L, 10_000_000L),
            CurvePoints.rates(false));
    }

    @Test
    void shouldStepRatesOneTwoFivePerDecadeUpTo20MillionInTheFullPreset()
    {
        assertEquals(List.of(10_000L, 20_000L, 50_000L, 100_000L, 200_000L, 500_000L, 1_000_000L, 2_000_000L,
            5_000_000L, 10_000_000L, 20_000_000L), CurvePoints.rates(true));
    }

    @Test
    void shouldCountConsumersOneToFourAndRingsByDoublingTo256()
    {
        assertEquals(List.of(1, 2, 3, 4), CurvePoints.consumerCounts());
        assertEquals(List.of(1, 2, 4, 8, 16, 32, 64, 128, 256), CurvePoints.ringCounts());
    }

    @Test
    void shouldGiveLargeMessagesFewerMessagesWithinTheByteBudgetButNeverFewerThanTheMinimum()
    {
        assertEquals(1_000_000, CurvePoints.pingPongMessages(1_000_000, 32));
        assertEquals(4_096, CurvePoints.pingPongMessages(1_000_000, 65536));
        assertEquals(32_768, CurvePoints.oneWayMessages(5_000_000, 65536));
        assertEquals(CurvePoints.MIN_POINT_MESSAGES, CurvePoints.pingPongMessages(1_000_000, 1 << 30));
        assertEquals(500, CurvePoints.pingPongMessages(500, 65536), "a run asking for fewer gets what it asked for");
    }

    @Test
    void shouldRunARatePointForAboutASecondOfSending()
    {
        assertEquals(10_000, CurvePoints.rateMessages(1_000_000, 10_000));
        assertEquals(1_000_000, CurvePoints.rateMessages(1_000_000, 3_000_000));
        assertEquals(CurvePoints.MIN_POINT_MESSAGES, CurvePoints.rateMessages(1_000_000, 10));
        assertEquals(2_000, CurvePoints.warmupFor(100_000, 10_000));
        assertEquals(100_000, CurvePoints.warmupFor(100_000, 1_000_000));
    }

    @Test
    void shouldAddTheFourCurvesToTheDefaultModesOnlyInTheFullPreset()
    {
        assertEquals(List.of(Mode.PINGPONG, Mode.THROUGHPUT), Preset.QUICK.defaultModes());
        assertEquals(List.of(Mode.PINGPONG, Mode.THROUGHPUT, Mode.SIZE_CURVE, Mode.RATE_CURVE, Mode.CONSUMERS_CURVE,
            Mode.SELECTOR_CURVE), Preset.FULL.defaultModes());
    }

    @Test
    void shouldTakeTheRunsSizesTransportsAndMessagesIntoTheCurveSettings()
    {
        final HarnessConfig config = new HarnessConfig(List.of("agrona", "slipstream"),
            List.of(Mode.PINGPONG, Mode.RATE_CURVE, Mode.SIZE_CURVE), 100, 2_000, 1, List.of(64, 1024), 1_000);

        final CurveSettings settings = config.curveSettings(Preset.QUICK);

        assertEquals(List.of(Mode.RATE_CURVE, Mode.SIZE_CURVE), settings.curves());
        assertEquals(List.of("agrona", "slipstream"), settings.transports());
        assertEquals(List.of(64, 1024), settings.sizesBytes());
        assertEquals(CurvePoints.rates(false), settings.ratesPerSecond());
        assertEquals(2_000, settings.measuredMessages());
        assertEquals(2_000, settings.wakeEvents());
        assertEquals(RateCurve.SATURATED_P50_NS, settings.saturatedP50Ns());
        assertEquals(Verification.SAMPLED, settings.verification(), "the rounds' default check");
        assertEquals(Verification.FULL, new HarnessConfig(List.of("raw"), List.of(Mode.RATE_CURVE), 1, 1, 1, List.of(),
            1_000, RunOptions.DEFAULTS.withVerification(Verification.FULL)).curveSettings(Preset.QUICK).verification());
        assertEquals(CurvePoints.sizes(true), new HarnessConfig(List.of("raw"),
            List.of(Mode.SIZE_CURVE), 1, 1, 1, List.of(), 1_000).curveSettings(Preset.FULL).sizesBytes());
    }

    @Test
    void shouldRejectAModeThatIsNotACurveInTheSettings()
    {
        assertThrows(IllegalArgumentException.class, () -> new CurveSettings(List.of(Mode.PINGPONG), List.of("raw"),
            List.of(32), List.of(1L), List.of(1), List.of(1), 0, 1, 1, 1, Verification.SAMPLED));
    }

    @Test
    void shouldReadEveryModeLabelIncludingTheCurvesAndJmh()
    {
        for (final Mode mode : Mode.values())
        {
            assertEquals(mode, Mode.fromLabel(mode.label()));
        }
        assertEquals(Mode.SIZE_CURVE, Mode.fromLabel("size-curve"));
        assertEquals(Mode.JMH, Mode.fromLabel("jmh"));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Mode.fromLabel("x"));
        assertEquals(true, ex.getMessage().contains("selector-curve"), ex.getMessage());
    }

    @Test
    void shouldRoundTripAOneWayResultThroughItsTextForm()
    {
        final OneWayResult result = new OneWayResult(1.5e6, 42, 100, new double[]{1e6, 2e6, 1.25e6});

        final OneWayResult decoded = OneWayResult.decode(result.encode());

        assertEquals(1.5e6, decoded.messagesPerSecond());
        assertEquals(42, decoded.failedOffers());
        assertEquals(100, decoded.intervalMessages());
        assertEquals(3, decoded.intervalRates().length);
        assertEquals(1e6, decoded.minIntervalRate());
        assertEquals(2e6, decoded.maxIntervalRate());
    }
}
