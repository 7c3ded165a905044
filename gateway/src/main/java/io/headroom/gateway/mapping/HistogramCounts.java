package io.headroom.gateway.mapping;

import io.headroom.core.sketch.SketchAccumulator;
import java.util.Arrays;

/**
 * The bucket counts of one histogram point, free of the wire format, in a form two points of one
 * series subtract in (cumulative points become the deltas of their intervals) and that turns into a
 * DDSketch. {@code sum}, {@code min} and {@code max} are NaN when the point does not carry them
 * (and min and max always in a difference of cumulative points: the extremes of an interval are
 * unknown).
 */
public sealed interface HistogramCounts {
  long count();

  /**
   * This point less an earlier point of the same series, or null when it is not a continuation of
   * it (fewer samples in some bucket or in total: the source restarted).
   */
  HistogramCounts minus(HistogramCounts earlier);

  /** Whether an earlier point of the series can be subtracted from this one at all. */
  boolean comparableTo(HistogramCounts earlier);

  /**
   * The samples as a sketch of the given accuracy, each bucket's count at a representative value
   * inside the bucket, every value multiplied by {@code scale} (> 0).
   *
   * @throws IllegalArgumentException when a representative value is beyond what a DDSketch indexes
   */
  SketchAccumulator toSketch(double relativeAccuracy, double scale);

  /** The mean sample (sum / count) when the sum is known, else NaN. */
  default double mean() {
    return Double.NaN;
  }

