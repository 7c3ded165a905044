package io.headroom.core.keda;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * The answers of Headroom's KEDA external scaler, given a target's latest command and the time.
 *
 * <p><b>Semantics.</b> {@code GetMetricSpec} declares one metric per target with target size
 * {@value #TARGET_SIZE}, and {@code GetMetrics} returns the command's replicas as its value. KEDA
 * builds an HPA External metric of type {@code AverageValue} by default (a trigger's {@code
 * metricType} left empty), and the HPA then proposes {@code ceil(value / targetSize)} = {@code
 * ceil(replicas / 1)} = the command's replicas (upstream {@code GetExternalPerPodMetricReplicas}).
 * Two HPA rules still apply on top: its tolerance (a change of at most 10 % of the current count is
 * ignored, e.g. 10 to 11) and its own behavior (the default 5-minute scale-down window); Headroom
 * already applied its spec's windows and policies, so docs/keda.md shows how to relax both. With
 * {@code metricType: Value} the HPA would instead multiply by the current replica count, which is
 * wrong for a replica count; the scaler is meant for {@code AverageValue}.
 *
 * <p><b>Freshness.</b> A command older than {@code staleAfter} (or dated that far ahead of the
 * clock) is {@link TargetStatus.State#STALE}: {@code IsActive} answers false and {@code GetMetrics}
 * fails, because KEDA's {@code fallback} only takes over when a scaler returns an error (KEDA's
 * {@code pkg/fallback}); a stale number returned as if fresh would pin the Deployment at an old
 * size.
 *
 * <p>Time is an argument: nothing here reads the clock.
 */
public final class ExternalScalerRules {
  /** The metric's target size: one replica per unit of the metric. */
  public static final double TARGET_SIZE = 1.0;

  /** The {@code metadata:} key of a ScaledObject trigger naming the Headroom target. */
  public static final String TARGET_METADATA_KEY = "target";

  private static final String METRIC_PREFIX = "headroom-replicas-";

  private final Duration staleAfter;

  /**
   * @param staleAfter the age past which a command no longer counts, {@code > 0}
   */
  public ExternalScalerRules(Duration staleAfter) {
    Objects.requireNonNull(staleAfter, "staleAfter");
    if (staleAfter.isZero() || staleAfter.isNegative()) {
      throw new IllegalArgumentException("staleAfter: " + staleAfter + " must be > 0");
    }
    this.staleAfter = staleAfter;
  }

  public Duration staleAfter() {
    return staleAfter;
  }

  /** The target's state at {@code now}, from its latest command. */
  public TargetStatus judge(ReplicaCommand latest, Instant now) {
    Duration age = Duration.between(latest.decidedAt(), now);
    TargetStatus.State state;
    if (age.abs().compareTo(staleAfter) > 0) {
      state = TargetStatus.State.STALE;
    } else if (latest.replicas() > 0) {
      state = TargetStatus.State.ACTIVE;
    } else {
      state = TargetStatus.State.IDLE;
    }
    return new TargetStatus(latest.target(), state, latest.replicas(), age, staleAfter);
  }

  /**
   * The metric name for a target, e.g. {@code headroom-replicas-checkout}: lower case, anything but
   * letters, digits, '-' and '.' replaced by '-', so it is a valid Kubernetes metric name (KEDA
   * prefixes it with {@code s<trigger index>-}).
   */
  public static String metricName(String target) {
    return METRIC_PREFIX + target.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
  }
}
