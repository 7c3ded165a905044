package io.headroom.core.capacity;

import java.util.List;
import java.util.Locale;

/**
 * How much load one replica takes at the target utilization, either given (capacity at 100 % CPU ×
 * target) or measured: a line {@code cpuPercent = a + b · loadPerReplica} fitted over the history's
 * windows, solved for {@code cpuPercent = 100 · target}. The intercept keeps idle CPU (runtime,
 * health checks) from being counted as load-driven.
 *
 * @param loadPerReplica requests per second one replica serves at the target utilization
 * @param fit the measured line; null when the capacity was given
 */
public record ReplicaCapacity(double loadPerReplica, double targetUtilization, LinearFit fit) {
  /** Fewer windows than this are not enough to measure a replica. */
  public static final int MIN_SAMPLES = 30;

  /** A fit explaining less of the CPU variance than this is not trusted for sizing. */
  public static final double MIN_R_SQUARED = 0.5;

  /** Windows at or above this CPU are saturated: load queues there instead of raising CPU. */
  static final double SATURATED_CPU_PERCENT = 95;

  public boolean measured() {
    return fit != null;
  }

  public static ReplicaCapacity given(double capacityAtFullCpu, double targetUtilization) {
    return new ReplicaCapacity(capacityAtFullCpu * targetUtilization, targetUtilization, null);
  }

  /**
   * Measures the load per replica at {@code targetUtilization} from windows with load, replicas and
   * CPU.
   *
   * @throws IllegalArgumentException when the history cannot support the measurement, saying why
   */
  public static ReplicaCapacity measure(List<ResourceSample> samples, double targetUtilization) {
    List<ResourceSample> usable =
        samples.stream()
            .filter(
                s ->
                    s.load() > 0
                        && s.replicas() > 0
                        && Double.isFinite(s.cpuPercent())
                        && s.cpuPercent() < SATURATED_CPU_PERCENT)
            .toList();
    String giveIt =
        "; give the capacity per replica instead (load one replica serves at 100 % CPU)";
    if (usable.size() < MIN_SAMPLES) {
      throw new IllegalArgumentException(
          "cannot measure the load per replica: "
              + usable.size()
              + " windows with load, replicas and unsaturated cpu_percent, at least "
              + MIN_SAMPLES
              + " needed"
              + giveIt);
    }
    double[] perReplica = usable.stream().mapToDouble(s -> s.load() / s.replicas()).toArray();
    double[] cpu = usable.stream().mapToDouble(ResourceSample::cpuPercent).toArray();
    LinearFit fit = LinearFit.of(perReplica, cpu);
    if (!(fit.slope() > 0) || !(fit.rSquared() >= MIN_R_SQUARED)) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "cannot measure the load per replica: per-replica CPU does not follow per-replica load"
                  + " (slope %.4g, R² %.2f over %d windows, R² %.1f needed)%s",
              fit.slope(),
              fit.rSquared(),
              fit.n(),
              MIN_R_SQUARED,
              giveIt));
    }
    double load = fit.solveFor(100 * targetUtilization);
    if (!(load > 0)) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "cannot measure the load per replica: idle CPU (%.1f %%) is already above the target utilization (%.0f %%)%s",
              fit.intercept(),
              100 * targetUtilization,
              giveIt));
    }
    return new ReplicaCapacity(load, targetUtilization, fit);
  }
}