  /**
   * An OTLP explicit-bucket histogram (also the shape of a Prometheus classic histogram): bucket i
   * holds the samples in (bounds[i-1], bounds[i]], the first from -inf, the last to +inf.
   *
   * <p>Error bound: a sample in a bucket (l, u] with 0 < l is represented by sqrt(l * u), within a
   * factor sqrt(u / l) of it; quantiles are therefore within (1 + a) * sqrt(u / l) - 1 relative
   * error (a: the sketch's accuracy). The open-ended first and last buckets use the point's min and
   * max when it carries them, else their finite bound.
   */
  record Explicit(double[] bounds, long[] counts, long count, double sum, double min, double max)
      implements HistogramCounts {
    public Explicit {
      if (counts.length != bounds.length + 1) {
        throw new IllegalArgumentException(
            counts.length + " bucket counts for " + bounds.length + " bounds; expected bounds + 1");
      }
    }

    @Override
    public boolean comparableTo(HistogramCounts earlier) {
      return earlier instanceof Explicit e && Arrays.equals(bounds, e.bounds);
    }

    @Override
    public HistogramCounts minus(HistogramCounts earlier) {
      Explicit e = (Explicit) earlier;
      long[] delta = new long[counts.length];
      for (int i = 0; i < counts.length; i++) {
        delta[i] = counts[i] - e.counts[i];
        if (delta[i] < 0) {
          return null;
        }
      }
      if (count < e.count) {
        return null;
      }
      return new Explicit(bounds, delta, count - e.count, sum - e.sum, Double.NaN, Double.NaN);
    }

    @Override
    public SketchAccumulator toSketch(double relativeAccuracy, double scale) {
      SketchAccumulator sketch = new SketchAccumulator(relativeAccuracy);
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] > 0) {
          double lower = i == 0 ? Double.NEGATIVE_INFINITY : bounds[i - 1];
          double upper = i == bounds.length ? Double.POSITIVE_INFINITY : bounds[i];
          sketch.add(representative(lower, upper) * scale, counts[i]);
        }
      }
      return sketch.replaceAggregates(sum * scale, min * scale, max * scale);
    }

    @Override
    public double mean() {
      return count == 0 ? Double.NaN : sum / count;
    }

    private double representative(double lower, double upper) {
      if (lower == Double.NEGATIVE_INFINITY) {
        lower = Double.isNaN(min) ? upper : Math.min(min, upper);
      }
      if (upper == Double.POSITIVE_INFINITY) {
        upper = Double.isNaN(max) ? lower : Math.max(max, lower);
      }
      double value;
      if (Double.isInfinite(lower) || Double.isInfinite(upper)) {
        // No bounds at all and no extremes: the mean is all there is.
        value = Double.isNaN(mean()) ? 0 : mean();
      } else if (lower > 0) {
        value = Math.sqrt(lower * upper);
      } else if (upper < 0) {
        value = -Math.sqrt(lower * upper);
      } else {
        value = (lower + upper) / 2;
      }
      return clamp(value);
    }

    private double clamp(double value) {
      double low = Double.isNaN(min) ? value : Math.max(min, value);
      return Double.isNaN(max) ? low : Math.min(max, low);
    }
  }

  /**
   * Consecutive log-scale buckets of an exponential histogram: bucket {@code offset + i} holds
   * {@code counts[i]}.
   */
  record Buckets(int offset, long[] counts) {
    static final Buckets EMPTY = new Buckets(0, new long[0]);

    long at(int index) {
      int i = index - offset;
      return i >= 0 && i < counts.length ? counts[i] : 0;
    }

    /** The same samples at a scale {@code by} lower: 2^by neighbouring buckets become one. */
    Buckets downscale(int by) {
      if (by == 0 || counts.length == 0) {
        return this;
      }
      int first = offset >> by;
      int last = (offset + counts.length - 1) >> by;
      long[] merged = new long[last - first + 1];
      for (int i = 0; i < counts.length; i++) {
        merged[((offset + i) >> by) - first] += counts[i];
      }
      return new Buckets(first, merged);
    }

    /** These less {@code earlier} (same scale), or null where some bucket would go negative. */
    Buckets minus(Buckets earlier) {
      for (int i = 0; i < earlier.counts.length; i++) {
        if (earlier.counts[i] > at(earlier.offset + i)) {
          return null;
        }
      }
      long[] delta = counts.clone();
      for (int i = 0; i < delta.length; i++) {
        delta[i] -= earlier.at(offset + i);
      }
      return new Buckets(offset, delta);
    }
  }

  /**
   * An OTLP exponential histogram: at scale s the base is 2^(2^-s) and positive bucket i holds
   * (base^i, base^(i+1)]; the negative buckets mirror them; the zero bucket holds |x| <= the zero
   * threshold.
   *
   * <p>Error bound: each bucket's count enters the sketch at base^(i + 1/2), within a factor
   * sqrt(base) of every sample in the bucket, so quantiles are within (1 + a) * sqrt(base) - 1
   * relative error (a: the sketch's accuracy): at scale 5 (the SDK's scale for data spanning about
   * 2^5) 2.1 % with a = 1 %, at scale 7 1.3 %, tending to a as the scale grows.
   */
  record Exponential(
      int scale,
      long zeroCount,
      Buckets positive,
      Buckets negative,
      long count,
      double sum,
      double min,
      double max)
      implements HistogramCounts {

    @Override
    public boolean comparableTo(HistogramCounts earlier) {
      return earlier instanceof Exponential;
    }

    @Override
    public HistogramCounts minus(HistogramCounts earlier) {
      Exponential e = (Exponential) earlier;
      int common = Math.min(scale, e.scale);
      Buckets positiveDelta =
          positive.downscale(scale - common).minus(e.positive.downscale(e.scale - common));
      Buckets negativeDelta =
          negative.downscale(scale - common).minus(e.negative.downscale(e.scale - common));
      if (positiveDelta == null
          || negativeDelta == null
          || zeroCount < e.zeroCount
          || count < e.count) {
        return null;
      }
      return new Exponential(
          common,
          zeroCount - e.zeroCount,
          positiveDelta,
          negativeDelta,
          count - e.count,
          sum - e.sum,
          Double.NaN,
          Double.NaN);
    }

    @Override
    public SketchAccumulator toSketch(double relativeAccuracy, double scaleFactor) {
      SketchAccumulator sketch = new SketchAccumulator(relativeAccuracy);
      double logBase = Math.log(2) * Math.scalb(1.0, -scale);
      sketch.add(0, zeroCount);
      for (int i = 0; i < positive.counts().length; i++) {
        long n = positive.counts()[i];
        if (n > 0) {
          sketch.add(clamp(Math.exp((positive.offset() + i + 0.5) * logBase)) * scaleFactor, n);
        }
      }
      for (int i = 0; i < negative.counts().length; i++) {
        long n = negative.counts()[i];
        if (n > 0) {
          sketch.add(clamp(-Math.exp((negative.offset() + i + 0.5) * logBase)) * scaleFactor, n);
        }
      }
      return sketch.replaceAggregates(sum * scaleFactor, min * scaleFactor, max * scaleFactor);
    }

    @Override
    public double mean() {
      return count == 0 ? Double.NaN : sum / count;
    }

    private double clamp(double value) {
      double low = Double.isNaN(min) ? value : Math.max(min, value);
      return Double.isNaN(max) ? low : Math.min(max, low);
    }
  }
}
