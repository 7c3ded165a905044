package io.headroom.core.forecast;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The default model ({@code auto}): a combination of simple candidates, weighted per horizon by how
 * well each has forecast this series recently. No single model wins on every trace (a seasonal
 * model on a web server's daily cycle, the last value on bursty social traffic, yesterday rescaled
 * to today's level on a growing service), so the series decides, and keeps deciding.
 *
 * <p>Candidates ({@link Candidate}): the last value, a short moving average, a damped trend ({@link
 * DampedTrend}), the value a day and a week earlier, those two rescaled to today's level
 * (yesterday's shape at today's level), the double-seasonal {@link SeasonalForecaster}, and the
 * mean of the same minute over the last seven days. A seasonal candidate takes part once a day has
 * been seen (the day-ago values) or two of its seasons (the others).
 *
 * <p>For each horizon on the ladder 1, 2, 4, ... steps up to one day, every candidate's forecast
 * and the combination's are stored when made and scored when the actual arrives (long horizons
 * sampled, as {@link SeasonalForecaster} does). Per horizon, the combination weights the {@code
 * topK} candidates with the lowest exponentially weighted (and clipped) mean absolute error by
 * {@code error^-weightPower} (combinations of the better simple models are what won the M
 * competitions). Each candidate has two error records per horizon: one for forecasts made in
 * ordinary times and one for forecasts made while the load departs from what was forecast {@code
 * surpriseLag} ago by more than {@code surpriseThreshold} times the usual miss (a spike, an outage,
 * a level shift); the combination uses the record of the regime it is in, since which model wins
 * differs between the two (the last value inside a spike, the seasonal shape outside it). Intervals
 * are the combination's own recent errors at that horizon, in units of {@link #scale} (about the
 * square root of the level), through {@link HorizonIntervals}: conformal in spirit, no distribution
 * assumed.
 *
 * <p>Cost: update O(candidates × horizon buckets); state about {@code 2 × week} doubles for the
 * value rings (20,000 at a 1-minute step) plus the seasonal model, about 200 KB at a 1-minute step,
 * 40 KB at 5 minutes; it does not grow with the history. Trusted once its one-step errors are known
 * for a day (at least {@value #MIN_TRUST_ERRORS} of them).
 */
public final class EnsembleForecaster extends GridForecaster {
  static final String NAME = "auto";
  static final int MIN_TRUST_ERRORS = 48;
  static final double RESTART_RATIO = 1000;

  /** The candidate models, in the order their forecasts are stored. */
  enum Candidate {
    NAIVE,
    MEAN,
    DAMPED_TREND,
    DAY,
    WEEK,
    DAY_LEVEL,
    WEEK_LEVEL,
    SEASONAL,
    DAYS_MEAN
  }

  private static final Candidate[] CANDIDATES = Candidate.values();
  private static final int C = CANDIDATES.length;
  // per stored forecast: candidates, combination, residual then, regime then, the interval bounds
  // issued (in error units), corrected
  private static final int WIDTH = C + 6;

  /**
   * Tuning, in units that do not depend on the step; chosen by leave-one-trace-out on the trace
   * suite (docs/forecasting.md).
   *
   * @param errorMemoryDays memory of each candidate's mean absolute error, days
   * @param errorMemoryHorizons that memory is at least this many times the horizon: a day's errors
   *     at a one-day horizon are about one independent draw, and a candidate that is poor on
   *     average (yesterday rescaled, on a random walk) then often looks best by luck
   * @param errorClip a candidate's error counts at most this many times the combination's mean
   *     absolute error, so that a surge every candidate misses does not decide the weights
   * @param topK how many of the best candidates are combined
   * @param weightPower weights are {@code error^-weightPower}: 2 is inverse-MSE, higher is closer
   *     to picking the best
   * @param meanMemory memory of the moving-average candidate
   * @param levelMemory memory of the level ratio that rescales the day/week-ago shape
   * @param smoothing half-width of the window that smooths the day/week-ago shape
   * @param scaleFloor floor of the interval scale, as a share of the series' mean
   * @param level central coverage of the intervals
   * @param regimeWeights keep a second set of candidate errors for forecasts made while the load
   *     departs from what was expected, and weight with that set then (after a spike starts, the
   *     last value wins; in normal times, the seasonal shape)
   * @param surpriseLag the forecast horizon whose miss tells a departure (the closest ladder bucket
   *     is used)
   * @param surpriseThreshold a departure is a miss, by the candidate with the lowest ordinary-times
   *     error at that horizon, above this many times that error
   * @param coverageGain how far a day of misses or hits of an interval bound moves the quantile the
   *     bound is read at (adaptive conformal inference; each step moves it by its share of a day),
   *     so that coverage is made up after a change of regime the error histogram has not yet learnt
   */
  public record Settings(
      double errorMemoryDays,
      double errorMemoryHorizons,
      double errorClip,
      int topK,
      double weightPower,
      Duration meanMemory,
      Duration levelMemory,
      Duration smoothing,
      double scaleFloor,
      double level,
      boolean regimeWeights,
      Duration surpriseLag,
      double surpriseThreshold,
      double coverageGain) {
    public static final Settings DEFAULT =
        new Settings(
            1,
            16,
            10,
            3,
            8,
            Duration.ofMinutes(10),
            Duration.ofHours(1),
            Duration.ofMinutes(7),
            0.1,
            0.95,
            true,
            Duration.ofMinutes(16),
            10,
            0.0072);

    /** These settings with the coverage gain {@code gain} (0: intervals read at the level). */
    public Settings withCoverageGain(double gain) {
      return new Settings(
          errorMemoryDays,
          errorMemoryHorizons,
          errorClip,
          topK,
          weightPower,
          meanMemory,
          levelMemory,
          smoothing,
          scaleFloor,
          level,
          regimeWeights,
          surpriseLag,
          surpriseThreshold,
          gain);
    }
  }

  private final SeasonalPeriods periods;
  private final Settings settings;
  private final int day;
  private final int week;
  private final int halfWindow;
  private final double meanGain;
  private final double levelGain;
  private final double errorMemorySteps;
  private final SeasonalForecaster seasonal;
  private final HorizonIntervals intervals;
  private final NoiseExponent noise;
  private final ValueRing values;
  private final DelayLine[] lines; // per horizon bucket
  private final double[] error; // per bucket × candidate: EW mean absolute error
  private final long[] scored; // per bucket × candidate
  private final double[]
      carry; // per bucket, for ordinary and large residuals: EW sums of residual-then × error-later
  // and residual-then²
  private double typicalResidual; // EW mean |one-step error|
  private double residual; // the combination's latest one-step error
  // Share of the combination that does not follow the last value (1 - the naive's weight), as of
  // the latest combine(): the part of the residual still to carry.
  private double unabsorbed;
  private int regime; // 1 while the load departs from what was forecast surpriseLag ago
  private final int surpriseBucket;
  private final double[] spread; // per bucket: EW mean |error| of the combination
  private final double[] forecasts = new double[C]; // scratch
  private final double[] stored =
      new double[C + 5]; // scratch: what a delay line entry holds before the corrected forecast
  private final double[] weights = new double[C]; // scratch

  private double last = Double.NaN;
  private double mean = Double.NaN;
  private final DampedTrend damped;
  private double meanAbs;
  private final double[] levelNow = new double[2]; // day, week: EWMA of y over the pairs seen
  private final double[] levelThen = new double[2]; // EWMA of y a day / a week earlier, same pairs

  public EnsembleForecaster(SeasonalPeriods periods) {
    this(periods, Settings.DEFAULT);
  }

  EnsembleForecaster(SeasonalPeriods periods, Settings settings) {
    super(periods);
    this.periods = periods;
    this.settings = settings;
    this.day = periods.daily();
    this.week = periods.weekly();
    long step = periods.stepSeconds();
    this.halfWindow = (int) (settings.smoothing().toSeconds() / step);
    this.meanGain = 1 / Math.max(1.0, (double) settings.meanMemory().toSeconds() / step);
    // Level over half an hour, trend over three hours, damped within the hour: a short-term drift.
    this.damped = new DampedTrend(1800.0 / step, 3 * 3600.0 / step, 3600.0 / step);
    this.levelGain = 1 / Math.max(1.0, (double) settings.levelMemory().toSeconds() / step);
    this.errorMemorySteps =
        Math.max(10, settings.errorMemoryDays() * SeasonalPeriods.DAY_SECONDS / step);
    this.seasonal = new SeasonalForecaster(periods);
    int maxLag = NaiveForecaster.intervalLag(periods);
    this.intervals =
        HorizonIntervals.inTime(
            maxLag,
            periods,
            settings.level(),
            1,
            settings.coverageGain() * step / SeasonalPeriods.DAY_SECONDS);
    double stepsPerDay = SeasonalPeriods.DAY_SECONDS / (double) step;
    this.noise = new NoiseExponent(7 * stepsPerDay, Math.max(24, (long) (stepsPerDay / 2)));
    this.values = new ValueRing(Math.max(Math.max(day, week), maxLag) + 2 * halfWindow + 2);
    this.lines = new DelayLine[intervals.buckets()];
    for (int b = 0; b < lines.length; b++) {
      lines[b] = new DelayLine(intervals.lag(b), WIDTH);
    }
    this.surpriseBucket = closestBucket(settings.surpriseLag().toSeconds() / (double) step);
    this.error = new double[2 * lines.length * C];
    this.scored = new long[2 * lines.length * C];
    this.carry = new double[4 * lines.length];
    this.spread = new double[2 * lines.length];
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SeasonalPeriods periods() {
    return periods;
  }

  @Override
  public void update(Instant time, double value) {
    NaiveForecaster.checkValue(time, value);
    long k = clock.advance(time);
    seasonal.update(time, value);
    values.put(k, value);
    mean = Double.isNaN(mean) ? value : mean + meanGain * (value - mean);
    learnMeanAbs(value);
    score(k, value);
    last = value;
    damped.update(k, value);
    learnLevel(0, day, k, value);
    learnLevel(1, week, k, value);
    remember(k);
  }

  /**
   * Learns the series' mean, the interval unit's reference, before the value's errors are scaled by
   * it. When the moving-average candidate (the last minutes' mean) passes {@value #RESTART_RATIO}
   * times that mean, the value restarts it: after a silent stretch (a new or idle service, an
   * outage) the old mean is about zero, and errors scaled by it would be astronomically large and
   * widen the intervals for days. The moving average, not the value: one glitched sample of 2000×
   * the usual load must not make the unit 2000× too large for a day.
   */
  private void learnMeanAbs(double value) {
    double gain =
        clock.observations() == 1 || mean > RESTART_RATIO * meanAbs
            ? 1
            : Math.max(meanGain / 100, 1.0 / clock.observations());
    meanAbs += gain * (value - meanAbs);
  }

  private void learnLevel(int which, int period, long k, double value) {
    double then = period > 0 ? values.get(k - period) : Double.NaN;
    if (Double.isNaN(then)) {
      return;
    }
    if (levelNow[which] == 0 && levelThen[which] == 0) {
      levelNow[which] = value;
      levelThen[which] = then;
    } else {
      levelNow[which] += levelGain * (value - levelNow[which]);
      levelThen[which] += levelGain * (then - levelThen[which]);
    }
  }

  /** Scores the forecasts made {@code lag} steps ago for this step, per bucket. */
  private void score(long k, double value) {
    int oneStepSlot = -1;
    for (int b = 0; b < lines.length; b++) {
      DelayLine line = lines[b];
      int slot = line.slotOf(k - line.lag);
      if (slot < 0) {
        continue;
      }
      double[] stored = line.data;
      double then = stored[slot + C + 1];
      int r = (int) stored[slot + C + 2] * lines.length + b;
      double memorySteps = Math.max(errorMemorySteps, settings.errorMemoryHorizons() * line.lag);
      for (int c = 0; c < C; c++) {
        double f = stored[slot + c];
        if (Double.isNaN(f)) {
          continue;
        }
        int i = r * C + c;
        long n = ++scored[i];
        double g = Math.min(0.5, Math.max(line.stride / memorySteps, 1.0 / n));
        double e = Math.abs(value - f);
        if (spread[r] > 0) {
          e = Math.min(e, settings.errorClip() * spread[r]);
        }
        error[i] += g * (e - error[i]);
      }
      double combined = stored[slot + C];
      spread[r] +=
          Math.min(0.5, line.stride / errorMemorySteps) * (Math.abs(value - combined) - spread[r]);
      double corrected = stored[slot + C + 5];
      int o = carryIndex(b, then);
      double g = Math.min(0.5, line.stride / errorMemorySteps);
      carry[o] += g * (then * (value - combined) - carry[o]);
      carry[o + 1] += g * (then * then - carry[o + 1]);
      double normalised = (value - corrected) / scale(corrected);
      intervals.adaptCoverage(
          b, normalised, stored[slot + C + 3], stored[slot + C + 4], line.stride);
      intervals.add(b, normalised, line.stride);
      if (b == surpriseBucket) {
        regime = settings.regimeWeights() && surprised(stored, slot, b, value) ? 1 : 0;
      }
      if (b == 0) {
        noise.add(level(corrected) / unitMean(), Math.abs(value - corrected));
        oneStepSlot = slot;
      }
    }
    if (oneStepSlot >= 0) {
      residual = value - oneStepWithCurrentWeights(lines[0].data, oneStepSlot);
      typicalResidual +=
          Math.min(0.5, 1 / errorMemorySteps) * (Math.abs(residual) - typicalResidual);
    }
  }

  /**
   * What the weights of the regime now in force make of the candidates' one-step forecasts of this
   * value. The residual is measured against it, not against the combination made a step ago: when
   * the regime flips, the new weights already sit where the load went (the last value at a step up,
   * the seasonal shape after it ends), and a miss measured against the old ones carried a 2,300
   * drop on top of a seasonal forecast that had never left the usual 470: forecast 0.
   */
  private double oneStepWithCurrentWeights(double[] stored, int slot) {
    double now = weightedRow(regime * lines.length, stored, slot);
    if (regime == 1 && Double.isNaN(now)) {
      now = weightedRow(0, stored, slot);
    }
    return Double.isNaN(now) ? stored[slot + Candidate.NAIVE.ordinal()] : now;
  }

  /**
   * Whether {@code value} departs from what the candidate that is best in ordinary times forecast
   * for it, by more than the threshold times that candidate's ordinary error. Judged against
   * ordinary-times forecasts, not the combination's: the combination follows the regime, so inside
   * a surge its own misses shrink and the regime would flip back and forth.
   */
  private boolean surprised(double[] stored, int slot, int b, double value) {
    int best = lowestError(b, stored, slot, false);
    return best >= 0
        && Math.abs(value - stored[slot + best])
            > settings.surpriseThreshold() * error[b * C + best];
  }

  private int closestBucket(double lagSteps) {
    int best = 0;
    for (int b = 1; b < lines.length; b++) {
      if (Math.abs(Math.log(lines[b].lag / lagSteps))
          < Math.abs(Math.log(lines[best].lag / lagSteps))) {
        best = b;
      }
    }
    return best;
  }

  /** Stores, for each bucket due at this step, every candidate's forecast and the combination's. */
  private void remember(long k) {
    for (int b = 0; b < lines.length; b++) {
      DelayLine line = lines[b];
      if (k % line.stride == 0) {
        double combined = combine(b, line.lag);
        System.arraycopy(forecasts, 0, stored, 0, C);
        stored[C] = combined;
        stored[C + 1] = unabsorbed * residual;
        stored[C + 2] = regime;
        stored[C + 3] = intervals.lowerAt(b);
        stored[C + 4] = intervals.upperAt(b);
        line.put(k, stored, withinCandidates(combined + carried(b)));
      }
    }
  }

  /** Fills {@link #forecasts} for horizon {@code h} and returns bucket {@code b}'s combination. */
  private double combine(int b, long h) {
    for (int c = 0; c < C; c++) {
      forecasts[c] = candidate(CANDIDATES[c], h);
    }
    return weighted(b);
  }

  /**
   * How much of the latest one-step error persists {@code lag(b)} steps ahead, times that error: a
   * regression through the origin learnt on the combination's own errors, in [0, 1]. It carries a
   * surge or a dip the candidates have not caught up with yet.
   */
  private double carried(int b) {
    double missed = unabsorbed * residual;
    int o = carryIndex(b, missed);
    double variance = carry[o + 1];
    if (!(variance > 0)) {
      return 0;
    }
    return Math.max(0, Math.min(1, carry[o] / variance)) * missed;
  }

  /**
   * {@code corrected} held within the candidates' forecasts (as of the latest combine()): the
   * carry-over corrects the combination toward where the load went, but no further than some
   * candidate goes. Unheld, after four days with an event at the same hour the carry of a step
   * down, learnt where the 10-minute mean still lagged, took the next quarter hour to 0 while every
   * candidate said 280 or more.
   */
  private double withinCandidates(double corrected) {
    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    for (double f : forecasts) {
      if (!Double.isNaN(f)) {
        low = Math.min(low, f);
        high = Math.max(high, f);
      }
    }
    return low > high ? corrected : Math.max(low, Math.min(high, corrected));
  }

  /** Where bucket {@code b}'s carry-over for a residual of this size is learnt. */
  private int carryIndex(int b, double residual) {
    return 4 * b + (large(residual) ? 2 : 0);
  }

  /** Surges persist where noise does not: large errors get their own persistence. */
  private boolean large(double error) {
    return Math.abs(error) > 3 * typicalResidual;
  }

  private double weighted(int b) {
    int r = regime;
    double combined = weightedRow(r * lines.length + b);
    if (r == 1 && Double.isNaN(combined)) {
      combined = weightedRow(b);
    }
    if (Double.isNaN(combined)) {
      unabsorbed = 0;
      return Double.isNaN(forecasts[0]) ? 0 : forecasts[0];
    }
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    unabsorbed = 1 - weights[Candidate.NAIVE.ordinal()] / total;
    return combined;
  }

  /**
   * The candidate with the lowest error in row {@code r} among those scored at least 10 times with
   * a forecast in {@code f[offset + c]} (and not weighted yet, if {@code unweightedOnly}); -1 if
   * none.
   */
  private int lowestError(int r, double[] f, int offset, boolean unweightedOnly) {
    int best = -1;
    for (int c = 0; c < C; c++) {
      int i = r * C + c;
      if ((!unweightedOnly || weights[c] == 0)
          && !Double.isNaN(f[offset + c])
          && scored[i] >= 10
          && (best < 0 || error[i] < error[r * C + best])) {
        best = c;
      }
    }
    return best;
  }

  /** The combination with the errors of row {@code r}; NaN while no candidate is scored enough. */
  private double weightedRow(int r) {
    return weightedRow(r, forecasts, 0);
  }

  /** The combination of the forecasts in {@code f[offset + c]} with the errors of row {@code r}. */
  private double weightedRow(int r, double[] f, int offset) {
    int chosen = 0;
    Arrays.fill(weights, 0);
    for (int pick = 0; pick < settings.topK(); pick++) {
      int best = lowestError(r, f, offset, true);
      if (best < 0) {
        break;
      }
      double e = Math.max(error[r * C + best], 1e-9 * (1 + meanAbs));
      weights[best] = Math.pow(e, -settings.weightPower());
      chosen++;
    }
    if (chosen == 0) {
      return Double.NaN;
    }
    double sum = 0;
    double total = 0;
    for (int c = 0; c < C; c++) {
      if (weights[c] > 0) {
        sum += weights[c] * f[offset + c];
        total += weights[c];
      }
    }
    return sum / total;
  }

  /** Candidate {@code c}'s forecast of step {@code lastIndex + h}, NaN where it has none. */
  private double candidate(Candidate c, long h) {
    long k = clock.lastIndex();
    return switch (c) {
      case NAIVE -> last;
      case MEAN -> mean;
      case DAMPED_TREND -> damped.forecast(h);
      case DAY -> seasonalSource(day, k, h, false);
      case WEEK -> seasonalSource(week, k, h, false);
      case DAY_LEVEL -> seasonalSource(day, k, h, true) * ratio(0, day, h);
      case WEEK_LEVEL -> seasonalSource(week, k, h, true) * ratio(1, week, h);
      case DAYS_MEAN -> daysMean(k, h);
      case SEASONAL ->
          day > 0 && clock.span() < 2L * day ? Double.NaN : Math.max(0, seasonal.pointAt(h));
    };
  }

  /**
   * The mean of the values at the target's time of day over the last seven days that are known: the
   * day's fine structure (a job every hour on the hour) without one day's count noise.
   */
  private double daysMean(long k, long h) {
    if (day <= 0 || clock.span() < 2L * day) {
      return Double.NaN;
    }
    long source = k + h - day * ((h + day - 1) / day);
    double sum = 0;
    int n = 0;
    for (int d = 0; d < 7; d++) {
      double v = values.get(source - (long) d * day);
      if (!Double.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /**
   * The value one season before the target (several seasons when the horizon is longer than one),
   * smoothed over the window when asked; NaN where unknown, and until {@link #seen} a day, or two
   * weeks.
   */
  private double seasonalSource(int period, long k, long h, boolean smooth) {
    if (period <= 0 || clock.span() < seen(period)) {
      return Double.NaN;
    }
    long source = k + h - period * ((h + period - 1) / period);
    if (!smooth || halfWindow == 0) {
      return values.get(source);
    }
    return values.mean(source - halfWindow, Math.min(k, source + halfWindow), k);
  }

  /**
   * Steps of history before the value a season ago takes part. A day: on a trace of a few days the
   * day-ago value is what wins at a day ahead, and waiting for two days left that horizon to the
   * last value (a four-day NASA excerpt: one-day relMAE 1.00 waiting two days, 0.81 after one). Two
   * weeks for the week: after one, the suite moved both ways (shape-shift one-day 0.84 to 0.88,
   * level-shift 0.88 to 0.85).
   */
  private long seen(int period) {
    return period == day ? period + 1L : 2L * period;
  }

  /**
   * How much to rescale the source of a forecast {@code h} steps ahead: the level moved by the
   * ratio over one period, and the source lies {@code period - h} (mod period) steps back, so it
   * gets that share of the ratio (geometrically). A day-ahead forecast's source is now itself,
   * already at today's level: rescaling it by the whole ratio counted a level shift twice.
   */
  private double ratio(int which, int period, long h) {
    double then = levelThen[which];
    if (!(then > 0)) {
      return Double.NaN;
    }
    double full = Math.max(0.25, Math.min(4, levelNow[which] / then));
    long age = Math.floorMod(-h, (long) period);
    return Math.pow(full, (double) age / period);
  }

  /**
   * The unit of the interval errors: {@code mean × (level / mean)^exponent}, with the forecast
   * level (plus a floor), the series' mean and the learnt {@link NoiseExponent}. Count noise grows
   * like the square root of the level (the geometric mean of level and mean), a utilisation's noise
   * often not at all, so errors in this unit have about the same spread at night and at the peak,
   * and one set of quantiles fits both.
   */
  private double scale(double forecast) {
    double mean = unitMean();
    return mean * Math.pow(level(forecast) / mean, noise.exponent());
  }

  private double unitMean() {
    return Math.abs(meanAbs) + 1e-9;
  }

  private double level(double forecast) {
    return Math.max(0, forecast) + settings.scaleFloor() * Math.abs(meanAbs) + 1e-9;
  }

  @Override
  List<ForecastPoint> forecastFrom(long firstIndex, int steps) {
    long lastIndex = clock.lastIndex();
    List<ForecastPoint> points = new ArrayList<>(steps);
    for (int i = 0; i < steps; i++) {
      long index = firstIndex + i;
      long h = index - lastIndex;
      int b = intervals.bucketAtOrBelow(h);
      double value = Math.max(0, withinCandidates(combine(b, h) + carried(b)));
      double s = scale(value);
      points.add(
          NaiveForecaster.point(
              clock.timeOf(index), value, intervals.lower(h) * s, intervals.upper(h) * s));
    }
    return points;
  }

  @Override
  public boolean isTrusted() {
    long perDay = day > 0 ? day : 1;
    return intervals.count(0) >= Math.max(MIN_TRUST_ERRORS, perDay);
  }

  /** The current weight of each candidate at horizon {@code h}, for tests and docs. */
  double[] weightsAt(long h) {
    combine(intervals.bucketAtOrBelow(h), h);
    double total = Arrays.stream(weights).sum();
    double[] result = new double[C];
    for (int c = 0; c < C; c++) {
      result[c] = total > 0 ? weights[c] / total : (c == 0 ? 1 : 0);
    }
    return result;
  }

  @Override
  public void writeState(DataOutput out) throws IOException {
    clock.write(out);
    seasonal.writeState(out);
    intervals.write(out);
    noise.write(out);
    values.write(out);
    for (DelayLine line : lines) {
      line.write(out);
    }
    ForecasterCodec.writeArray(out, error);
    ForecasterCodec.writeArray(out, carry);
    ForecasterCodec.writeArray(out, spread);
    out.writeDouble(residual);
    out.writeDouble(typicalResidual);
    out.writeInt(regime);
    for (long n : scored) {
      out.writeLong(n);
    }
    out.writeDouble(last);
    out.writeDouble(mean);
    damped.write(out);
    out.writeDouble(meanAbs);
    ForecasterCodec.writeArray(out, levelNow);
    ForecasterCodec.writeArray(out, levelThen);
  }

  @Override
  public void readState(DataInput in) throws IOException {
    clock.read(in);
    seasonal.readState(in);
    intervals.read(in);
    noise.read(in);
    values.read(in);
    for (DelayLine line : lines) {
      line.read(in);
    }
    ForecasterCodec.readInto(in, error, "ensemble errors");
    ForecasterCodec.readInto(in, carry, "ensemble carry");
    ForecasterCodec.readInto(in, spread, "ensemble spread");
    residual = in.readDouble();
    typicalResidual = in.readDouble();
    regime = in.readInt();
    if (regime != 0 && regime != 1) {
      throw new IllegalArgumentException(
          "bytes: ensemble regime " + regime + " is neither 0 nor 1");
    }
    for (int i = 0; i < scored.length; i++) {
      scored[i] = in.readLong();
    }
    last = in.readDouble();
    mean = in.readDouble();
    damped.read(in);
    meanAbs = in.readDouble();
    ForecasterCodec.readInto(in, levelNow, "level now");
    ForecasterCodec.readInto(in, levelThen, "level then");
  }

  /**
   * The last {@code size} steps' values with running sums, so that a window's mean costs O(1).
   * Missing steps are NaN and left out of the sums.
   */
  static final class ValueRing {
    private final double[] value;
    private final double[] sum; // sum of known values up to and including the step
    private final int[] count; // known values up to and including the step
    private long newest = -1;

    ValueRing(int size) {
      value = new double[size];
      sum = new double[size];
      count = new int[size];
      Arrays.fill(value, Double.NaN);
    }

    void put(long k, double v) {
      int n = value.length;
      double s = newest < 0 ? 0 : sum[(int) (newest % n)];
      int c = newest < 0 ? 0 : count[(int) (newest % n)];
      for (long missing = Math.max(newest + 1, k - n + 1); missing < k; missing++) {
        int slot = (int) (missing % n);
        value[slot] = Double.NaN;
        sum[slot] = s;
        count[slot] = c;
      }
      int slot = (int) (k % n);
      value[slot] = v;
      sum[slot] = s + v;
      count[slot] = c + 1;
      newest = k;
    }

    /** The value at step {@code k}, NaN if missing or no longer held. */
    double get(long k) {
      if (k < 0 || k > newest || newest - k >= value.length) {
        return Double.NaN;
      }
      return value[(int) (k % value.length)];
    }

    /** Mean of the known values in steps {@code [from, to]} ({@code to <= newest}), NaN if none. */
    double mean(long from, long to, long newestAllowed) {
      to = Math.min(to, Math.min(newest, newestAllowed));
      from = Math.max(from, Math.max(0, newest - value.length + 2));
      if (to < from) {
        return Double.NaN;
      }
      int n = value.length;
      double s = sum[(int) (to % n)];
      int c = count[(int) (to % n)];
      if (from > 0) {
        s -= sum[(int) ((from - 1) % n)];
        c -= count[(int) ((from - 1) % n)];
      }
      return c > 0 ? s / c : Double.NaN;
    }

    void write(DataOutput out) throws IOException {
      out.writeLong(newest);
      ForecasterCodec.writeArray(out, value);
      ForecasterCodec.writeArray(out, sum);
      for (int c : count) {
        out.writeInt(c);
      }
    }

    void read(DataInput in) throws IOException {
      newest = in.readLong();
      ForecasterCodec.readInto(in, value, "value ring");
      ForecasterCodec.readInto(in, sum, "sum ring");
      for (int i = 0; i < count.length; i++) {
        count[i] = in.readInt();
      }
    }
  }
}
