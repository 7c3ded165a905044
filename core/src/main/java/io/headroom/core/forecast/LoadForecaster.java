package io.headroom.core.forecast;

import java.time.Instant;
import java.util.List;

/**
 * An online load forecasting model for one series at a regular step. Observations arrive in time
 * order; missing steps are gaps. Implementations update in O(1) amortised per observation, never
 * refitting the whole history, so a job can hold one per service.
 */
public interface LoadForecaster {
  /** Model name as used on the CLI and in {@code load_forecasts.model}. */
  String name();

  /** Adds the observation for the step starting at {@code time}. Times must increase. */
  void update(Instant time, double value);

  /**
   * Forecasts the next {@code steps} steps after the last observation, each with a prediction
   * interval at the model's configured level (95 % by default).
   */
  List<ForecastPoint> forecast(int steps);

  /**
   * False while the model has too little history to be trusted (e.g. fewer than two full seasons
   * for a seasonal model); callers then fall back to a simpler model or to reactive behaviour.
   */
  boolean isTrusted();
}
