package io.headroom.core.scaling;

import io.headroom.core.forecast.ForecastPoint;

/**
 * A running check that a forecaster's recent forecasts have not been too high: an exponentially
 * weighted share of one-step-ahead forecasts whose lower bound was above the actual load. A
 * calibrated 95 % interval leaves about 2.5 % of actuals below it; when the share passes {@code
 * maxShare} (after an outage, when traffic moved away, on a model fooled by a one-off), the
 * forecast is distrusted and the predictive policy falls back to the HPA until the forecasts
 * recover. Forecasts that are too low are not penalised: the reactive path already covers them.
 *
 * <p>Immutable and tiny, so a stream job can keep it in keyed state next to the scaling history.
 *
 * @param alpha weight of the newest observation, {@code 2 / (windowSteps + 1)}
 * @param maxShare the share above which the forecast is distrusted, in (0, 1]
 * @param overForecastShare the current weighted share of actuals below the forecast's lower bound
 */
public record ForecastTrust(double alpha, double maxShare, double overForecastShare) {
  /**
   * Half of recent actuals below the lower bound is far from the ~2.5 % a calibrated interval
   * gives.
   */
  public static final double DEFAULT_MAX_SHARE = 0.5;

  public ForecastTrust {
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha: " + alpha + " must be in (0, 1]");
    }
    if (!(maxShare > 0 && maxShare <= 1)) {
      throw new IllegalArgumentException("maxShare: " + maxShare + " must be in (0, 1]");
    }
  }

  /** A fresh check weighting roughly the last {@code windowSteps} steps. */
  public static ForecastTrust over(int windowSteps, double maxShare) {
    if (windowSteps < 1) {
      throw new IllegalArgumentException("windowSteps: " + windowSteps + " must be >= 1");
    }
    return new ForecastTrust(2.0 / (windowSteps + 1), maxShare, 0);
  }

  /** The check after comparing the actual load of a step with the forecast made for it. */
  public ForecastTrust observe(double actual, ForecastPoint forecast) {
    double miss = actual < forecast.lower() ? 1 : 0;
    return new ForecastTrust(
        alpha, maxShare, overForecastShare + alpha * (miss - overForecastShare));
  }

  public boolean trusted() {
    return overForecastShare <= maxShare;
  }

  /** Why it is not trusted, for the decision's reason. */
  public String note() {
    return "recent actuals below its lower bound "
        + Math.round(overForecastShare * 100)
        + "% of the time";
  }
}
