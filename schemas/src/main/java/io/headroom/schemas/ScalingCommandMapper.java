package io.headroom.schemas;

import io.headroom.core.scaling.ScalingDecision;

/** Core scaling decisions to the wire records of the {@code scaling.commands} topic. */
public final class ScalingCommandMapper {
  private ScalingCommandMapper() {}

  /**
   * @param target the scaling target the decision is for
   * @param policy the policy that decided ({@code hpa}, {@code predictive})
   * @param forecastValue the expected load the predictive policy looked at, or null
   */
  public static ScalingCommand toCommand(
      String target, String policy, ScalingDecision decision, Double forecastValue) {
    return ScalingCommand.newBuilder()
        .setCommandId(target + "|" + decision.time().toEpochMilli())
        .setTarget(target)
        .setDecidedAt(decision.time())
        .setFromReplicas(decision.from())
        .setToReplicas(decision.to())
        .setPolicy(policy)
        .setLimit(decision.limit().name())
        .setDrivingMetric(decision.drivingMetric())
        .setMetricValue(decision.metricValue())
        .setMetricTarget(decision.metricTarget())
        .setForecastUsed(decision.forecast() == ScalingDecision.ForecastUse.RAISED)
        .setForecastValue(forecastValue)
        .setReason(decision.reason())
        .build();
  }
}
