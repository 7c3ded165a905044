package io.headroom.core.forecast;

import java.time.Instant;
import java.util.List;

/** A point forecast for one future step with its prediction interval (lower <= value <= upper). */
public record ForecastPoint(Instant timestamp, double value, double lower, double upper) {
  /** False when the value or a bound is infinite or NaN (a model with too little history). */
  public boolean isFinite() {
    return Double.isFinite(value) && Double.isFinite(lower) && Double.isFinite(upper);
  }

  /**
   * True when every point has a finite value and interval: only such forecasts are published, as
   * the scaling job dead-letters any other.
   */
  public static boolean allFinite(List<ForecastPoint> points) {
    for (ForecastPoint point : points) {
      if (!point.isFinite()) {
        return false;
      }
    }
    return true;
  }
}
