package io.headroom.core.forecast;

import static io.headroom.core.workload.RegimeChangeTraces.poisson;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Series that are silent for a while: a service that starts after days of zeros, one that idles for
 * a week, one that is mostly zeros. Until 2026-12-07 the interval unit (about {@code sqrt(level ×
 * mean)}) was near zero after a silent stretch, so the first errors after it were astronomically
 * large in that unit and the 95 % upper bound of a Poisson(50) load stayed above 10^8 for days.
 */
class EnsembleSilenceTest {
  private static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z");

  private static double daily(int minute) {
    return 1 + 0.6 * Math.cos(2 * Math.PI * (minute % 1440) / 1440.0);
  }

  /** Feeds {@code days} of minutes and returns the widest 8-step upper bound over the last day. */
  private static double widestUpperOnLastDay(
      int days, java.util.function.IntToDoubleFunction mean) {
    LoadForecaster model = Forecasters.create("auto", Duration.ofMinutes(1));
    SplittableRandom random = new SplittableRandom(3);
    double widest = 0;
    for (int m = 0; m < days * 1440; m++) {
      model.update(T0.plusSeconds(60L * m), poisson(mean.applyAsDouble(m), random));
      if (m >= (days - 1) * 1440) {
        for (ForecastPoint point : model.forecast(8)) {
          widest = Math.max(widest, point.upper());
        }
      }
    }
    return widest;
  }

  @Test
  void loadAfterThreeSilentDays_getsIntervalsOfItsOwnSize() {
    // Poisson around 50 × (0.4 .. 1.6): the 97.5 % point of the busiest minute is about 95.
    double widest = widestUpperOnLastDay(6, m -> m < 3 * 1440 ? 0 : 50 * daily(m));
    assertThat(widest).isBetween(80.0, 200.0);
  }

  @Test
  void loadAfterAnIdleWeek_getsIntervalsOfItsOwnSize() {
    double widest =
        widestUpperOnLastDay(
            19, m -> m >= 9 * 1440 && m < 16 * 1440 ? 0 : 80 * daily(m)); // 16-18: back
    assertThat(widest).isBetween(130.0, 300.0);
  }

  @Test
  void mostlyZeroCounts_keepSmallIntervals() {
    // Poisson around 0.5: three or more in a minute is about 1.4 % of minutes at the daily peak.
    double widest = widestUpperOnLastDay(8, m -> 0.5 * daily(m));
    assertThat(widest).isBetween(1.0, 8.0);
  }

  /**
   * Back from an idle week, the day-ahead forecast is about as good as the last value (the best a
   * day ahead while the week-old shapes still say zero). Yesterday's shape at today's level
   * rescaled its source by the whole day's level ratio even where the source was today's own value
   * (a day ahead), so the return counted four times (the ratio's cap): over the five days after it,
   * 2.14 times the last value's error before 2026-12-07, 1.16 times now.
   */
  @Test
  void dayAheadAfterAnIdleWeek_isAboutAsGoodAsTheLastValue() {
    LoadForecaster model = Forecasters.create("auto", Duration.ofMinutes(1));
    SplittableRandom random = new SplittableRandom(4);
    int days = 22;
    double[] value = new double[days * 1440];
    for (int m = 0; m < value.length; m++) {
      boolean idle = m >= 9 * 1440 && m < 16 * 1440;
      value[m] = idle ? 0 : poisson(80 * daily(m), random);
    }
    double autoError = 0;
    double lastValueError = 0;
    for (int m = 0; m + 1440 < value.length; m++) {
      model.update(T0.plusSeconds(60L * m), value[m]);
      if (m >= 16 * 1440 + 60 && m % 60 == 0) { // origins from an hour after the return
        double actual = value[m + 1440];
        autoError += Math.abs(model.forecast(1440).get(1439).value() - actual);
        lastValueError += Math.abs(value[m] - actual);
      }
    }
    assertThat(autoError).isLessThan(1.25 * lastValueError);
  }

  /**
   * The restart after a silence is told by the last minutes' mean, not by one value: a single
   * glitched sample 2000 times the load (a counter reset, a unit slip) restarted the unit at it,
   * and an hour later the upper bound's distance from the forecast was 770 times what it was before
   * the glitch. It is 25 times now: the glitch's own error still weighs in the intervals' spread
   * for a while (docs/forecasting.md: left as it is, since damping it slowed the return from an
   * idle week).
   */
  @Test
  void oneGlitchedSample_doesNotRestartTheIntervalUnit() {
    LoadForecaster model = Forecasters.create("auto", Duration.ofMinutes(1));
    SplittableRandom random = new SplittableRandom(6);
    int glitch = 9 * 1440 + 600;
    double before = 0;
    double after = 0;
    for (int m = 0; m <= glitch + 60; m++) {
      double value = m == glitch ? 200_000 : poisson(100 * daily(m), random);
      model.update(T0.plusSeconds(60L * m), value);
      if (m == glitch - 1 || m == glitch + 60) {
        double upper = model.forecast(15).get(14).upper() - model.forecast(15).get(14).value();
        if (m < glitch) {
          before = upper;
        } else {
          after = upper;
        }
      }
    }
    assertThat(after).isLessThan(50 * before);
  }
}
