package io.headroom.core.suite;

import io.headroom.core.backtest.BacktestSettings;
import io.headroom.core.scaling.PredictiveSettings;
import java.time.Duration;
import java.util.List;

/**
 * What the trace suite runs on every trace (evaluation.md): rolling-origin forecasts at each
 * horizon the trace's step allows, and the scaling backtest of the reactive HPA at several targets,
 * the predictive policy, and the seasonal-naive and oracle references.
 *
 * @param model forecasting model of the forecast evaluation and of the predictive policy
 * @param horizons forecast horizons; a horizon that is not a multiple of the step is skipped
 * @param originStep spacing of forecast origins
 * @param forecastWarmup history before the first forecast origin
 * @param scalingWarmup span at the start of each scaling backtest left out of its metrics
 * @param replicasAtPeak the capacity per replica is the trace's peak divided by this
 * @param hpaTargets CPU targets (%) of the reactive runs that draw the HPA frontier
 * @param policyTarget CPU target (%) of the predictive policy and the baselines
 * @param startup pod start-up delay
 * @param sync decision period
 * @param quantile forecast quantile of the predictive policy
 * @param tailBudget the predictive policy's tail budget ({@link PredictiveSettings#tailBudget})
 */
public record SuiteSettings(
    String model,
    List<Duration> horizons,
    Duration originStep,
    Duration forecastWarmup,
    Duration scalingWarmup,
    double replicasAtPeak,
    List<Integer> hpaTargets,
    int policyTarget,
    Duration startup,
    Duration sync,
    double quantile,
    double tailBudget) {
  public static final SuiteSettings DEFAULT =
      new SuiteSettings(
          "auto",
          List.of(Duration.ofMinutes(15), Duration.ofMinutes(60), Duration.ofHours(24)),
          Duration.ofMinutes(60),
          Duration.ofDays(7),
          Duration.ofDays(7),
          30,
          List.of(50, 60, 70, 80),
          70,
          BacktestSettings.DEFAULT_STARTUP,
          BacktestSettings.DEFAULT_SYNC,
          PredictiveSettings.DEFAULT_QUANTILE,
          PredictiveSettings.DEFAULT_TAIL_BUDGET);

  public SuiteSettings {
    horizons = List.copyOf(horizons);
    hpaTargets = List.copyOf(hpaTargets);
    if (!(replicasAtPeak > 0)) {
      throw new IllegalArgumentException("replicasAtPeak: " + replicasAtPeak + " must be > 0");
    }
    if (!hpaTargets.contains(policyTarget)) {
      throw new IllegalArgumentException(
          "policyTarget: " + policyTarget + " must be one of the HPA targets " + hpaTargets);
    }
  }

  public SuiteSettings withQuantile(double value) {
    return new SuiteSettings(
        model,
        horizons,
        originStep,
        forecastWarmup,
        scalingWarmup,
        replicasAtPeak,
        hpaTargets,
        policyTarget,
        startup,
        sync,
        value,
        tailBudget);
  }

  public SuiteSettings withTailBudget(double value) {
    return new SuiteSettings(
        model,
        horizons,
        originStep,
        forecastWarmup,
        scalingWarmup,
        replicasAtPeak,
        hpaTargets,
        policyTarget,
        startup,
        sync,
        quantile,
        value);
  }

  /**
   * The same suite without the forecast evaluation: scaling backtests only (for sweeps of the
   * policy).
   */
  public SuiteSettings withoutForecasts() {
    return new SuiteSettings(
        model,
        List.of(),
        originStep,
        forecastWarmup,
        scalingWarmup,
        replicasAtPeak,
        hpaTargets,
        policyTarget,
        startup,
        sync,
        quantile,
        tailBudget);
  }

  /** The same suite with {@code value} as both the forecast and the scaling warm-up. */
  public SuiteSettings withWarmup(Duration value) {
    if (value.isNegative()) {
      throw new IllegalArgumentException("warmup: " + value + " must not be negative");
    }
    return new SuiteSettings(
        model,
        horizons,
        originStep,
        value,
        value,
        replicasAtPeak,
        hpaTargets,
        policyTarget,
        startup,
        sync,
        quantile,
        tailBudget);
  }

  /**
   * {@code warmup}, but at most half of a trace spanning {@code span} (whole steps), so that a
   * trace shorter than twice the warm-up is still scored, on its second half, instead of refused.
   */
  public static Duration warmupWithin(Duration warmup, Duration span, Duration step) {
    Duration half = step.multipliedBy(span.dividedBy(step) / 2);
    return warmup.compareTo(half) > 0 ? half : warmup;
  }

  public SuiteSettings withModel(String value) {
    return new SuiteSettings(
        value,
        horizons,
        originStep,
        forecastWarmup,
        scalingWarmup,
        replicasAtPeak,
        hpaTargets,
        policyTarget,
        startup,
        sync,
        quantile,
        tailBudget);
  }
}
