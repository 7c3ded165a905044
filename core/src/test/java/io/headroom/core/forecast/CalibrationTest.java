package io.headroom.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.forecast.eval.AccuracyReport;
import io.headroom.core.forecast.eval.BacktestSettings;
import io.headroom.core.forecast.eval.RollingOriginEvaluator;
import io.headroom.core.trace.Trace;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * 95 % intervals on simulated series cover 92-98 % of actuals in a rolling-origin backtest (three
 * weeks of warm-up, two of evaluation, origins hourly). The band allows for the autocorrelation of
 * errors within a forecast path, which makes coverage over two weeks vary by a point or two around
 * its long-run value.
 */
class CalibrationTest {
  @ParameterizedTest(name = "{0}, noise {1}, step {2} s, horizon {3}")
  @CsvSource({
    "seasonal, 0.05, 300, 1h",
    "seasonal, 0.05, 300, 1d",
    "seasonal, 0.20, 900, 6h",
    "seasonal-naive, 0.10, 900, 1d",
    "naive, 0.10, 900, 2h",
  })
  void intervalsCover95Percent(String model, double noise, int stepSeconds, String horizon) {
    Duration step = Duration.ofSeconds(stepSeconds);
    Trace trace =
        SyntheticSeries.perMinute()
            .step(step)
            .noise(noise)
            .seed(stepSeconds)
            .trace(Duration.ofDays(35));

    AccuracyReport report =
        RollingOriginEvaluator.run(
                trace,
                Forecasters.create(model, step),
                new BacktestSettings(
                    io.headroom.core.time.DurationText.parse(horizon),
                    Duration.ofHours(1),
                    Duration.ofDays(21)),
                row -> {},
                RollingOriginEvaluator.Progress.NONE)
            .overall();

    assertThat(report.coverage()).isBetween(0.92, 0.98);
  }
}
