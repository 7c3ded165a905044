package io.headroom.core.capacity;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user's side of a capacity plan. Load is in requests per second, memory in GiB, money in
 * whatever currency the price is given in.
 *
 * @param months planning horizon in (average) months, in (0, 60]
 * @param growth how load grows over the horizon
 * @param capacityPerReplica load one replica serves at 100 % CPU; empty = measure it from history
 * @param targetUtilization CPU utilization replicas are planned to run at, in (0, 1]
 * @param overhead extra share on top of replicas, CPU and memory (rolling updates, zone failure),
 *     in [0, 2]
 * @param cpuPerReplica cores of one replica (the unit cpu_percent is relative to)
 * @param memoryPerReplicaGib memory limit of one replica in GiB (the unit memory_percent is
 *     relative to)
 * @param pricePerReplicaHour cost of one replica for one hour; empty = no cost figures
 * @param monthlyBudget money available per month; empty = no budget constraint
 * @param memoryLimitGib memory available to the service in GiB (quota, node pool); empty = no
 *     constraint
 */
public record PlanSettings(
    double months,
    GrowthAssumption growth,
    OptionalDouble capacityPerReplica,
    double targetUtilization,
    double overhead,
    double cpuPerReplica,
    double memoryPerReplicaGib,
    OptionalDouble pricePerReplicaHour,
    OptionalDouble monthlyBudget,
    OptionalDouble memoryLimitGib) {

  private static final Pattern SIZE =
      Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)\\s*([KMGT]i?B?|[kmgt]i?b?)?");

  public PlanSettings {
    require(months > 0 && months <= 60, "months: " + months + " must be in (0, 60]");
    require(growth != null, "growth: must be set");
    capacityPerReplica.ifPresent(
        c -> require(c > 0 && Double.isFinite(c), "capacity-per-replica: " + c + " must be > 0"));
    require(
        targetUtilization > 0 && targetUtilization <= 1,
        "target-utilization: " + targetUtilization + " must be in (0, 1]");
    require(
        overhead >= 0 && overhead <= 2,
        "overhead: " + overhead + " must be in [0, 2] (0 % to 200 %)");
    require(
        cpuPerReplica > 0 && Double.isFinite(cpuPerReplica),
        "cpu-per-replica: " + cpuPerReplica + " must be > 0");
    require(
        memoryPerReplicaGib > 0 && Double.isFinite(memoryPerReplicaGib),
        "memory-per-replica: " + memoryPerReplicaGib + " GiB must be > 0");
    pricePerReplicaHour.ifPresent(
        p ->
            require(
                p >= 0 && Double.isFinite(p), "price-per-replica-hour: " + p + " must be >= 0"));
    monthlyBudget.ifPresent(
        b -> require(b > 0 && Double.isFinite(b), "budget: " + b + " must be > 0"));
    memoryLimitGib.ifPresent(
        m -> require(m > 0 && Double.isFinite(m), "memory-limit: " + m + " GiB must be > 0"));
    if (monthlyBudget.isPresent() && pricePerReplicaHour.isEmpty()) {
      throw new IllegalArgumentException(
          "budget: needs price-per-replica-hour to turn replicas into cost");
    }
  }

  /**
   * Three months of linear trend, measured capacity, 70 % target utilization, 25 % overhead, 1 core
   * and 1 GiB per replica.
   */
  public static PlanSettings defaults() {
    return new PlanSettings(
        3,
        new GrowthAssumption.LinearTrend(),
        OptionalDouble.empty(),
        0.7,
        0.25,
        1,
        1,
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty());
  }

  public PlanSettings withGrowth(GrowthAssumption newGrowth) {
    return new PlanSettings(
        months,
        newGrowth,
        capacityPerReplica,
        targetUtilization,
        overhead,
        cpuPerReplica,
        memoryPerReplicaGib,
        pricePerReplicaHour,
        monthlyBudget,
        memoryLimitGib);
  }

  public PlanSettings withCapacityPerReplica(double capacity) {
    return new PlanSettings(
        months,
        growth,
        OptionalDouble.of(capacity),
        targetUtilization,
        overhead,
        cpuPerReplica,
        memoryPerReplicaGib,
        pricePerReplicaHour,
        monthlyBudget,
        memoryLimitGib);
  }

  public PlanSettings withCost(double pricePerHour, OptionalDouble budget) {
    return new PlanSettings(
        months,
        growth,
        capacityPerReplica,
        targetUtilization,
        overhead,
        cpuPerReplica,
        memoryPerReplicaGib,
        OptionalDouble.of(pricePerHour),
        budget,
        memoryLimitGib);
  }

  public PlanSettings withMemory(double perReplicaGib, OptionalDouble limitGib) {
    return new PlanSettings(
        months,
        growth,
        capacityPerReplica,
        targetUtilization,
        overhead,
        cpuPerReplica,
        perReplicaGib,
        pricePerReplicaHour,
        monthlyBudget,
        limitGib);
  }

  /**
   * A share written as {@code 25%} or {@code 0.25}.
   *
   * @param field named in the error
   */
  public static double parseShare(String field, String text) {
    String trimmed = text == null ? "" : text.strip();
    try {
      return trimmed.endsWith("%")
          ? Double.parseDouble(trimmed.substring(0, trimmed.length() - 1).strip()) / 100
          : Double.parseDouble(trimmed);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          field + ": '" + text + "' is not a share (examples: 25%, 0.25)");
    }
  }

  /**
   * A memory size in GiB: {@code 2GiB}, {@code 512Mi}, {@code 1.5G} (binary units either way, as
   * memory limits are), or a plain number of GiB.
   *
   * @param field named in the error
   */
  public static double parseGib(String field, String text) {
    Matcher matcher = SIZE.matcher(text == null ? "" : text.strip());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          field + ": '" + text + "' is not a memory size (examples: 512MiB, 2GiB, 1.5Gi)");
    }
    double number = Double.parseDouble(matcher.group(1));
    String unit = matcher.group(2) == null ? "G" : matcher.group(2).toUpperCase(Locale.ROOT);
    return switch (unit.charAt(0)) {
      case 'K' -> number / (1024 * 1024);
      case 'M' -> number / 1024;
      case 'G' -> number;
      case 'T' -> number * 1024;
      default -> throw new IllegalArgumentException(field + ": '" + text + "' has an unknown unit");
    };
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
