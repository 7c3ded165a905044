package io.headroom.core.forecast;

import java.time.Instant;
import java.util.List;

/**
 * A model whose forecasts are laid on its {@link StepClock}'s grid: {@link #forecast(int)} and
 * {@link #forecast(Instant, int)} differ only in the first step, which this class works out once
 * for every model.
 */
abstract class GridForecaster implements StatefulForecaster {
  final StepClock clock;

  GridForecaster(SeasonalPeriods periods) {
    this.clock = new StepClock(periods);
  }

  @Override
  public final List<ForecastPoint> forecast(int steps) {
    requireSteps(steps);
    return clock.isEmpty() ? List.of() : forecastFrom(clock.lastIndex() + 1, steps);
  }

  @Override
  public final List<ForecastPoint> forecast(Instant origin, int steps) {
    requireSteps(steps);
    return clock.isEmpty() ? List.of() : forecastFrom(clock.firstIndexAfter(origin), steps);
  }

  /**
   * {@code steps} (>= 0) points from grid step {@code firstIndex} on; called only after an
   * observation.
   */
  abstract List<ForecastPoint> forecastFrom(long firstIndex, int steps);

  private static void requireSteps(int steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("steps: " + steps + " must be >= 0");
    }
  }
}
