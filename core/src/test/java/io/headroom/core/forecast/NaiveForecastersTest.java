package io.headroom.core.forecast;

import static io.headroom.core.forecast.SyntheticSeries.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The naive and seasonal-naive baselines. Hourly steps: a day is 24 steps, a week 168. */
class NaiveForecastersTest {
  private static final Duration HOUR = Duration.ofHours(1);

  private static Instant hour(long h) {
    return T0.plus(HOUR.multipliedBy(h));
  }

  @Test
  void naive_repeatsTheLastValue_withIntervalsFromItsOwnErrors() {
    LoadForecaster naive = Forecasters.create("naive", HOUR);
    Random random = new Random(2);
    double value = 100;
    for (int h = 0; h < 24 * 60; h++) {
      value += random.nextGaussian(); // a random walk: the error at horizon h has sd sqrt(h)
      naive.update(hour(h), value);
    }
    List<ForecastPoint> forecast = naive.forecast(16);
    assertThat(forecast).extracting(ForecastPoint::value).containsOnly(value);
    assertThat(forecast.get(0).timestamp()).isEqualTo(hour(24 * 60));
    // 95 % of N(0, h): ±1.96 sqrt(h); 1,440 errors per horizon, so loose bounds.
    assertThat(forecast.get(0).upper() - value).isCloseTo(1.96, within(0.35));
    assertThat(forecast.get(15).upper() - value).isCloseTo(1.96 * 4, within(1.5));
    assertThat(naive.isTrusted()).isTrue();
  }

  @Test
  void naive_afterAGap_countsTheHorizonFromTheLastValue() {
    LoadForecaster naive = Forecasters.create("naive", HOUR);
    naive.update(hour(0), 5);
    naive.update(hour(1), 7);
    List<ForecastPoint> forecast = naive.forecast(hour(10), 2);
    assertThat(forecast).extracting(ForecastPoint::timestamp).containsExactly(hour(11), hour(12));
    assertThat(forecast).extracting(ForecastPoint::value).containsOnly(7.0);
    assertThat(naive.isTrusted()).isFalse();
  }

  @Test
  void seasonalNaive_takesADayEarlier_withinADay_thenAWeekEarlier() {
    LoadForecaster seasonal = Forecasters.create("seasonal-naive", HOUR);
    for (int h = 0; h < 24 * 14; h++) {
      seasonal.update(hour(h), h); // the value names its own hour
    }
    long origin = 24 * 14 - 1;
    List<ForecastPoint> forecast = seasonal.forecast(48);
    // Horizon 1..24: one day earlier.
    assertThat(forecast.get(0).value()).isEqualTo(origin + 1 - 24);
    assertThat(forecast.get(23).value()).isEqualTo(origin + 24 - 24);
    // Horizon 25..48: a day earlier is not known yet, so a week earlier.
    assertThat(forecast.get(24).value()).isEqualTo(origin + 25 - 168);
    assertThat(forecast.get(47).value()).isEqualTo(origin + 48 - 168);
    assertThat(seasonal.isTrusted()).isTrue();
  }

  @Test
  void seasonalNaive_missingSource_fallsBackOneMoreDay() {
    LoadForecaster seasonal = Forecasters.create("seasonal-naive", HOUR);
    for (int h = 0; h < 24 * 3; h++) {
      if (h != 24 * 2 + 5) { // hour 5 of the third day is missing
        seasonal.update(hour(h), h);
      }
    }
    List<ForecastPoint> forecast = seasonal.forecast(6);
    assertThat(forecast.get(5).value()).isEqualTo(24 + 5); // two days earlier
    assertThat(forecast.get(4).value()).isEqualTo(24 * 2 + 4);
  }

  @Test
  void seasonalNaive_intervalsComeFromDailyErrors() {
    LoadForecaster seasonal = Forecasters.create("seasonal-naive", HOUR);
    Random random = new Random(9);
    for (int h = 0; h < 24 * 60; h++) {
      seasonal.update(hour(h), 100 + 20 * Math.sin(2 * Math.PI * h / 24) + random.nextGaussian());
    }
    ForecastPoint p = seasonal.forecast(1).get(0);
    // y(t) − y(t − day) ~ N(0, 2): 95 % at ±1.96 × sqrt(2) = ±2.77.
    assertThat(p.upper() - p.value()).isCloseTo(2.77, within(0.4));
    assertThat(p.value() - p.lower()).isCloseTo(2.77, within(0.4));
  }
}
