package io.headroom.core.forecast;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A periodic profile as a linear spline on {@code n} equally spaced knots over phase [0, 1). Each
 * knot learns with gain max(g, 1 / its accumulated weight), i.e. a running mean until it has seen
 * enough to forget at rate g.
 */
final class PeriodicProfile {
  private final double[] values;
  private final double[] weights;

  PeriodicProfile(int knots) {
    values = new double[knots];
    weights = new double[knots];
  }

  int size() {
    return values.length;
  }

  double valueAt(double phase) {
    if (values.length == 0) {
      return 0;
    }
    double x = (phase - Math.floor(phase)) * values.length;
    int i = (int) Math.floor(x);
    double w = x - i;
    i = Math.floorMod(i, values.length);
    int j = (i + 1) % values.length;
    return (1 - w) * values[i] + w * values[j];
  }

  /**
   * The mean of the profile over the {@code 2 radius + 1} knot spacings centred on {@code phase}.
   */
  double smoothedAt(double phase, int radius) {
    if (values.length == 0 || radius <= 0) {
      return valueAt(phase);
    }
    double sum = 0;
    for (int i = -radius; i <= radius; i++) {
      sum += valueAt(phase + (double) i / values.length);
    }
    return sum / (2 * radius + 1);
  }

  /** Combined weight seen by the two knots around {@code phase}. */
  double weightAt(double phase) {
    if (values.length == 0) {
      return 0;
    }
    double x = phase * values.length;
    int i = Math.floorMod((int) Math.floor(x), values.length);
    return weights[i] + weights[(i + 1) % values.length];
  }

  /**
   * Moves the two knots around {@code phase} towards explaining {@code error} (each knot is a
   * kernel-weighted average of what the profile should have been near it, so a gain never exceeds
   * 1); returns how much of the error the profile now explains at that phase.
   */
  double learn(double phase, double error, double gain) {
    if (values.length == 0) {
      return 0;
    }
    double x = phase * values.length;
    int i = (int) Math.floor(x);
    double w = x - i;
    i = Math.floorMod(i, values.length);
    int j = (i + 1) % values.length;
    double before = (1 - w) * values[i] + w * values[j];
    double target = before + error;
    nudge(i, 1 - w, target, gain);
    nudge(j, w, target, gain);
    return (1 - w) * values[i] + w * values[j] - before;
  }

  private void nudge(int knot, double weight, double target, double gain) {
    if (weight <= 0) {
      return;
    }
    weights[knot] += weight;
    values[knot] += Math.max(gain * weight, weight / weights[knot]) * (target - values[knot]);
  }

  /** Learns a level (not an error): the knots around {@code phase} move towards {@code target}. */
  void learnLevel(double phase, double target, double gain) {
    learn(phase, target - valueAt(phase), gain);
  }

  /** The mean over all knots (the mean of the spline over a period); 0 without knots. */
  double mean() {
    if (values.length == 0) {
      return 0;
    }
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  /** Replaces every knot v by {@code (v + offset) * factor}. */
  void shift(double offset, double factor) {
    for (int i = 0; i < values.length; i++) {
      values[i] = (values[i] + offset) * factor;
    }
  }

  void write(DataOutput out) throws IOException {
    ForecasterCodec.writeArray(out, values);
    ForecasterCodec.writeArray(out, weights);
  }

  void read(DataInput in) throws IOException {
    ForecasterCodec.readInto(in, values, "profile values");
    ForecasterCodec.readInto(in, weights, "profile weights");
  }
}
