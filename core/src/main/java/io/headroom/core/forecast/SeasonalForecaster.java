package io.headroom.core.forecast;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Double-seasonal exponential smoothing with a learnt short-term correction: the default model
 * ({@code seasonal}, and {@code auto} once a day has been seen). Measured against the alternatives
 * in {@code docs/forecasting.md}.
 *
 * <p>The series is split into a smooth <em>base</em> and a short-lived <em>deviation</em>:
 *
 * <pre>
 *   base(t)    = (level + damped trend) × (1 + day(phase of t in the day) + week(phase of t in the week))
 *   y(t)       = base(t) + deviation(t)
 *   ŷ(T + h)   = base(T + h) + β(h) · [EWMA_1, EWMA_4, EWMA_16, EWMA_64 of the deviation up to T,
 *                                      fine detail of the daily profile at T + h]
 * </pre>
 *
 * <ul>
 *   <li>The base is a {@link ProfileBase}: multiplicative Holt-Winters in error-correction form
 *       with two seasonal profiles (Taylor's double-seasonal variant), stored as splines on at most
 *       288 daily and 168 weekly knots so that their size does not grow with the sampling rate.
 *       Periods follow from the step (1 day / step, 1 week / step) and the phase from the
 *       timestamp, so gaps are harmless. Gains are memories in days (level 4, daily knots 7, trend
 *       7 with a 2-day damping) and weeks (weekly knots 1), so the model behaves alike at any step.
 *   <li>Robust updates: the base learns from residuals clamped at ±{@code clamp} (4) × the local
 *       residual scale (Huber), so a spike moves it by a bounded amount. After {@code shiftRun} (3)
 *       same-sign outliers in a row (a level shift, an outage) the run is treated as a change of
 *       level: the profiles stop learning until it ends (an outage must not carve itself into next
 *       week's profile) and the short-term correction follows the full residual.
 *   <li>The correction is a direct multi-horizon regression: for each horizon on the ladder 1, 2,
 *       4, ... steps up to one day, an exponentially weighted ridge regression (memory 7 days)
 *       learns how much of each deviation average to carry forward and how much of the daily
 *       profile's fine detail (the profile minus its hour-long mean) is signal. It is fitted on the
 *       model's real h-step errors: at every step the base forecast h steps ahead and the features
 *       are stored in a {@link DelayLine} and scored when the target arrives. Beyond one day the
 *       deviation's share fades out by two days.
 *   <li>Intervals: the same h-step errors, divided by a daily profile of the mean absolute one-step
 *       residual (heteroscedastic: nights are quieter), feed {@link HorizonIntervals}, which keeps
 *       their empirical 2.5 % and 97.5 % quantiles per horizon.
 * </ul>
 *
 * <p>Cost: update O(1), about 12 regressions of 5 features plus a few spline knots; no refit. State
 * about 40 KB at a 1-minute step (profiles ≈ 1,000 doubles, delay lines ≈ 460 entries of 7 numbers,
 * regressions and interval histograms ≈ 1,500 doubles), independent of the history length. Trusted
 * after two full weeks (two days if the step is too coarse for a weekly period).
 */
public final class SeasonalForecaster extends GridForecaster {
  static final String NAME = "seasonal";
  static final String FOURIER_NAME = "fourier";
  static final double FOURIER_MEMORY_DAYS = 7;
  static final double MAX_CARRY = 4;

  /**
   * Tuning of the model, in units that do not depend on the step.
   *
   * @param levelMemoryDays memory of the level, days
   * @param dayMemoryDays memory of each daily knot, days
   * @param weekMemoryWeeks memory of each weekly knot, weeks
   * @param trendMemoryDays memory of the trend (0: no trend), days
   * @param trendDampingDays e-folding horizon of the trend in the forecast, days
   * @param maxDayKnots most knots of the daily profile
   * @param maxWeekKnots most knots of the weekly profile
   * @param clamp Huber clamp in units of the residual scale
   * @param shiftRun consecutive same-sign outliers after which the correction follows unclamped
   * @param regressionMemoryDays memory of the correction regressions, days
   * @param scaleMemoryDays memory of the residual-scale profile, days
   * @param level interval coverage, e.g. 0.95
   * @param featureCount number of deviation averages fed to the correction
   * @param featureRatio ratio of their memories: 1, r, r², ... steps
   * @param detailFeature whether the correction may also rescale the fine detail of the daily
   *     profile
   * @param multiplicative whether the profiles scale with the level (else they add to it)
   */
  public record Settings(
      double levelMemoryDays,
      double dayMemoryDays,
      double weekMemoryWeeks,
      double trendMemoryDays,
      double trendDampingDays,
      int maxDayKnots,
      int maxWeekKnots,
      double clamp,
      int shiftRun,
      double regressionMemoryDays,
      double scaleMemoryDays,
      double level,
      int featureCount,
      double featureRatio,
      boolean detailFeature,
      boolean multiplicative) {

    public static final Settings DEFAULT =
        new Settings(4, 7, 1, 7, 2, 288, 168, 4, 3, 7, 7, 0.95, 4, 4, true, true);
  }

  private final SeasonalPeriods periods;
  private final Settings settings;
  private final String name;
  private final SeasonalBase base;
  private final int day;
  private final int week;
  private final double scaleGain;
  private final double regressionGain;
  private final int averages; // deviation averages among the features
  private final int width; // features per regression
  private final double[] featureGain;

  private final PeriodicProfile scaleProfile;
  private double meanAbs; // exponentially weighted mean |y|, for floors
  private int outlierRun; // signed: +n for n high outliers in a row, -n for low ones
  private final double[] features; // the deviation averages now
  private final double[] x; // scratch: a feature vector
  private final HorizonIntervals intervals;
  private final DelayLine[] lines; // per horizon bucket: what was known and forecast h steps ago
  private final RidgeRegression[] corrections; // per horizon bucket

  public SeasonalForecaster(SeasonalPeriods periods) {
    this(periods, Settings.DEFAULT, NAME);
  }

  SeasonalForecaster(SeasonalPeriods periods, Settings settings, String name) {
    super(periods);
    this.periods = periods;
    this.settings = settings;
    this.name = name;
    this.day = periods.daily();
    this.week = periods.weekly();
    this.base =
        name.equals(FOURIER_NAME)
            ? new FourierBase(periods, FOURIER_MEMORY_DAYS)
            : new ProfileBase(periods, clock, settings);
    double stepsPerDay = SeasonalPeriods.DAY_SECONDS / (double) periods.stepSeconds();
    // The scale profile needs many residuals per knot (it divides every interval error), so at
    // least 8 steps a day feed each knot: 24 knots at a 1-minute step, 3 at an hourly one.
    scaleProfile = new PeriodicProfile(Math.max(1, Math.min(24, day / 8)));
    scaleGain = gain(settings.scaleMemoryDays() * Math.max(1, day) / (double) scaleProfile.size());
    regressionGain = gain(settings.regressionMemoryDays() * stepsPerDay);
    averages = settings.featureCount();
    width = averages + (settings.detailFeature() ? 1 : 0);
    featureGain = new double[averages];
    for (int f = 0; f < averages; f++) {
      featureGain[f] = 1.0 / Math.pow(settings.featureRatio(), f);
    }
    features = new double[averages];
    x = new double[width];
    int maxLag = NaiveForecaster.intervalLag(periods);
    intervals = HorizonIntervals.inTime(maxLag, periods, settings.level(), 1, 0);
    int buckets = intervals.buckets();
    lines = new DelayLine[buckets];
    corrections = new RidgeRegression[buckets];
    for (int b = 0; b < buckets; b++) {
      lines[b] = new DelayLine(intervals.lag(b), width + 1); // the features, then the base forecast
      corrections[b] = new RidgeRegression(width);
    }
  }

  /** The Fourier-regression variant, kept for comparison (see docs/forecasting.md). */
  static SeasonalForecaster fourier(SeasonalPeriods periods) {
    return new SeasonalForecaster(periods, Settings.DEFAULT, FOURIER_NAME);
  }

  private static double gain(double memorySteps) {
    return 1 / Math.max(1, memorySteps);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public SeasonalPeriods periods() {
    return periods;
  }

  Settings settings() {
    return settings;
  }

  SeasonalBase base() {
    return base;
  }

  @Override
  public void update(Instant time, double value) {
    NaiveForecaster.checkValue(time, value);
    long previous = clock.lastIndex();
    long k = clock.advance(time);
    long second = time.getEpochSecond();
    if (clock.observations() == 1) {
      base.learn(k, second, value - base.valueAt(second, 0), false);
      meanAbs = value;
      remember(k);
      return;
    }
    // Steps without observations: the deviation decays as if the base had been right.
    for (int f = 0; f < averages; f++) {
      features[f] *= Math.pow(1 - featureGain[f], k - previous - 1);
    }
    base.advance(k - previous);

    double dayPhase = SeasonalPeriods.dayPhase(second);
    double residual = value - base.valueAt(second, 0);
    double scale = scaleAt(dayPhase);
    boolean scaleKnown = scaleKnown(dayPhase);
    meanAbs += gain(Math.max(1, week)) * (value - meanAbs);

    learnCorrection(k, value, scale, scaleKnown);

    boolean outlier = scaleKnown && Math.abs(residual) > settings.clamp() * scale;
    if (outlier) {
      outlierRun = residual > 0 ? Math.max(1, outlierRun + 1) : Math.min(-1, outlierRun - 1);
    } else {
      outlierRun = 0;
    }
    double clamped = outlier ? Math.copySign(settings.clamp() * scale, residual) : residual;
    boolean sustained = Math.abs(outlierRun) >= settings.shiftRun();
    base.learn(k, second, clamped, sustained);
    double scaleTarget =
        scaleKnown ? Math.min(Math.abs(residual), settings.clamp() * scale) : Math.abs(residual);
    scaleProfile.learnLevel(dayPhase, scaleTarget, scaleGain);

    // The correction follows spikes only within the clamp, but follows a sustained shift in full.
    double deviation = sustained ? residual : clamped;
    for (int f = 0; f < averages; f++) {
      features[f] += featureGain[f] * (deviation - features[f]);
    }
    remember(k);
  }

  /** Stores, for each horizon bucket, the features now and the base forecast h steps ahead. */
  private void remember(long k) {
    for (int b = 0; b < lines.length; b++) {
      DelayLine line = lines[b];
      if (k % line.stride == 0) {
        long target = clock.epochSecondOf(k + line.lag);
        line.put(k, featuresFor(target), base.valueAt(target, line.lag));
      }
    }
  }

  /** The feature vector for a forecast, made now, of the step starting at {@code epochSecond}. */
  private double[] featuresFor(long epochSecond) {
    System.arraycopy(features, 0, x, 0, averages);
    if (width > averages) {
      x[averages] = base.detailAt(epochSecond);
    }
    return x;
  }

  /**
   * For every horizon bucket with a forecast made h steps ago: score it (interval errors) and
   * regress what the base got wrong on the features known then.
   */
  private void learnCorrection(long k, double value, double scale, boolean scaleKnown) {
    for (int b = 0; b < lines.length; b++) {
      DelayLine line = lines[b];
      int slot = line.slotOf(k - line.lag);
      if (slot < 0) {
        continue;
      }
      double[] data = line.data;
      double target = value - data[slot + width];
      double predicted = corrections[b].predict(data, slot);
      if (scaleKnown) {
        intervals.add(b, (target - predicted) / scale, line.stride);
        target = clamp(target, 3 * settings.clamp() * scale);
      }
      corrections[b].add(data, slot, target, Math.min(0.5, regressionGain * line.stride));
    }
  }

  private static double clamp(double x, double limit) {
    return Math.max(-limit, Math.min(limit, x));
  }

  /** The residual scale is usable once a day has passed and its knots have data. */
  private boolean scaleKnown(double dayPhase) {
    return clock.span() > Math.max(day, 10) && scaleProfile.weightAt(dayPhase) > 0;
  }

  private double scaleAt(double dayPhase) {
    double floor = 1e-3 * Math.abs(meanAbs) + 1e-12;
    return Math.max(scaleProfile.valueAt(dayPhase), floor);
  }

  @Override
  List<ForecastPoint> forecastFrom(long firstIndex, int steps) {
    long lastIndex = clock.lastIndex();
    List<ForecastPoint> points = new ArrayList<>(steps);
    for (int i = 0; i < steps; i++) {
      long index = firstIndex + i;
      long horizon = index - lastIndex;
      long second = clock.epochSecondOf(index);
      double value = base.valueAt(second, horizon) + correction(featuresFor(second), horizon);
      double scale = scaleAt(SeasonalPeriods.dayPhase(second));
      double lower = intervals.lower(horizon) * scale;
      double upper = intervals.upper(horizon) * scale;
      points.add(NaiveForecaster.point(Instant.ofEpochSecond(second), value, lower, upper));
    }
    return points;
  }

  /**
   * The point forecast {@code horizon} (>= 1) steps after the last observation, without its
   * interval.
   */
  double pointAt(long horizon) {
    long second = clock.epochSecondOf(clock.lastIndex() + horizon);
    return base.valueAt(second, horizon) + correction(featuresFor(second), horizon);
  }

  /**
   * The learnt correction at this horizon, interpolated between buckets in log-horizon. Beyond the
   * last bucket (one day) the deviation's share fades out linearly until twice that horizon: the
   * regression has no evidence that a deviation lasts longer.
   */
  private double correction(double[] features, long horizon) {
    int last = intervals.lag(corrections.length - 1);
    if (horizon > last) {
      double fade = Math.max(0, 2 - (double) horizon / last);
      if (fade < 1) {
        System.arraycopy(features, 0, x, 0, width);
        for (int f = 0; f < averages; f++) {
          x[f] *= fade;
        }
        features = x;
      }
    }
    int b = intervals.bucketAtOrBelow(horizon);
    double c0 = carried(corrections[b], features);
    if (b + 1 >= corrections.length || horizon <= intervals.lag(b)) {
      return c0;
    }
    double c1 = carried(corrections[b + 1], features);
    double w =
        (Math.log(horizon) - Math.log(intervals.lag(b)))
            / (Math.log(intervals.lag(b + 1)) - Math.log(intervals.lag(b)));
    return c0 + w * (c1 - c0);
  }

  /**
   * A regression's correction with its deviation part held between zero and {@value #MAX_CARRY}
   * times the most extreme deviation average. Inside a long surge the regression rightly carries
   * more than the lagging averages (two to three times them: {@code EnsembleRegimeTest}), but a
   * sustained shift it has not learnt on (an outage, traffic moving away) feeds it deviations far
   * outside its range, and extrapolated, its coefficients turned a drop to zero into a day-ahead
   * forecast five times the usual peak.
   */
  private double carried(RidgeRegression regression, double[] x) {
    double[] beta = regression.coefficients();
    double deviationPart = 0;
    double low = 0;
    double high = 0;
    for (int f = 0; f < averages; f++) {
      deviationPart += beta[f] * x[f];
      low = Math.min(low, x[f]);
      high = Math.max(high, x[f]);
    }
    double rest = 0;
    for (int f = averages; f < width; f++) {
      rest += beta[f] * x[f];
    }
    return Math.max(MAX_CARRY * low, Math.min(MAX_CARRY * high, deviationPart)) + rest;
  }

  @Override
  public boolean isTrusted() {
    long season = week > 0 ? week : day > 0 ? day : 5;
    return clock.span() >= 2 * season;
  }

  @Override
  public void writeState(DataOutput out) throws IOException {
    clock.write(out);
    base.write(out);
    out.writeDouble(meanAbs);
    out.writeInt(outlierRun);
    scaleProfile.write(out);
    ForecasterCodec.writeArray(out, features);
    for (int b = 0; b < lines.length; b++) {
      lines[b].write(out);
      corrections[b].write(out);
    }
    intervals.write(out);
  }

  @Override
  public void readState(DataInput in) throws IOException {
    clock.read(in);
    base.read(in);
    meanAbs = in.readDouble();
    outlierRun = in.readInt();
    scaleProfile.read(in);
    ForecasterCodec.readInto(in, features, "features");
    for (int b = 0; b < lines.length; b++) {
      lines[b].read(in);
      corrections[b].read(in);
    }
    intervals.read(in);
  }
}
