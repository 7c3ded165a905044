package io.headroom.core.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * What the predictive policy remembers to buy a higher quantile where that is cheap: a shadow of
 * the reactive HPA (its replicas and history, fed the same load) and the shadow's mean replicas.
 *
 * <p>Why: one quantile does not suit every series. Where the HPA is short only in a few noisy
 * minutes (a quiet night at two replicas), a 0.99 quantile removes most of that for a fraction of a
 * percent more replica-hours; on a bursty web trace the same quantile costs 17 %. The policy starts
 * at its configured quantile and, while the replicas it runs above the shadow HPA's stay under
 * {@code tailBudget} of the shadow's, raises the quantile (up to {@value #CEILING_QUANTILE}); when
 * they exceed it, it lowers the quantile again, never below the configured one. The quantile moves
 * by {@value #RATE_PER_DAY} standard-normal units per day per unit of overspend, so it settles over
 * days, not within one.
 *
 * <p>The shadow sees the same total load spread over its own pods, all ready (per-pod averages
 * scaled by ready pods / shadow replicas; object metrics as they are). Only aggregate observations
 * (what the backtests and the live job make) feed it; with per-pod ones the quantile stays at the
 * configured one.
 *
 * @param z the quantile in use, in standard-normal units; NaN before the first decision
 * @param shadowReplicas the shadow HPA's replicas; -1 before it has seen a ready pod
 * @param shadowHistory the shadow HPA's recommendations and scale events
 * @param meanReplicas the shadow's replicas averaged over about a day; NaN before
 * @param updated when the quantile last moved; null before
 */
public record TailBudget(
    double z,
    int shadowReplicas,
    ScalingHistory shadowHistory,
    double meanReplicas,
    Instant updated) {
  public static final TailBudget INITIAL =
      new TailBudget(Double.NaN, -1, ScalingHistory.empty(), Double.NaN, null);

  /** The highest quantile the budget may buy. */
  public static final double CEILING_QUANTILE = 0.999;

  /**
   * Standard-normal units per day per unit of (budget share − share added): 0.002 per 15 s
   * decision, chosen with the budget on the suite (docs/scaling.md).
   */
  static final double RATE_PER_DAY = 11.52;

  private static final NormalDistribution NORMAL = new NormalDistribution();
  private static final double CEILING_Z = NORMAL.inverseCumulativeProbability(CEILING_QUANTILE);
  private static final double DAY_MILLIS = 86_400_000.0;

  /**
   * The most time one update counts for, so that the first decision after a gap (a restart, an
   * untrusted stretch) moves the quantile as one decision does, not as a day of them.
   */
  static final long MAX_STEP_MILLIS = 5 * 60_000L;

  public TailBudget {
    Objects.requireNonNull(shadowHistory, "shadowHistory");
  }

  /** The quantile in use, or {@code floor} before the first decision. */
  public double quantile(double floor) {
    return Double.isNaN(z) ? floor : NORMAL.cumulativeProbability(z);
  }

  static double zOf(double quantile) {
    return NORMAL.inverseCumulativeProbability(quantile);
  }

  /** The shadow HPA after deciding on this observation's load. */
  TailBudget shadow(ScalingEngine engine, HpaSpec spec, Observation observation, Instant now) {
    if (!(observation instanceof Observation.Aggregate seen) || seen.readyPods() == 0) {
      return this;
    }
    int replicas = shadowReplicas < 1 ? seen.currentReplicas() : shadowReplicas;
    if (replicas < 1) {
      return this;
    }
    Map<String, Double> perPod = new HashMap<>();
    seen.podAverages().forEach((metric, v) -> perPod.put(metric, v * seen.readyPods() / replicas));
    ScalingDecision decision =
        engine.decide(
            spec,
            new Observation.Aggregate(replicas, replicas, perPod, seen.objectMetrics()),
            shadowHistory,
            now);
    return new TailBudget(z, decision.to(), decision.history(), meanReplicas, updated);
  }

  /**
   * The quantile after a decision that used the forecast and asked for {@code decided} replicas.
   *
   * @param floorZ the configured quantile, in standard-normal units
   * @param budget the share of the shadow's replicas the policy may add; 0 keeps the floor
   */
  TailBudget afterDecision(int decided, Instant now, double floorZ, double budget) {
    if (budget <= 0) {
      return this;
    }
    if (shadowReplicas < 0) {
      return new TailBudget(floorZ, shadowReplicas, shadowHistory, meanReplicas, updated);
    }
    double replicas = Math.max(1, shadowReplicas);
    double current = Double.isNaN(z) ? floorZ : z;
    if (updated == null || Double.isNaN(meanReplicas)) {
      return new TailBudget(current, shadowReplicas, shadowHistory, replicas, now);
    }
    long elapsed = Math.max(0, Duration.between(updated, now).toMillis());
    double weight = Math.min(elapsed, MAX_STEP_MILLIS) / DAY_MILLIS;
    double mean = meanReplicas + (replicas - meanReplicas) * weight;
    double added = decided - shadowReplicas;
    double next = current + RATE_PER_DAY * weight * (budget * mean - added) / mean;
    return new TailBudget(
        Math.max(floorZ, Math.min(CEILING_Z, next)), shadowReplicas, shadowHistory, mean, now);
  }
}
