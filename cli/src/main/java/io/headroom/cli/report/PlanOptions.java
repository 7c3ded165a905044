package io.headroom.cli.report;

import io.headroom.core.capacity.GrowthAssumption;
import io.headroom.core.capacity.PlanSettings;
import java.util.OptionalDouble;
import picocli.CommandLine.Option;

/**
 * The capacity plan's knobs, shared by {@code plan} and {@code report}; validated by {@link
 * PlanSettings}.
 */
public final class PlanOptions {
  @Option(
      names = "--months",
      paramLabel = "N",
      defaultValue = "3",
      description = "planning horizon in months (default: ${DEFAULT-VALUE})")
  double months;

  @Option(
      names = "--growth",
      paramLabel = "auto|RATE",
      defaultValue = "auto",
      description =
          "auto: linear trend with 95 %% interval from history (needs 14 days); or a compound monthly rate such as 20%% (default: ${DEFAULT-VALUE})")
  String growth;

  @Option(
      names = "--capacity-per-replica",
      paramLabel = "REQ/S",
      description = "requests/s one replica serves at 100 %% CPU (default: measured from history)")
  Double capacityPerReplica;

  @Option(
      names = "--target-utilization",
      paramLabel = "SHARE",
      defaultValue = "0.7",
      description =
          "CPU utilization replicas are planned at, e.g. 0.7 or 70%% (default: ${DEFAULT-VALUE})")
  String targetUtilization;

  @Option(
      names = "--overhead",
      paramLabel = "SHARE",
      defaultValue = "25%",
      description =
          "extra on top of replicas, CPU and memory (rolling updates, failures), 20-30%% is usual (default: ${DEFAULT-VALUE})")
  String overhead;

  @Option(
      names = "--cpu-per-replica",
      paramLabel = "CORES",
      defaultValue = "1",
      description = "cores of one replica, the unit of cpu_percent (default: ${DEFAULT-VALUE})")
  double cpuPerReplica;

  @Option(
      names = "--memory-per-replica",
      paramLabel = "SIZE",
      defaultValue = "1GiB",
      description =
          "memory limit of one replica, the unit of memory_percent (default: ${DEFAULT-VALUE})")
  String memoryPerReplica;

  @Option(
      names = "--price-per-replica-hour",
      paramLabel = "PRICE",
      description = "cost of one replica for one hour; adds monthly cost per scenario")
  Double pricePerReplicaHour;

  @Option(
      names = "--budget",
      paramLabel = "PER-MONTH",
      description = "monthly budget; says which scenarios fit it")
  Double budget;

  @Option(
      names = "--memory-limit",
      paramLabel = "SIZE",
      description = "memory available to the service, e.g. 64GiB; says which scenarios fit it")
  String memoryLimit;

  /**
   * @throws IllegalArgumentException naming the option, for a one-line error and exit 2
   */
  public PlanSettings settings() {
    return new PlanSettings(
        months,
        GrowthAssumption.parse(growth),
        capacityPerReplica == null ? OptionalDouble.empty() : OptionalDouble.of(capacityPerReplica),
        PlanSettings.parseShare("target-utilization", targetUtilization),
        PlanSettings.parseShare("overhead", overhead),
        cpuPerReplica,
        PlanSettings.parseGib("memory-per-replica", memoryPerReplica),
        pricePerReplicaHour == null
            ? OptionalDouble.empty()
            : OptionalDouble.of(pricePerReplicaHour),
        budget == null ? OptionalDouble.empty() : OptionalDouble.of(budget),
        memoryLimit == null
            ? OptionalDouble.empty()
            : OptionalDouble.of(PlanSettings.parseGib("memory-limit", memoryLimit)));
  }
}
