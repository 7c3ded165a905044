package io.headroom.core.backtest;

/**
 * The autoscaling metrics of one run (evaluation.md, "autoscaling metrics"), over the decision
 * steps after the warm-up. Percentages are 0..100 (theta_O may exceed 100).
 *
 * @param policy "hpa" or "predictive"
 * @param steps decision steps evaluated (after the warm-up)
 * @param demandSteps of which with demand {@code D > 0} (the base of theta and tau)
 * @param thetaU mean relative under-provisioning, {@code 100 × mean(max(D − S, 0) / D)}
 * @param thetaO mean relative over-provisioning, {@code 100 × mean(max(S − D, 0) / D)}
 * @param tauU share of time under-provisioned, {@code 100 × share(S < D)}
 * @param tauO share of time over-provisioned, {@code 100 × share(S > D)}
 * @param overflowRequests requests that met no capacity, {@code Σ max(D − S, 0) × capacity × Δt}
 * @param totalRequests all requests in the evaluated steps
 * @param replicaHours {@code Σ S × Δt / 3600}
 * @param scalingActions changes of the desired count
 * @param reversals changes whose direction differs from the previous change's
 * @param forecastRaised evaluated decisions where the forecast raised the recommendation
 *     (predictive only)
 * @param forecastUntrusted evaluated decisions made without a trusted forecast (predictive only)
 * @param quantileMean the mean forecast quantile over the evaluated decisions that used a trusted
 *     forecast (the tail budget moves it); NaN for other runs
 */
public record BacktestResult(
    String policy,
    long steps,
    long demandSteps,
    double thetaU,
    double thetaO,
    double tauU,
    double tauO,
    double overflowRequests,
    double totalRequests,
    double replicaHours,
    long scalingActions,
    long reversals,
    long forecastRaised,
    long forecastUntrusted,
    double quantileMean) {

  /** Overflow as a percentage of all requests (0 when there were none). */
  public double overflowSharePercent() {
    return totalRequests > 0 ? 100 * overflowRequests / totalRequests : 0;
  }
}
