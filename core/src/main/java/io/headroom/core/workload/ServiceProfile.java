package io.headroom.core.workload;

/**
 * How a simulated service turns offered load into metrics.
 *
 * @param capacityPerReplica requests per step one replica serves at 100 % CPU
 * @param targetUtilization utilization the simulated deployment keeps its replicas at (0..1)
 * @param baseLatencyMs median latency of an idle replica
 * @param latencySamplesPerStep at most this many latency samples per step (one per request below
 *     it)
 * @param baseMemoryPercent memory use of an idle replica
 */
public record ServiceProfile(
    double capacityPerReplica,
    double targetUtilization,
    double baseLatencyMs,
    int latencySamplesPerStep,
    double baseMemoryPercent) {

  public ServiceProfile {
    require(capacityPerReplica > 0, "capacityPerReplica must be > 0, was " + capacityPerReplica);
    require(
        targetUtilization > 0 && targetUtilization <= 1,
        "targetUtilization must be in (0, 1], was " + targetUtilization);
    require(baseLatencyMs > 0, "baseLatencyMs must be > 0, was " + baseLatencyMs);
    require(
        latencySamplesPerStep >= 0,
        "latencySamplesPerStep must be >= 0, was " + latencySamplesPerStep);
    require(
        baseMemoryPercent >= 0 && baseMemoryPercent < 100,
        "baseMemoryPercent must be in [0, 100), was " + baseMemoryPercent);
  }

  public static ServiceProfile defaults(double capacityPerReplica) {
    return new ServiceProfile(capacityPerReplica, 0.7, 20, 60, 30);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
