package io.headroom.core.scaling;

import io.headroom.core.forecast.ForecastPoint;
import java.util.List;

/**
 * A load forecast as the predictive policy receives it: the points a {@code LoadForecaster}
 * returned (future steps, each with a prediction interval), the model's name, and whether the
 * caller trusts it right now.
 *
 * @param model model name, for explanations
 * @param trusted false when the model has too little history or recent actuals fell far outside its
 *     intervals; the policy then behaves exactly like the HPA
 * @param points forecast points in time order (start of each step)
 * @param note why it is untrusted (empty when trusted)
 */
public record LoadForecast(String model, boolean trusted, List<ForecastPoint> points, String note) {
  public LoadForecast {
    points = List.copyOf(points);
    note = note == null ? "" : note;
  }

  public static LoadForecast trusted(String model, List<ForecastPoint> points) {
    return new LoadForecast(model, true, points, "");
  }

  public static LoadForecast untrusted(String model, String note) {
    return new LoadForecast(model, false, List.of(), note);
  }
}
