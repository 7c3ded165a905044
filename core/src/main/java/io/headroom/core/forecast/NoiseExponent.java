package io.headroom.core.forecast;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * How the size of forecast errors grows with the level of the series: {@code |error| ∝
 * level^exponent}. Request counts are Poisson-like (0.5: the square root), CPU or memory
 * utilisation often has noise of about the same size at any level (0). Learnt from one-step errors,
 * comparing the mean error below the series' mean with the mean error above it; 0.5 until each side
 * has {@code minErrors} errors or where the two sides' levels hardly differ (a flat series, where
 * the exponent does not matter). Held at most 0.5: estimates above it came from the unit's level
 * floor and from shape errors at the peak, not from the noise (docs/forecasting.md).
 */
final class NoiseExponent {
  static final double PRIOR = 0.5;

  /** Below this log-level gap between the sides the slope is mostly noise. */
  static final double MIN_GAP = 0.2;

  /** An error counts at most this many times its side's mean: a spike says little about noise. */
  static final double CLIP = 5;

  private final double gain;
  private final long minErrors;
  private final double[] meanError = new double[2]; // below, above the series' mean
  private final double[] meanLog = new double[2];
  private final long[] count = new long[2];
  private double exponent = PRIOR; // derived from the means; kept because intervals ask every step

  /**
   * @param memorySteps memory of the means, in steps
   * @param minErrors errors each side needs before the exponent is learnt
   */
  NoiseExponent(double memorySteps, long minErrors) {
    this.gain = 1 / Math.max(1, memorySteps);
    this.minErrors = minErrors;
  }

  /** Records a one-step error made at {@code relativeLevel} (the level over the series' mean). */
  void add(double relativeLevel, double absError) {
    if (!(relativeLevel > 0) || !Double.isFinite(absError)) {
      return;
    }
    double x = Math.log(relativeLevel);
    int side = x < 0 ? 0 : 1;
    long n = ++count[side];
    double g = Math.max(gain, 1.0 / n);
    double e = n > minErrors ? Math.min(absError, CLIP * meanError[side]) : absError;
    meanError[side] += g * (e - meanError[side]);
    meanLog[side] += g * (x - meanLog[side]);
    exponent = learnt();
  }

  /** The exponent, in [0, 0.5]. */
  double exponent() {
    return exponent;
  }

  private double learnt() {
    double gap = meanLog[1] - meanLog[0];
    if (count[0] < minErrors
        || count[1] < minErrors
        || gap < MIN_GAP
        || !(meanError[0] > 0)
        || !(meanError[1] > 0)) {
      return PRIOR;
    }
    double slope = (Math.log(meanError[1]) - Math.log(meanError[0])) / gap;
    return Math.max(0, Math.min(PRIOR, slope));
  }

  void write(DataOutput out) throws IOException {
    ForecasterCodec.writeArray(out, meanError);
    ForecasterCodec.writeArray(out, meanLog);
    out.writeLong(count[0]);
    out.writeLong(count[1]);
  }

  void read(DataInput in) throws IOException {
    ForecasterCodec.readInto(in, meanError, "noise error means");
    ForecasterCodec.readInto(in, meanLog, "noise level means");
    count[0] = in.readLong();
    count[1] = in.readLong();
    exponent = learnt();
  }
}
