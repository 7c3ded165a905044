package io.headroom.core.forecast.eval;

import io.headroom.core.forecast.ForecastPoint;
import io.headroom.core.forecast.LoadForecaster;
import io.headroom.core.forecast.SeasonalPeriods;
import io.headroom.core.time.DurationText;
import io.headroom.core.trace.Trace;
import io.headroom.core.trace.TracePoint;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Rolling-origin evaluation of a forecaster on a trace, exactly as {@code specs/evaluation.md}
 * defines it.
 *
 * <ul>
 *   <li>Origins lie every {@code originStep} from {@code first timestamp + warmup} while at least
 *       one step of the trace follows. The model is fed the trace incrementally, each point once,
 *       and at an origin has seen exactly the points with a timestamp at or before it; it is never
 *       refitted.
 *   <li>At each origin it forecasts every step in (origin, origin + horizon] (a point and a 95 %
 *       interval), written as a {@link ForecastRow}.
 *   <li>Pairs whose timestamp has an actual in the trace are scored against two baselines on the
 *       same pairs: naive (the last value at or before the origin) and seasonal naive (the value
 *       one day earlier when that is at or before the origin, else one week earlier, else the same
 *       time in the latest week before the origin; a missing source value falls back one more day
 *       or week, no further than one week before the origin, then to the naive value).
 *   <li>MASE divides by the mean absolute difference at the daily period over the whole trace (lag
 *       one step when the step is a day or longer).
 * </ul>
 *
 * Cost: one model update per trace point plus one forecast of {@code horizon / step} points per
 * origin; memory one double per trace step.
 */
public final class RollingOriginEvaluator {
  private static final long MAX_STEPS = 100_000_000L;

  /** Told after each origin; for progress output on long runs. */
  @FunctionalInterface
  public interface Progress {
    void originDone(long done, long total);

    Progress NONE = (done, total) -> {};
  }

  private RollingOriginEvaluator() {}

  /**
   * Runs the backtest.
   *
   * @param trace the series, at least two points
   * @param model a fresh model (no observations yet) for the trace's step
   * @param settings horizon, origin step and warm-up, multiples of the trace step
   * @param rows receives every forecast row in origin, then timestamp order
   * @param progress receives the number of origins done
   * @throws IllegalArgumentException if the settings do not fit the trace
   */
  public static BacktestResult run(
      Trace trace,
      LoadForecaster model,
      BacktestSettings settings,
      Consumer<ForecastRow> rows,
      Progress progress) {
    List<TracePoint> points = trace.points();
    if (points.size() < 2) {
      throw new IllegalArgumentException(
          "trace: has " + points.size() + " points; a backtest needs at least 2");
    }
    long stepSeconds = trace.step().getSeconds();
    long horizon = BacktestSettings.inSteps("horizon", settings.horizon(), trace.step());
    long originStep = BacktestSettings.inSteps("step", settings.originStep(), trace.step());
    long warmup = BacktestSettings.inSteps("warmup", settings.warmup(), trace.step());
    long t0 = points.get(0).timestamp().getEpochSecond();
    long span =
        Math.floorDiv(points.get(points.size() - 1).timestamp().getEpochSecond() - t0, stepSeconds)
            + 1;
    if (span > MAX_STEPS) {
      throw new IllegalArgumentException(
          "trace: spans " + span + " steps; at most " + MAX_STEPS + " are supported");
    }
    if (horizon > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "horizon: " + DurationText.format(settings.horizon()) + " is too many steps");
    }
    double[] values = new double[(int) span];
    Arrays.fill(values, Double.NaN);
    long[] indices = new long[points.size()];
    for (int i = 0; i < points.size(); i++) {
      TracePoint p = points.get(i);
      long k = Math.floorDiv(p.timestamp().getEpochSecond() - t0, stepSeconds);
      if (i > 0 && k == indices[i - 1]) {
        throw new IllegalArgumentException(
            "trace: "
                + points.get(i - 1).timestamp()
                + " and "
                + p.timestamp()
                + " fall in the same "
                + DurationText.format(trace.step())
                + " step; the trace is not at a regular step");
      }
      indices[i] = k;
      values[(int) k] = p.value();
    }
    if (warmup >= span - 1) {
      throw new IllegalArgumentException(
          "warmup: "
              + DurationText.format(settings.warmup())
              + " leaves no origin before the end of the trace, which spans "
              + DurationText.format(trace.step().multipliedBy(span)));
    }
    SeasonalPeriods periods = SeasonalPeriods.of(trace.step());
    int day = periods.daily();
    int week = periods.weekly();
    double maseScale = seasonalDifferenceScale(values, day > 0 ? day : 1);

