package io.headroom.core.target;

import io.headroom.core.scaling.HpaSpec;
import io.headroom.core.scaling.PredictiveSettings;
import io.headroom.core.window.Statistic;
import java.time.Duration;
import java.util.Map;

/**
 * One scaling target of the targets file.
 *
 * @param name the target, i.e. the service whose windows it reads
 * @param policy reactive HPA or predictive
 * @param replicas how the current replica count is known
 * @param replicasMetric the gauge of running replicas (its windows' max)
 * @param spec the pasted HPA spec
 * @param metrics for every metric key of the spec, where its value comes from
 * @param predictive the predictive policy's settings; null for {@link Policy#HPA}
 * @param forecastMetric the forecast metric ({@code load.forecasts} metric) the predictive policy
 *     reads
 * @param forecastStatistic the window number the forecast is of, to check its accuracy
 * @param trustWindow span over which the forecast's recent over-forecasting is weighed
 * @param queue for a queue target, its consumer group and KEDA's rules (the lag decides, see {@link
 *     LiveTarget#decideQueue}); null for a target decided from its windows
 */
public record TargetConfig(
    String name,
    Policy policy,
    ReplicasMode replicas,
    String replicasMetric,
    HpaSpec spec,
    Map<String, MetricSource> metrics,
    PredictiveSettings predictive,
    String forecastMetric,
    Statistic forecastStatistic,
    Duration trustWindow,
    QueueSource queue) {

  public TargetConfig {
    metrics = Map.copyOf(metrics);
  }

  /** True for a queue target: decided from its consumer group's lag, KEDA's Kafka scaler. */
  public boolean isQueue() {
    return queue != null;
  }

  /** The policy as commands name it: {@code hpa}, {@code predictive}, or {@code queue}. */
  public String policyLabel() {
    return isQueue() ? "queue" : policy.label();
  }

  /** Which engine decides. */
  public enum Policy {
    /** The reactive HPA, exactly. */
    HPA,
    /** The HPA plus the forecast's proposal (core's PredictiveScaling). */
    PREDICTIVE;

    public String label() {
      return this == HPA ? "hpa" : "predictive";
    }
  }

  /** Where the current replica count comes from. */
  public enum ReplicasMode {
    /**
     * The replicas gauge: decisions say what the HPA would ask for given what runs now (shadow
     * mode, when nobody applies the commands, as in the demo).
     */
    OBSERVED,
    /**
     * The job's own last command, as the HPA reads {@code scale.spec.replicas}; the gauge tells how
     * many of them are ready. For a closed loop where a consumer applies every command.
     */
    COMMANDED
  }
}
