package io.headroom.core.capacity;

import java.util.List;

/**
 * Total CPU (cores) and memory (GiB) of a service as straight lines in its load, fitted over the
 * history's windows: {@code cores = a + b · load}, {@code GiB = c + d · load}. Totals are
 * per-replica percentages × replicas × the replica's size. Each line carries its R²; null when the
 * history has fewer than {@link ReplicaCapacity#MIN_SAMPLES} windows with that resource.
 *
 * <p>Assumes resource use stays linear beyond the loads seen, which holds for CPU of stateless
 * request handlers and often not for memory of caches: the R² and the range of loads seen say how
 * far to trust an extrapolation.
 */
public record ResourceModel(LinearFit cpuCores, LinearFit memoryGib) {

  public static ResourceModel fit(
      List<ResourceSample> samples, double cpuPerReplica, double memoryPerReplicaGib) {
    List<ResourceSample> withCpu =
        samples.stream()
            .filter(
                s ->
                    s.replicas() > 0
                        && Double.isFinite(s.load())
                        && Double.isFinite(s.cpuPercent()))
            .toList();
    List<ResourceSample> withMemory =
        samples.stream()
            .filter(
                s ->
                    s.replicas() > 0
                        && Double.isFinite(s.load())
                        && Double.isFinite(s.memoryPercent()))
            .toList();
    LinearFit cpu =
        withCpu.size() < ReplicaCapacity.MIN_SAMPLES
            ? null
            : LinearFit.of(
                withCpu.stream().mapToDouble(ResourceSample::load).toArray(),
                withCpu.stream()
                    .mapToDouble(s -> s.cpuPercent() / 100 * s.replicas() * cpuPerReplica)
                    .toArray());
    LinearFit memory =
        withMemory.size() < ReplicaCapacity.MIN_SAMPLES
            ? null
            : LinearFit.of(
                withMemory.stream().mapToDouble(ResourceSample::load).toArray(),
                withMemory.stream()
                    .mapToDouble(s -> s.memoryPercent() / 100 * s.replicas() * memoryPerReplicaGib)
                    .toArray());
    return new ResourceModel(usable(cpu), usable(memory));
  }

  private static LinearFit usable(LinearFit fit) {
    // All windows at one load leave the slope undefined: no model rather than a NaN one.
    return fit == null || Double.isNaN(fit.slope()) ? null : fit;
  }
}
