package io.headroom.core.forecast;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Holt's linear trend with a damped trend (Gardner and McKenzie), on the raw series: the candidate
 * of {@link EnsembleForecaster} for a level that keeps moving, such as a service growing within the
 * day. Memories are in steps, derived from time by the caller; a gap of g steps damps the trend g
 * times and leaves the level where it was. O(1) per update, four numbers of state.
 */
final class DampedTrend {
  private final double levelGain;
  private final double trendGain;
  private final double damping;
  private double level = Double.NaN;
  private double trend;
  private long lastIndex = -1;

  /**
   * @param levelSteps memory of the level, in steps
   * @param trendSteps memory of the trend, in steps
   * @param dampingSteps steps over which the trend's effect falls to 1/e
   */
  DampedTrend(double levelSteps, double trendSteps, double dampingSteps) {
    this.levelGain = 1 / Math.max(1, levelSteps);
    this.trendGain = 1 / Math.max(1, trendSteps);
    this.damping = Math.exp(-1 / Math.max(1, dampingSteps));
  }

  void update(long index, double value) {
    if (Double.isNaN(level)) {
      level = value;
      lastIndex = index;
      return;
    }
    for (long gap = lastIndex + 1; gap < index && gap < lastIndex + 10_000; gap++) {
      trend *= damping;
    }
    double previous = level;
    double predicted = level + damping * trend;
    level = predicted + levelGain * (value - predicted);
    trend = damping * trend + trendGain * (level - previous - damping * trend);
    lastIndex = index;
  }

  /** The forecast {@code h} (>= 1) steps after the last update; NaN before the first. */
  double forecast(long h) {
    if (Double.isNaN(level)) {
      return Double.NaN;
    }
    double sum = damping == 1 ? h : damping * (1 - Math.pow(damping, h)) / (1 - damping);
    return Math.max(0, level + sum * trend);
  }

  void write(DataOutput out) throws IOException {
    out.writeDouble(level);
    out.writeDouble(trend);
    out.writeLong(lastIndex);
  }

  void read(DataInput in) throws IOException {
    level = in.readDouble();
    trend = in.readDouble();
    lastIndex = in.readLong();
  }
}
