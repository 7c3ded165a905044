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
   * Forecasts the {@code steps} steps after {@code origin}, i.e. the steps starting in {@code
   * (origin, origin + steps * step]}, when the model has seen nothing after {@code origin}. The
   * origin may lie after the last observation (a gap, an outage without rows); the horizon is then
   * counted from the last observation. Returns an empty list before the first observation.
   *
   * <p>The default implementation probes {@link #forecast(int)} for the step and drops the points
   * at or before the origin; models override it to avoid the extra work.
   */
  default List<ForecastPoint> forecast(Instant origin, int steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("steps: " + steps + " must be >= 0");
    }
    List<ForecastPoint> probe = forecast(2);
    if (probe.size() < 2 || steps == 0) {
      return List.of();
    }
    long stepSeconds =
        probe.get(1).timestamp().getEpochSecond() - probe.get(0).timestamp().getEpochSecond();
    long behind = origin.getEpochSecond() - probe.get(0).timestamp().getEpochSecond();
    int skip = behind < 0 ? 0 : (int) (behind / stepSeconds) + 1;
    List<ForecastPoint> all = forecast(skip + steps);
    return all.subList(Math.min(skip, all.size()), all.size());
  }

  /**
   * False while the model has too little history to be trusted (e.g. fewer than two full seasons
   * for a seasonal model); callers then fall back to a simpler model or to reactive behaviour.
   */
  boolean isTrusted();
}
