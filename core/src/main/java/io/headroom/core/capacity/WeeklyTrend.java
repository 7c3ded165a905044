package io.headroom.core.capacity;

import io.headroom.core.forecast.ForecastPoint;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * A straight line through one value per day plus a fixed effect per weekday, fitted by ordinary
 * least squares (Commons Math):
 *
 * <pre>
 *   y(d) = a + b·t(d) + e[weekday(d)],   Σ e = 0   (effect coding: Sunday's effect is minus the sum of the others)
 * </pre>
 *
 * so {@code a + b·t} is the level of an average day of the week. Fitting the weekday effects with
 * the line matters: over two or three weeks the weekly pattern is correlated with time (the last
 * days of each week come later), and a plain line through daily values takes a quiet Sunday at the
 * end of the history for a falling trend.
 *
 * <p>Prediction intervals for one future day are exact under the usual assumptions (independent,
 * equally spread, normal residuals): {@code ŷ ± t(0.975; n − 8) · s · sqrt(1 + x0ᵀ(XᵀX)⁻¹x0)}, so
 * they carry the day-to-day noise and the uncertainty of every fitted parameter, and widen with the
 * horizon. Residual autocorrelation (slow drifts) makes them too narrow.
 */
final class WeeklyTrend {
  private static final double SECONDS_PER_DAY = 86_400.0;
  private static final int PARAMETERS = 8; // intercept, slope, six weekday effects

  private final Instant origin;
  private final double[] beta;
  private final RealMatrix covarianceUnscaled;
  private final double residualVariance;
  private final int degreesOfFreedom;

  private WeeklyTrend(
      Instant origin,
      double[] beta,
      RealMatrix covarianceUnscaled,
      double residualVariance,
      int n) {
    this.origin = origin;
    this.beta = beta;
    this.covarianceUnscaled = covarianceUnscaled;
    this.residualVariance = residualVariance;
    this.degreesOfFreedom = n - PARAMETERS;
  }

  /**
   * @param times one instant per value (e.g. midday of each day), in any order
   * @throws IllegalArgumentException with fewer than {@link GrowthProjector#MIN_TREND_DAYS} points
   *     or when some weekday occurs fewer than twice
   */
  static WeeklyTrend fit(List<Instant> times, double[] values) {
    int n = times.size();
    int[] perWeekday = new int[7];
    times.forEach(t -> perWeekday[weekday(t).getValue() - 1]++);
    for (DayOfWeek day : DayOfWeek.values()) {
      if (perWeekday[day.getValue() - 1] < 2) {
        throw new IllegalArgumentException(
            "the weekly pattern needs every weekday at least twice; "
                + day
                + " occurs "
                + perWeekday[day.getValue() - 1]
                + " time(s)");
      }
    }
    Instant origin = times.stream().min(Instant::compareTo).orElseThrow();
    double[][] x = new double[n][];
    for (int i = 0; i < n; i++) {
      x[i] = regressors(origin, times.get(i), weekday(times.get(i)));
    }
    OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
    ols.newSampleData(values, x);
    double[] beta = ols.estimateRegressionParameters();
    double residualVariance = n > PARAMETERS ? ols.estimateErrorVariance() : Double.NaN;
    return new WeeklyTrend(
        origin,
        beta,
        new Array2DRowRealMatrix(ols.estimateRegressionParametersVariance()),
        residualVariance,
        n);
  }

  /** Trend in value units per day. */
  double slopePerDay() {
    return beta[1];
  }

  /** The weekday with the largest fitted effect. */
  DayOfWeek busiestWeekday() {
    DayOfWeek busiest = DayOfWeek.MONDAY;
    for (DayOfWeek day : DayOfWeek.values()) {
      if (effect(day) > effect(busiest)) {
        busiest = day;
      }
    }
    return busiest;
  }

  double effect(DayOfWeek day) {
    double[] coding = coding(day);
    double sum = 0;
    for (int j = 0; j < 6; j++) {
      sum += coding[j] * beta[2 + j];
    }
    return sum;
  }

  /**
   * The fitted value for one day at {@code time} and its prediction interval at {@code level}.
   *
   * @param weekday whose effect to add; null for an average day of the week
   */
  ForecastPoint predict(Instant time, DayOfWeek weekday, double level) {
    double[] x = new double[PARAMETERS];
    x[0] = 1;
    double[] r = regressors(origin, time, weekday);
    System.arraycopy(r, 0, x, 1, r.length);
    double value = 0;
    for (int j = 0; j < PARAMETERS; j++) {
      value += x[j] * beta[j];
    }
    if (degreesOfFreedom < 1) {
      return new ForecastPoint(time, value, Double.NaN, Double.NaN);
    }
    double leverage = 0;
    for (int i = 0; i < PARAMETERS; i++) {
      for (int j = 0; j < PARAMETERS; j++) {
        leverage += x[i] * covarianceUnscaled.getEntry(i, j) * x[j];
      }
    }
    double se = Math.sqrt(residualVariance * (1 + leverage));
    double t =
        new TDistribution(null, degreesOfFreedom).inverseCumulativeProbability((1 + level) / 2);
    return new ForecastPoint(time, value, value - t * se, value + t * se);
  }

  /**
   * Days since the origin, then the six effect-coded weekday columns (all zero for an average day).
   */
  private static double[] regressors(Instant origin, Instant time, DayOfWeek weekday) {
    double[] r = new double[7];
    r[0] = Duration.between(origin, time).toSeconds() / SECONDS_PER_DAY;
    if (weekday != null) {
      System.arraycopy(coding(weekday), 0, r, 1, 6);
    }
    return r;
  }

  private static double[] coding(DayOfWeek day) {
    double[] c = new double[6];
    if (day == DayOfWeek.SUNDAY) {
      java.util.Arrays.fill(c, -1);
    } else {
      c[day.getValue() - 1] = 1;
    }
    return c;
  }

  private static DayOfWeek weekday(Instant time) {
    return time.atZone(ZoneOffset.UTC).getDayOfWeek();
  }
}
