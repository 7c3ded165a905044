package io.headroom.core.forecast.eval;

import io.headroom.core.time.DurationText;
import java.time.Duration;

/**
 * What a rolling-origin backtest does: forecasts every {@code originStep} from the end of {@code
 * warmup} to the end of the trace, each for the steps in {@code (origin, origin + horizon]}.
 *
 * @param horizon how far each forecast reaches, a positive multiple of the trace step
 * @param originStep spacing of the origins, a positive multiple of the trace step
 * @param warmup history before the first origin, a multiple of the trace step (may be zero)
 */
public record BacktestSettings(Duration horizon, Duration originStep, Duration warmup) {
  public BacktestSettings {
    requirePositive("horizon", horizon);
    requirePositive("step", originStep);
    if (warmup == null || warmup.isNegative()) {
      throw new IllegalArgumentException(
          "warmup: " + (warmup == null ? "null" : "negative") + " must be >= 0");
    }
  }

  private static void requirePositive(String field, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(
          field + ": " + (value == null ? "null" : DurationText.format(value)) + " must be > 0");
    }
  }

  /** {@code value} in whole trace steps; throws if it is not a multiple of {@code traceStep}. */
  static long inSteps(String field, Duration value, Duration traceStep) {
    long seconds = value.getSeconds();
    long step = traceStep.getSeconds();
    if (value.getNano() != 0 || seconds % step != 0) {
      throw new IllegalArgumentException(
          field
              + ": "
              + DurationText.format(value)
              + " must be a multiple of the trace step "
              + DurationText.format(traceStep));
    }
    return seconds / step;
  }
}
