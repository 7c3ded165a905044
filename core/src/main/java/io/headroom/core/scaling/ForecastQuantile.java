package io.headroom.core.scaling;

import io.headroom.core.forecast.ForecastPoint;

/**
 * Reads the policy's quantile off a forecast point: the point plus a fixed number of its interval's
 * half-widths (computed once: the backtests ask for it at every decision).
 */
public final class ForecastQuantile {
  private final double halfWidths;

  public ForecastQuantile(PredictiveSettings settings) {
    this.halfWidths = settings.halfWidths();
  }

  /**
   * The load at the quantile, never negative: above the median the upper half-width counts, below
   * it the lower one.
   */
  public double of(ForecastPoint point) {
    return at(point, halfWidths);
  }

  /** The load {@code halfWidths} interval half-widths above the point forecast, never negative. */
  static double at(ForecastPoint point, double halfWidths) {
    double halfWidth =
        halfWidths >= 0 ? point.upper() - point.value() : point.value() - point.lower();
    return Math.max(0, point.value() + halfWidths * Math.max(0, halfWidth));
  }
}
