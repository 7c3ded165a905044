package io.headroom.core.suite;

import io.headroom.core.backtest.BacktestResult;
import io.headroom.core.forecast.eval.AccuracyReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything the suite measured on one trace.
 *
 * @param name the trace's name
 * @param points rows in the trace
 * @param step the trace's step
 * @param capacity load per replica used by the scaling backtests (peak / replicas at peak)
 * @param forecastWarmup history before the first forecast origin, as used on this trace
 * @param scalingWarmup span left out of the scaling metrics, as used on this trace
 * @param forecasts rolling-origin accuracy per horizon, over all lead times up to it
 * @param hpa reactive runs by CPU target (%)
 * @param predictive the predictive policy at the policy target
 * @param seasonalNaive the seasonal-naive predictive reference
 * @param oracle the oracle reference
 * @param policyTarget the CPU target of the policy and the references
 */
public record TraceEvaluation(
    String name,
    int points,
    Duration step,
    double capacity,
    Duration forecastWarmup,
    Duration scalingWarmup,
    List<HorizonAccuracy> forecasts,
    Map<Integer, BacktestResult> hpa,
    BacktestResult predictive,
    BacktestResult seasonalNaive,
    BacktestResult oracle,
    int policyTarget) {

  /** Forecast accuracy at one horizon. */
  public record HorizonAccuracy(Duration horizon, AccuracyReport report) {}

  public HpaFrontier frontier() {
    return new HpaFrontier(List.copyOf(hpa.values()));
  }

  /** The reactive run at the policy's target, the reference of the goals. */
  public BacktestResult reference() {
    return hpa.get(policyTarget);
  }

  /** Predictive tau_U as a share of the reference's (1 = no better). */
  public double tauURatio() {
    return ratio(predictive.tauU(), reference().tauU());
  }

  /** Predictive replica-hours as a share of the reference's. */
  public double replicaHoursRatio() {
    return ratio(predictive.replicaHours(), reference().replicaHours());
  }

  private static double ratio(double a, double b) {
    return b == 0 ? (a == 0 ? 1 : Double.POSITIVE_INFINITY) : a / b;
  }
}
