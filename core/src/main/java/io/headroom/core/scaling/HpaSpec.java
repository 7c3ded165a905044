package io.headroom.core.scaling;

import java.util.List;

/**
 * The scaling spec of one target, in the HPA's own terms (autoscaling/v2 {@code spec}).
 *
 * <p>Invariants: {@code 1 <= minReplicas <= maxReplicas} ({@code minReplicas} may be 0 only when an
 * Object or External metric can wake the target up, as upstream's scale-to-zero rule); at least one
 * metric (an empty list means the upstream default, CPU at 80 % utilization); a complete {@link
 * Behavior} (defaults filled in).
 */
public record HpaSpec(
    int minReplicas, int maxReplicas, List<MetricSpec> metrics, Behavior behavior) {
  /** The upstream default when no metric is given. */
  public static final int DEFAULT_CPU_UTILIZATION = 80;

  public HpaSpec {
    if (maxReplicas < 1) {
      throw new IllegalArgumentException("maxReplicas: " + maxReplicas + " must be >= 1");
    }
    metrics =
        metrics == null || metrics.isEmpty()
            ? List.of(
                new MetricSpec.Resource("cpu", MetricTarget.utilization(DEFAULT_CPU_UTILIZATION)))
            : List.copyOf(metrics);
    if (minReplicas < 0) {
      throw new IllegalArgumentException("minReplicas: " + minReplicas + " must be >= 1");
    }
    if (minReplicas == 0 && metrics.stream().allMatch(MetricSpec::perPod)) {
      throw new IllegalArgumentException(
          "minReplicas: 0 must be >= 1 (0 is allowed only with an Object or External metric)");
    }
    if (minReplicas > maxReplicas) {
      throw new IllegalArgumentException(
          "minReplicas: " + minReplicas + " must be <= maxReplicas (" + maxReplicas + ")");
    }
    behavior = behavior == null ? Behavior.defaults() : behavior;
  }

  /** A spec with one CPU utilization target and the default behavior. */
  public static HpaSpec cpu(int minReplicas, int maxReplicas, int targetUtilizationPercent) {
    return new HpaSpec(
        minReplicas,
        maxReplicas,
        List.of(new MetricSpec.Resource("cpu", MetricTarget.utilization(targetUtilizationPercent))),
        Behavior.defaults());
  }

  public HpaSpec withBehavior(Behavior newBehavior) {
    return new HpaSpec(minReplicas, maxReplicas, metrics, newBehavior);
  }

  public HpaSpec withMetrics(List<MetricSpec> newMetrics) {
    return new HpaSpec(minReplicas, maxReplicas, newMetrics, behavior);
  }
}
