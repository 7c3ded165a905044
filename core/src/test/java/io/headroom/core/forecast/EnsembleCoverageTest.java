package io.headroom.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.forecast.eval.BacktestSettings;
import io.headroom.core.forecast.eval.RollingOriginEvaluator;
import io.headroom.core.trace.Trace;
import io.headroom.core.workload.RegimeChangeTraces;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The suite's idle-week trace (seed 42), scored as {@code evaluate} scores it: one day ahead, an
 * origin every hour after a 7-day warm-up. Its first silent day and its first day back cannot be
 * foreseen a day ahead, and with intervals read at the level those two days alone took coverage
 * below 90 % (89.2 %). Adapting the quantile the bounds are read at makes up those misses in the
 * weeks after (90.9 %), and the default gain was chosen on the whole suite, leave one trace out.
 */
class EnsembleCoverageTest {
  private static double oneDayCoverage(EnsembleForecaster.Settings settings) {
    Trace trace = RegimeChangeTraces.create("idle-week", 42);
    var model = new EnsembleForecaster(SeasonalPeriods.of(trace.step()), settings);
    return RollingOriginEvaluator.run(
            trace,
            model,
            new BacktestSettings(Duration.ofDays(1), Duration.ofHours(1), Duration.ofDays(7)),
            row -> {},
            RollingOriginEvaluator.Progress.NONE)
        .overall()
        .coverage();
  }

  @Test
  void afterAWeekOfSilence_oneDayCoverageIsMadeUp() {
    EnsembleForecaster.Settings defaults = EnsembleForecaster.Settings.DEFAULT;
    assertThat(oneDayCoverage(defaults.withCoverageGain(0))).isLessThan(0.90);
    assertThat(oneDayCoverage(defaults)).isBetween(0.90, 0.98);
  }
}