    long totalOrigins = (span - 2 - warmup) / originStep + 1;
    AccuracyAccumulator overall = new AccuracyAccumulator(maseScale);
    AccuracyAccumulator atHorizon = new AccuracyAccumulator(maseScale);
    int fed = 0;
    double lastValue = Double.NaN;
    long done = 0;
    long untrusted = 0;
    for (long origin = warmup; origin < span - 1; origin += originStep) {
      while (fed < points.size() && indices[fed] <= origin) {
        TracePoint p = points.get(fed);
        model.update(p.timestamp(), p.value());
        lastValue = p.value();
        fed++;
      }
      if (!model.isTrusted()) {
        untrusted++;
      }
      Instant originTime = Instant.ofEpochSecond(t0 + origin * stepSeconds);
      List<ForecastPoint> forecast = model.forecast(originTime, (int) horizon);
      for (ForecastPoint f : forecast) {
        long k = Math.floorDiv(f.timestamp().getEpochSecond() - t0, stepSeconds);
        if (k <= origin || k > origin + horizon) {
          throw new IllegalStateException(
              model.name()
                  + " forecast "
                  + f.timestamp()
                  + " from origin "
                  + originTime
                  + " outside (origin, origin + horizon]");
        }
        rows.accept(new ForecastRow(originTime, f.timestamp(), f.value(), f.lower(), f.upper()));
        if (k < span && !Double.isNaN(values[(int) k])) {
          double seasonal = seasonalNaive(values, origin, k, day, week, lastValue);
          overall.add(values[(int) k], f.value(), f.lower(), f.upper(), lastValue, seasonal);
          if (k == origin + horizon) {
            atHorizon.add(values[(int) k], f.value(), f.lower(), f.upper(), lastValue, seasonal);
          }
        }
      }
      progress.originDone(++done, totalOrigins);
    }
    return new BacktestResult(
        model.name(), settings, done, untrusted, overall.report(), atHorizon.report(), maseScale);
  }

  /** Mean |y(t) − y(t − lag)| over all t where both are present; NaN if none. */
  static double seasonalDifferenceScale(double[] values, int lag) {
    double sum = 0;
    long n = 0;
    for (int t = lag; t < values.length; t++) {
      if (!Double.isNaN(values[t]) && !Double.isNaN(values[t - lag])) {
        sum += Math.abs(values[t] - values[t - lag]);
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /**
   * The seasonal-naive forecast for step {@code target} made at step {@code origin}: the value a
   * day earlier if that is at or before the origin, else a week earlier (moved back by whole weeks
   * to the origin); a missing value moves back one more period, at most one week before the origin.
   */
  static double seasonalNaive(
      double[] values, long origin, long target, int day, int week, double naive) {
    int lag = day > 0 && target - day <= origin ? day : week > 0 ? week : day;
    if (lag <= 0) {
      return naive;
    }
    int window = Math.max(day, week);
    long source = target - lag;
    while (source > origin) {
      source -= lag;
    }
    for (; source >= 0 && origin - source < window; source -= lag) {
      if (!Double.isNaN(values[(int) source])) {
        return values[(int) source];
      }
    }
    return naive;
  }
}
