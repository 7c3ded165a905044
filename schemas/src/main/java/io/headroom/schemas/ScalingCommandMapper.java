package io.headroom.schemas;

import io.headroom.core.queue.QueueDecision;
import io.headroom.core.queue.ScaledObject;
import io.headroom.core.scaling.ScalingDecision;
import io.headroom.core.target.LiveTarget;
import java.time.Instant;

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

  /** The {@code limit} of a queue target's command that was skipped (the lag could not be read). */
  public static final String SKIPPED = "SKIPPED";

  /**
   * A queue target's outcome: KEDA's or the HPA's decision ({@code limit} is the HPA's limit, or
   * KEDA's action such as {@code SCALE_FROM_ZERO}; the driving metric is the lag KEDA reported), or
   * a skip ({@code limit} {@value #SKIPPED}, no change, the reason naming what could not be read).
   */
  public static ScalingCommand toCommand(String target, String policy, LiveTarget.QueueDecided q) {
    Instant time = Instant.ofEpochMilli(q.time());
    ScalingCommand.Builder command =
        ScalingCommand.newBuilder()
            .setCommandId(target + "|" + q.time())
            .setTarget(target)
            .setDecidedAt(time)
            .setPolicy(policy)
            .setDrivingMetric(ScaledObject.METRIC_NAME)
            .setForecastUsed(false)
            .setForecastValue(null);
    if (q.isSkipped()) {
      return command
          .setFromReplicas(q.replicas())
          .setToReplicas(q.replicas())
          .setLimit(SKIPPED)
          .setMetricValue(0.0)
          .setMetricTarget(0.0)
          .setReason(q.skipped())
          .build();
    }
    QueueDecision d = q.decision();
    // the predictive mode: the expected lag when it raised the one measured
    boolean raised = d.forecast() != null && d.forecast().raises();
    return command
        .setForecastUsed(raised)
        .setForecastValue(raised ? (double) d.forecast().lag() : null)
        .setFromReplicas(d.from())
        .setToReplicas(d.to())
        .setLimit(
            d.action() == QueueDecision.Action.HPA ? d.hpa().limit().name() : d.action().name())
        .setMetricValue(d.lag().metricValue())
        .setMetricTarget(d.lag().lagThreshold())
        .setReason(d.reason())
        .build();
  }
}
