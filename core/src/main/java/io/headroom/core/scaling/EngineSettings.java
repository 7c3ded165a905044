package io.headroom.core.scaling;

import java.time.Duration;

/**
 * Controller-wide settings, upstream's kube-controller-manager flags.
 *
 * @param tolerance {@code --horizontal-pod-autoscaler-tolerance}: a ratio within {@code 1 ±
 *     tolerance} of the target asks for no change (default 0.1); a spec's per-direction tolerance
 *     overrides it
 * @param cpuInitializationPeriod {@code --horizontal-pod-autoscaler-cpu-initialization-period}
 *     (default 5 min): CPU samples of a pod this young count only if taken a full window after it
 *     became ready
 * @param initialReadinessDelay {@code --horizontal-pod-autoscaler-initial-readiness-delay} (default
 *     30 s): after the initialization period, an unready pod whose readiness last changed within
 *     this delay of its start is treated as never ready yet
 */
public record EngineSettings(
    double tolerance, Duration cpuInitializationPeriod, Duration initialReadinessDelay) {
  public static final EngineSettings DEFAULTS =
      new EngineSettings(0.1, Duration.ofMinutes(5), Duration.ofSeconds(30));

  public EngineSettings {
    if (!(tolerance >= 0 && tolerance < 1)) {
      throw new IllegalArgumentException("tolerance: " + tolerance + " must be in [0, 1)");
    }
    if (cpuInitializationPeriod == null || cpuInitializationPeriod.isNegative()) {
      throw new IllegalArgumentException(
          "cpuInitializationPeriod: " + cpuInitializationPeriod + " must be >= 0");
    }
    if (initialReadinessDelay == null || initialReadinessDelay.isNegative()) {
      throw new IllegalArgumentException(
          "initialReadinessDelay: " + initialReadinessDelay + " must be >= 0");
    }
  }
}
