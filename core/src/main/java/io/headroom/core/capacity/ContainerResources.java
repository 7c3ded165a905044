package io.headroom.core.capacity;

/**
 * What one replica's container asks for now. Usage history is in percent of these: {@code
 * cpu_percent} of the CPU request, {@code memory_percent} of the memory limit (the units the plan's
 * {@code --cpu-per-replica} and {@code --memory-per-replica} give). A limit of NaN means none.
 */
public record ContainerResources(
    double cpuRequestCores, double cpuLimitCores, double memoryRequestGib, double memoryLimitGib) {

  public ContainerResources {
    if (!(cpuRequestCores > 0) || !(memoryRequestGib > 0)) {
      throw new IllegalArgumentException("container requests must be > 0");
    }
  }

  /** Requests equal to limits: what the plan knows when it is given one size per replica. */
  public static ContainerResources requestsEqualLimits(double cpuCores, double memoryGib) {
    return new ContainerResources(cpuCores, cpuCores, memoryGib, memoryGib);
  }
}
