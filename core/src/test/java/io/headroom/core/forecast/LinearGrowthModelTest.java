package io.headroom.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.junit.jupiter.api.Test;

class LinearGrowthModelTest {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  private static Instant day(double d) {
    return T0.plusSeconds(Math.round(d * 86_400));
  }

  /**
   * Online fit and interval == batch OLS (Commons Math, QR) and the textbook interval, any data.
   */
  @Property(tries = 200, seed = "20240101")
  void onlineFit_equalsBatchOls(
      @ForAll @IntRange(min = 3, max = 60) int n,
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
    Random random = new Random(seed);
    double[] xs = new double[n];
    double[] ys = new double[n];
    LinearGrowthModel model = new LinearGrowthModel(0.95);
    for (int i = 0; i < n; i++) {
      xs[i] = i == 0 ? 0 : xs[i - 1] + 0.1 + random.nextDouble() * 3; // days, distinct
      ys[i] = 50 + 4 * xs[i] + 20 * random.nextGaussian();
      model.add(day(xs[i]), ys[i]);
    }
    OLSMultipleLinearRegression batch = new OLSMultipleLinearRegression();
    double[][] design = new double[n][1];
    for (int i = 0; i < n; i++) {
      design[i][0] = Math.round(xs[i] * 86_400) / 86_400.0;
    }
    batch.newSampleData(ys, design);
    double[] beta = batch.estimateRegressionParameters();
    assertThat(model.intercept()).isCloseTo(beta[0], within(1e-6 * (1 + Math.abs(beta[0]))));
    assertThat(model.slopePerDay()).isCloseTo(beta[1], within(1e-6 * (1 + Math.abs(beta[1]))));

    double x0 = design[n - 1][0] + 30; // a month past the data
    ForecastPoint p = model.predict(day(x0));
    double[][] v = batch.estimateRegressionParametersVariance(); // (XᵀX)⁻¹
    double leverage = v[0][0] + 2 * x0 * v[0][1] + x0 * x0 * v[1][1];
    double se = Math.sqrt(batch.estimateErrorVariance() * (1 + leverage));
    double t = new TDistribution(null, n - 2).inverseCumulativeProbability(0.975);
    assertThat(p.value())
        .isCloseTo(beta[0] + beta[1] * x0, within(1e-6 * (1 + Math.abs(p.value()))));
    assertThat(p.upper() - p.value()).isCloseTo(t * se, within(1e-6 * t * se));
    assertThat(p.value() - p.lower()).isCloseTo(t * se, within(1e-6 * t * se));
  }

  @Test
  void predictionIntervals_cover95PercentOfNewValues_inSimulation() {
    // 4,000 simulated histories of 20 points; each predicts one new value 15 days past the data.
    Random random = new Random(42);
    int covered = 0;
    int runs = 4_000;
    for (int run = 0; run < runs; run++) {
      LinearGrowthModel model = new LinearGrowthModel(0.95);
      for (int i = 0; i < 20; i++) {
        model.add(day(i), 100 + 2 * i + 5 * random.nextGaussian());
      }
      ForecastPoint p = model.predict(day(35));
      double actual = 100 + 2 * 35 + 5 * random.nextGaussian();
      if (actual >= p.lower() && actual <= p.upper()) {
        covered++;
      }
    }
    // Binomial sd at 95 % over 4,000 runs is 0.34 %: ±1.2 % is beyond 3 sd.
    assertThat(covered / (double) runs).isBetween(0.938, 0.962);
  }

  @Test
  void interval_widensAwayFromTheData() {
    LinearGrowthModel model = new LinearGrowthModel(0.95);
    Random random = new Random(1);
    for (int i = 0; i < 30; i++) {
      model.add(day(i), 10 + i + random.nextGaussian());
    }
    double atCentre = width(model.predict(day(15)));
    double aWeekOut = width(model.predict(day(36)));
    double twoMonthsOut = width(model.predict(day(90)));
    assertThat(atCentre).isLessThan(aWeekOut);
    assertThat(aWeekOut).isLessThan(twoMonthsOut);
    assertThat(model.slopePerDay()).isCloseTo(1, within(0.05));
  }

  private static double width(ForecastPoint p) {
    return p.upper() - p.lower();
  }

  @Test
  void tooFewPoints_giveNoInterval() {
    LinearGrowthModel model = new LinearGrowthModel(0.95);
    model.add(day(0), 1);
    assertThat(model.predict(day(1)).value()).isNaN();
    model.add(day(1), 2);
    assertThat(model.predict(day(2)).value()).isCloseTo(3, within(1e-12));
    assertThat(model.predict(day(2)).upper()).isNaN();
  }

  @Test
  void growthForecaster_forecastsTheLine_andIsTrustedAfterTwoWeeks() {
    LoadForecaster growth = Forecasters.create("growth", Duration.ofHours(1));
    Random random = new Random(5);
    for (int h = 0; h < 24 * 20; h++) {
      growth.update(T0.plus(Duration.ofHours(h)), 100 + 0.5 * h + random.nextGaussian());
      if (h < 24 * 14 - 1) {
        assertThat(growth.isTrusted()).isFalse();
      }
    }
    assertThat(growth.isTrusted()).isTrue();
    List<ForecastPoint> month = growth.forecast(24 * 30);
    ForecastPoint last = month.get(month.size() - 1);
    double x = 24 * 20 + 24 * 30 - 1;
    assertThat(last.value()).isCloseTo(100 + 0.5 * x, within(2.0));
    assertThat(last.lower()).isLessThan(last.value());
    assertThat(last.upper()).isGreaterThan(last.value());
  }
}
