package io.headroom.core.scaling;

import java.time.Instant;

/**
 * One decision and its explanation, as written to {@code scaling.commands}.
 *
 * @param time decision time
 * @param from replica count before
 * @param to replica count to set ({@code from} when nothing changes)
 * @param drivingMetric the metric whose proposal was the largest ({@code forecast} when the forecast
 *     was, empty when no metric was computed)
 * @param metricValue its current value (percent for Utilization targets; NaN when unknown)
 * @param metricTarget its target (same unit; NaN when unknown)
 * @param recommendation the raw recommendation before stabilization, policies and bounds
 * @param limit the step that shaped the result
 * @param reason a sentence a human reads: what the metrics said, and what limited the change
 * @param forecast how the forecast took part ({@link ForecastUse#NONE} for the reactive engine)
 * @param forecastLoad the forecast load behind the forecast's proposal (the expected load or the
 *     quantile bound, whichever asked for more replicas); NaN when no forecast was used
 * @param history the history to store and pass to the next decision
 */
public record ScalingDecision(
    Instant time,
    int from,
    int to,
    String drivingMetric,
    double metricValue,
    double metricTarget,
    int recommendation,
    Limit limit,
    String reason,
    ForecastUse forecast,
    double forecastLoad,
    ScalingHistory history) {

  /** How the load forecast took part in a decision. */
  public enum ForecastUse {
    /** Reactive engine: no forecast involved. */
    NONE,
    /** The forecast recommendation was above the reactive one and was proposed instead. */
    RAISED,
    /** A trusted forecast was available but asked for no more than the reactive engine. */
    BELOW_REACTIVE,
    /** No forecast was available: exactly the HPA's decision. */
    ABSENT,
    /** The forecast was not trusted (too little history, or recent actuals far off): exactly the HPA's decision. */
    UNTRUSTED
  }

  public boolean scales() {
    return to != from;
  }
}
