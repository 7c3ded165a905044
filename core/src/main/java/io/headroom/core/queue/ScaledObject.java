package io.headroom.core.queue;

import io.headroom.core.scaling.Behavior;
import io.headroom.core.scaling.HpaSpec;
import io.headroom.core.scaling.MetricSpec;
import io.headroom.core.scaling.MetricTarget;
import java.time.Duration;
import java.util.List;

/**
 * The parts of a KEDA {@code ScaledObject} a lag decision needs.
 *
 * @param minReplicaCount {@code minReplicaCount} (KEDA's default 0: the target may sleep)
 * @param maxReplicaCount {@code maxReplicaCount} (KEDA's default 100)
 * @param cooldownPeriod {@code cooldownPeriod}: how long after the last active check the target is
 *     scaled to zero (KEDA's default 300 s)
 * @param behavior {@code advanced.horizontalPodAutoscalerConfig.behavior} of the HPA KEDA creates
 */
public record ScaledObject(
    int minReplicaCount, int maxReplicaCount, Duration cooldownPeriod, Behavior behavior) {
  public static final int DEFAULT_MAX_REPLICA_COUNT = 100;
  public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(300);

  /** The External metric's name, as KEDA names it for a topic ({@code s0-kafka-<topic>}). */
  public static final String METRIC_NAME = "s0-kafka-lag";

  public ScaledObject {
    if (minReplicaCount < 0) {
      throw new IllegalArgumentException("minReplicaCount: " + minReplicaCount + " must be >= 0");
    }
    if (maxReplicaCount < Math.max(1, minReplicaCount)) {
      throw new IllegalArgumentException(
          "maxReplicaCount: "
              + maxReplicaCount
              + " must be >= 1 and >= minReplicaCount ("
              + minReplicaCount
              + ")");
    }
    if (cooldownPeriod == null || cooldownPeriod.isNegative()) {
      throw new IllegalArgumentException("cooldownPeriod: " + cooldownPeriod + " must be >= 0");
    }
    behavior = behavior == null ? Behavior.defaults() : behavior;
  }

  public static ScaledObject defaults() {
    return new ScaledObject(0, DEFAULT_MAX_REPLICA_COUNT, DEFAULT_COOLDOWN, Behavior.defaults());
  }

  /**
   * The HPA KEDA creates: at least one replica (below that KEDA itself scales), the lag as an
   * External AverageValue metric whose target is {@code lagThreshold}.
   */
  public HpaSpec hpaSpec(long lagThreshold) {
    return new HpaSpec(
        Math.max(1, minReplicaCount),
        maxReplicaCount,
        List.of(new MetricSpec.External(METRIC_NAME, MetricTarget.averageValue(lagThreshold))),
        behavior);
  }
}
