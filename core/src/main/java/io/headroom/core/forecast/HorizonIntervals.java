package io.headroom.core.forecast;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Prediction-interval bounds learnt from a model's own out-of-sample errors, separately for a
 * ladder of horizons (1, 2, 4, ... steps up to {@code maxLag}, plus {@code maxLag} itself).
 *
 * <p>Per horizon bucket it keeps the exponentially weighted mean absolute error ({@code spread})
 * and an exponentially weighted histogram of errors divided by that spread ({@value #BINS} bins
 * over ±{@value #RANGE} spreads, plus the mean of what falls outside). The interval bounds are the
 * histogram's {@code (1 - level) / 2} and {@code (1 + level) / 2} quantiles times the current
 * spread: no distribution is assumed, skew and heavy tails carry through, and a change of noise
 * level is followed at the speed of the spread's memory. O(1) per error (the decay is applied
 * lazily), {@value #BINS} + 6 numbers per bucket.
 *
 * <p>Between buckets the bounds are interpolated in log-horizon; beyond the last bucket the last
 * bucket's bounds are used. Until a bucket has seen {@value #MIN_ERRORS} errors it borrows the
 * nearest shorter bucket that has, widened by the square root of the horizon ratio (the random-walk
 * rate); until then a bucket's own bounds are a wide ±{@value #EARLY_BOUND} spreads.
 *
 * <p>With a coverage gain, each tail's quantile is not fixed at the level but adapted to how often
 * the bounds issued with forecasts were missed ({@link #adaptCoverage}).
 */
final class HorizonIntervals {
  static final int BINS = 64;
  static final double RANGE = 8;
  static final int MIN_ERRORS = 20;
  static final double EARLY_BOUND = 3.5;
  private static final double MAX_TAU = 0.999; // the widest quantile an adapted bound is read at
  private static final int SLOTS =
      BINS + 6; // bins, below (mass, sum), above (mass, sum), spread, decay

  private final int[] lags;
  private final double tauLow;
  private final double tauHigh;
  private final double spreadGain;
  private final double histogramGain;
  private final double coverageGain;
  private final double[] state; // SLOTS per bucket
  private final long[] count; // errors seen, for trust
  private final long[] learnt; // errors the spread and histogram have learnt from since a restart
  private final double[] tauLowNow; // the quantile each bucket's lower bound is read at, adapted
  private final double[] tauHighNow;

  /**
   * @param maxLag the longest horizon with its own bucket, in steps (at least 1)
   * @param level the coverage of the interval, e.g. 0.95
   * @param spreadMemory memory of the mean absolute error, in errors
   * @param histogramMemory memory of the error histogram, in errors
   * @param coverageGain how far one error's miss or hit moves the quantile a bound is read at, per
   *     step it stands for ({@link #adaptCoverage}); 0 keeps it at the level
   */
  HorizonIntervals(
      int maxLag, double level, double spreadMemory, double histogramMemory, double coverageGain) {
    if (maxLag < 1) {
      throw new IllegalArgumentException("maxLag: " + maxLag + " must be >= 1");
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level: " + level + " must be in (0, 1)");
    }
    this.lags = ladder(maxLag);
    this.tauLow = (1 - level) / 2;
    this.tauHigh = (1 + level) / 2;
    this.spreadGain = 1 / Math.max(1, spreadMemory);
    this.histogramGain = 1 / Math.max(1, histogramMemory);
    this.coverageGain = coverageGain;
    this.state = new double[lags.length * SLOTS];
    this.count = new long[lags.length];
    this.learnt = new long[lags.length];
    this.tauLowNow = new double[lags.length];
    this.tauHighNow = new double[lags.length];
    Arrays.fill(tauLowNow, tauLow);
    Arrays.fill(tauHighNow, tauHigh);
  }

  /**
   * Intervals whose memories are set in time: {@code spreadDays} for the spread, a week for the
   * histogram's shape (at least 100 and 500 errors, so that coarse steps still estimate 2.5 %
   * tails).
   */
  static HorizonIntervals inTime(
      int maxLag, SeasonalPeriods periods, double level, double spreadDays, double coverageGain) {
    double stepsPerDay = SeasonalPeriods.DAY_SECONDS / (double) periods.stepSeconds();
    return new HorizonIntervals(
        maxLag,
        level,
        Math.max(100, spreadDays * stepsPerDay),
        Math.max(500, 7 * stepsPerDay),
        coverageGain);
  }

  /** 1, 2, 4, ... below {@code maxLag}, then {@code maxLag}. */
  static int[] ladder(int maxLag) {
    int[] result = new int[33];
    int i = 0;
    for (long lag = 1; lag < maxLag; lag <<= 1) {
      result[i++] = (int) lag;
    }
    result[i] = maxLag;
    return Arrays.copyOf(result, i + 1);
  }

  int buckets() {
    return lags.length;
  }

  int lag(int bucket) {
    return lags[bucket];
  }

  long count(int bucket) {
    return count[bucket];
  }

  /** Records a forecast error (actual minus forecast, in the caller's normalised units). */
  void add(int bucket, double error) {
    add(bucket, error, 1);
  }

  /**
   * Records a forecast error that stands for {@code weight} errors (when the caller samples only
   * every {@code weight}-th step of a long horizon), so that memories stay the same in time.
   */
  void add(int bucket, double error, double weight) {
    if (!Double.isFinite(error)) {
      return;
    }
    int o = bucket * SLOTS;
    count[bucket]++;
    long n = ++learnt[bucket];
    int spreadSlot = o + BINS + 4;
    double spread = state[spreadSlot];
    if (n == 1 || !(spread > 0)) {
      if (n > 1 && error != 0) {
        // Every error so far was exactly zero (a constant series): they say nothing about the
        // noise from here on, so the spread learns afresh at 1/n rather than from this one error.
        learnt[bucket] = n = 1;
      }
      spread = Math.abs(error);
    } else {
      spread += Math.min(0.5, Math.max(spreadGain * weight, 1.0 / n)) * (Math.abs(error) - spread);
    }
    state[spreadSlot] = spread;
    if (!(spread > 0)) {
      return; // all errors so far exactly zero: nothing to scale the histogram by
    }
    double g = Math.min(0.5, Math.max(histogramGain * weight, 1.0 / n));
    double keep = 1 - g;
    // Lazy decay: instead of scaling every bin by keep, grow the weight of new entries.
    int decaySlot = o + BINS + 5;
    double unit = state[decaySlot] == 0 ? 1 : state[decaySlot] / keep;
    if (unit > 1e200) {
      for (int i = o; i < o + BINS + 4; i++) {
        state[i] /= unit;
      }
      unit = 1;
    }
    state[decaySlot] = unit;
    double w = g * unit;
    double v = error / spread;
    if (v < -RANGE) {
      state[o + BINS] += w;
      state[o + BINS + 1] += w * v;
    } else if (v >= RANGE) {
      state[o + BINS + 2] += w;
      state[o + BINS + 3] += w * v;
    } else {
      int bin = Math.min(BINS - 1, (int) ((v + RANGE) / (2 * RANGE) * BINS));
      state[o + bin] += w;
    }
  }

  /**
   * Adaptive conformal inference (Gibbs and Candès, 2021), per tail: a miss of the bound issued
   * with a forecast moves the quantile that bound is read at outward, a hit moves it inward by the
   * tail's share, so that over any long stretch the issued bounds are missed at the tail's rate
   * even when the errors' distribution shifts (a week of silence, a new daily peak). The histogram
   * alone undercovers for as long as its memory holds the old regime, and nothing makes up for
   * those misses. The bounds must be those issued, not today's: at a one-day horizon today's spread
   * has already learnt from the errors of the day in between, and would call many of yesterday's
   * misses hits. The adapted quantile is kept unclamped and only read within [0.5, 0.999]: clamped,
   * a day of misses raised it only to 0.999 while the quiet weeks after it lowered it freely, and
   * coverage ended lower than without adapting (idle-week, one day ahead, at a gain of 0.005 per
   * error: 89.2 % → 87.7 %).
   *
   * @param error the error, in the units of {@link #add}
   * @param issuedLower {@link #lowerAt} of this bucket when the forecast was made
   * @param issuedUpper {@link #upperAt} of this bucket when the forecast was made
   * @param weight the steps this error stands for, as in {@link #add(int, double, double)}
   */
  void adaptCoverage(
      int bucket, double error, double issuedLower, double issuedUpper, double weight) {
    if (coverageGain == 0
        || learnt[bucket] < MIN_ERRORS
        || Double.isNaN(error)
        || Double.isNaN(issuedLower)
        || Double.isNaN(issuedUpper)) {
      return;
    }
    double highMiss = error > issuedUpper ? 1 : 0;
    double lowMiss = error < issuedLower ? 1 : 0;
    double gain = coverageGain * weight;
    tauHighNow[bucket] += gain * (highMiss - (1 - tauHigh));
    tauLowNow[bucket] -= gain * (lowMiss - tauLow);
  }

  /** The {@code tau} quantile of bucket {@code bucket}'s errors, NaN before any error. */
  private double quantile(int bucket, double tau) {
    int o = bucket * SLOTS;
    double spread = state[o + BINS + 4];
    if (learnt[bucket] == 0) {
      return Double.NaN;
    }
    if (learnt[bucket] < MIN_ERRORS || !(spread > 0)) {
      return (tau < 0.5 ? -EARLY_BOUND : EARLY_BOUND) * spread;
    }
    double total = state[o + BINS] + state[o + BINS + 2];
    for (int i = 0; i < BINS; i++) {
      total += state[o + i];
    }
    double wanted = tau * total;
    double below = state[o + BINS];
    if (wanted <= below) {
      return spread * state[o + BINS + 1] / below;
    }
    double cumulative = below;
    double width = 2 * RANGE / BINS;
    for (int i = 0; i < BINS; i++) {
      double mass = state[o + i];
      if (mass > 0 && cumulative + mass >= wanted) {
        double fraction = (wanted - cumulative) / mass;
        return spread * (-RANGE + (i + fraction) * width);
      }
      cumulative += mass;
    }
    double above = state[o + BINS + 2];
    return above > 0 ? spread * state[o + BINS + 3] / above : spread * RANGE;
  }

  /** The bucket whose lag is the largest not above {@code steps} (0 for steps <= 1). */
  int bucketAtOrBelow(long steps) {
    int b = 0;
    while (b + 1 < lags.length && lags[b + 1] <= steps) {
      b++;
    }
    return b;
  }

  /** Lower bound of the error at horizon {@code steps} (<= 0 in practice); NaN if unknown. */
  double lower(long steps) {
    return bound(steps, false);
  }

  /** Upper bound of the error at horizon {@code steps}; NaN if unknown. */
  double upper(long steps) {
    return bound(steps, true);
  }

  /** Lower bound of bucket {@code bucket} itself (borrowed while it has too few errors). */
  double lowerAt(int bucket) {
    return valueOrBorrowed(bucket, false);
  }

  /** Upper bound of bucket {@code bucket} itself (borrowed while it has too few errors). */
  double upperAt(int bucket) {
    return valueOrBorrowed(bucket, true);
  }

  private double bound(long steps, boolean upper) {
    long h = Math.max(1, steps);
    int b = bucketAtOrBelow(h);
    double v0 = valueOrBorrowed(b, upper);
    if (b + 1 >= lags.length || h <= lags[b]) {
      return v0;
    }
    double v1 = valueOrBorrowed(b + 1, upper);
    double w = (Math.log(h) - Math.log(lags[b])) / (Math.log(lags[b + 1]) - Math.log(lags[b]));
    return v0 + w * (v1 - v0);
  }

  private double valueOrBorrowed(int bucket, boolean upper) {
    if (learnt[bucket] >= MIN_ERRORS) {
      return quantile(bucket, tauOf(bucket, upper));
    }
    for (int b = bucket - 1; b >= 0; b--) {
      if (learnt[b] >= MIN_ERRORS) {
        return quantile(b, tauOf(b, upper)) * Math.sqrt((double) lags[bucket] / lags[b]);
      }
    }
    return quantile(bucket, tauOf(bucket, upper));
  }

  private double tauOf(int bucket, boolean upper) {
    return upper
        ? Math.min(MAX_TAU, Math.max(0.5, tauHighNow[bucket]))
        : Math.max(1 - MAX_TAU, Math.min(0.5, tauLowNow[bucket]));
  }

  void write(DataOutput out) throws IOException {
    out.writeInt(lags.length);
    ForecasterCodec.writeArray(out, state);
    for (int b = 0; b < count.length; b++) {
      out.writeLong(count[b]);
      out.writeLong(learnt[b]);
      out.writeDouble(tauLowNow[b]);
      out.writeDouble(tauHighNow[b]);
    }
  }

  void read(DataInput in) throws IOException {
    int n = in.readInt();
    if (n != lags.length) {
      throw new IllegalArgumentException(
          "bytes: interval state has " + n + " buckets, expected " + lags.length);
    }
    ForecasterCodec.readInto(in, state, "interval histogram");
    for (int b = 0; b < n; b++) {
      count[b] = in.readLong();
      learnt[b] = in.readLong();
      tauLowNow[b] = in.readDouble();
      tauHighNow[b] = in.readDouble();
    }
  }
}
