package io.headroom.core.capacity;

import java.time.Duration;

/**
 * How container requests are recommended from usage history: the Kubernetes VPA recommender's rules
 * ({@code vertical-pod-autoscaler/pkg/recommender}: {@code config/config.go}, {@code
 * logic/recommender.go}, {@code logic/estimator.go}, {@code model/aggregations_config.go}).
 *
 * @param targetPercentile percentile of CPU usage and of memory peaks recommended as the request
 * @param lowerBoundPercentile percentile behind the lower bound (below it a request is too small)
 * @param upperBoundPercentile percentile behind the upper bound (above it a request is wasteful)
 * @param safetyMargin share added to every estimate
 * @param minCpuCores smallest CPU recommendation (the VPA's per-pod minimum, one container per pod)
 * @param minMemoryGib smallest memory recommendation
 * @param confidenceInterval history length that counts as one unit of confidence (bounds widen with
 *     less)
 * @param halfLife age at which a sample weighs half as much as the newest one
 * @param memoryPeakInterval memory is sized on the peak of each such interval, not on every sample
 * @param minWindows fewer windows of a resource than this give no recommendation for it
 */
public record SizingRules(
    double targetPercentile,
    double lowerBoundPercentile,
    double upperBoundPercentile,
    double safetyMargin,
    double minCpuCores,
    double minMemoryGib,
    Duration confidenceInterval,
    Duration halfLife,
    Duration memoryPeakInterval,
    int minWindows) {

  public SizingRules {
    if (!(0 < lowerBoundPercentile
        && lowerBoundPercentile <= targetPercentile
        && targetPercentile <= upperBoundPercentile
        && upperBoundPercentile <= 1)) {
      throw new IllegalArgumentException(
          "sizing percentiles must satisfy 0 < lower <= target <= upper <= 1");
    }
    if (safetyMargin < 0 || minCpuCores < 0 || minMemoryGib < 0 || minWindows < 1) {
      throw new IllegalArgumentException("sizing margin and minimums must not be negative");
    }
  }

  /**
   * The VPA recommender's defaults: target p90, bounds p50 and p95 (CPU and memory alike), 15 %
   * safety margin, at least 25 millicores and 250 MiB, confidence measured in days, a 24 h
   * half-life and one memory peak per 24 h; and at least {@value ReplicaCapacity#MIN_SAMPLES}
   * windows, as every other figure of the plan (the VPA has no minimum: its bounds widen instead).
   */
  public static SizingRules vpaDefaults() {
    return new SizingRules(
        0.9,
        0.5,
        0.95,
        0.15,
        0.025,
        250.0 / 1024,
        Duration.ofHours(24),
        Duration.ofHours(24),
        Duration.ofHours(24),
        ReplicaCapacity.MIN_SAMPLES);
  }

  /** The same rules with another half-life; {@link Duration#ZERO} weighs all samples alike. */
  public SizingRules withHalfLife(Duration newHalfLife) {
    return new SizingRules(
        targetPercentile,
        lowerBoundPercentile,
        upperBoundPercentile,
        safetyMargin,
        minCpuCores,
        minMemoryGib,
        confidenceInterval,
        newHalfLife,
        memoryPeakInterval,
        minWindows);
  }
}
