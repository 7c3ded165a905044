package io.headroom.core.capacity;

import java.util.List;

/**
 * What one scenario needs at the end of the horizon. Replicas, CPU and memory include the overhead;
 * the replica range comes from the load's 95 % interval.
 *
 * @param cpuCores CPU in use, cores (NaN without a CPU model)
 * @param memoryGib memory in use, GiB (provisioned memory when there is no memory model)
 * @param monthlyCost replicas × price per replica-hour × 730 h (NaN without a price)
 * @param monthlyCostUpper the same at the upper end of the replica range
 * @param exceeds the constraints this scenario breaks, e.g. "budget: 5600 > 5000"; empty = it fits
 */
public record ScenarioPlan(
    Scenario scenario,
    LoadProjection load,
    int replicas,
    int replicasLower,
    int replicasUpper,
    double cpuCores,
    double memoryGib,
    double monthlyCost,
    double monthlyCostUpper,
    List<String> exceeds) {

  public ScenarioPlan {
    exceeds = List.copyOf(exceeds);
  }

  public boolean fits() {
    return exceeds.isEmpty();
  }
}
