package io.headroom.core.scaling;

import java.util.List;
import java.util.Map;

/**
 * What the engine sees of a target at one decision: its current replica count (the workload's
 * desired count, {@code scale.spec.replicas}), its pods' metrics, and the values of Object and
 * External metrics keyed by metric name.
 *
 * <p>Two shapes: {@link PerPod} carries each pod with its readiness and samples (the full upstream
 * rules for missing and unready pods apply); {@link Aggregate} carries one average per pod metric
 * over the ready pods, which is what a windowed stream (and the backtester) has. In an aggregate,
 * the pods beyond {@code readyPods} are pods that have not started serving yet: they are set aside
 * like upstream's Pending pods and count as 0 % when the metric asks to scale up.
 */
public sealed interface Observation permits Observation.PerPod, Observation.Aggregate {

  /** The replica count the workload currently asks for. */
  int currentReplicas();

  /** Object and External metric values by metric name; a name absent here is a missing metric. */
  Map<String, Double> objectMetrics();

  /** Full per-pod view. */
  record PerPod(int currentReplicas, List<PodSample> pods, Map<String, Double> objectMetrics)
      implements Observation {
    public PerPod {
      requireReplicas(currentReplicas);
      pods = List.copyOf(pods);
      objectMetrics = Map.copyOf(objectMetrics == null ? Map.of() : objectMetrics);
    }
  }

  /**
   * Aggregate view: {@code readyPods} ready pods whose average for each pod metric is in {@code
   * podAverages} (Utilization metrics in percent), and {@code currentReplicas - readyPods} pods
   * still starting.
   */
  record Aggregate(
      int currentReplicas,
      int readyPods,
      Map<String, Double> podAverages,
      Map<String, Double> objectMetrics)
      implements Observation {
    public Aggregate {
      requireReplicas(currentReplicas);
      if (readyPods < 0 || readyPods > currentReplicas) {
        throw new IllegalArgumentException(
            "readyPods: " + readyPods + " must be 0..currentReplicas (" + currentReplicas + ")");
      }
      podAverages = Map.copyOf(podAverages == null ? Map.of() : podAverages);
      objectMetrics = Map.copyOf(objectMetrics == null ? Map.of() : objectMetrics);
    }
  }

  /** All {@code currentReplicas} pods ready, one average value per pod metric. */
  static Observation aggregate(int currentReplicas, Map<String, Double> podAverages) {
    return new Aggregate(currentReplicas, currentReplicas, podAverages, Map.of());
  }

  /**
   * {@code readyPods} of {@code currentReplicas} pods ready; the averages are over the ready ones.
   */
  static Observation aggregate(
      int currentReplicas, int readyPods, Map<String, Double> podAverages) {
    return new Aggregate(currentReplicas, readyPods, podAverages, Map.of());
  }

  static Observation ofPods(int currentReplicas, List<PodSample> pods) {
    return new PerPod(currentReplicas, pods, Map.of());
  }

  static Observation ofPods(
      int currentReplicas, List<PodSample> pods, Map<String, Double> objectMetrics) {
    return new PerPod(currentReplicas, pods, objectMetrics);
  }

  private static void requireReplicas(int currentReplicas) {
    if (currentReplicas < 0) {
      throw new IllegalArgumentException("currentReplicas: " + currentReplicas + " must be >= 0");
    }
  }
}
