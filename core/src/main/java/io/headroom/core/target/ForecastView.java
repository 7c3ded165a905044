package io.headroom.core.target;

import io.headroom.core.forecast.ForecastPoint;
import java.util.List;

/**
 * A forecast as the scaling job keeps it.
 *
 * @param fittedAt when it was made (epoch ms): it may be used by decisions from then on
 * @param model model name
 * @param trusted the model's own verdict (false while its history is too short)
 * @param stepSeconds spacing of the points
 * @param points the forecast steps
 */
public record ForecastView(
    long fittedAt, String model, boolean trusted, int stepSeconds, List<ForecastPoint> points) {
  public ForecastView {
    points = List.copyOf(points);
  }

  /** The point of the step starting at {@code startMillis}, or null. */
  public ForecastPoint pointAt(long startMillis) {
    for (ForecastPoint point : points) {
      if (point.timestamp().toEpochMilli() == startMillis) {
        return point;
      }
    }
    return null;
  }
}
