package io.headroom.core.queue;

import io.headroom.core.scaling.ScalingDecision;
import java.time.Instant;

/**
 * One lag decision: what KEDA did (scale from or to zero) or what the HPA it feeds decided.
 *
 * @param time decision time
 * @param from replica count before
 * @param to replica count to set
 * @param lag the measured lag and the metric reported for it
 * @param action who decided
 * @param hpa the HPA's decision when {@code action} is {@link Action#HPA}, else null
 * @param state what to pass to the next decision
 * @param forecast the backlog the predictive mode expected ({@code lag} is then that expectation),
 *     null for KEDA's own decision on the measured lag
 */
public record QueueDecision(
    Instant time,
    int from,
    int to,
    ConsumerLag lag,
    Action action,
    ScalingDecision hpa,
    QueueScaler.State state,
    ExpectedLag forecast) {

  /** A decision on the measured lag. */
  public QueueDecision(
      Instant time,
      int from,
      int to,
      ConsumerLag lag,
      Action action,
      ScalingDecision hpa,
      QueueScaler.State state) {
    this(time, from, to, lag, action, hpa, state, null);
  }

  /** Which part of KEDA + HPA set the count. */
  public enum Action {
    /** KEDA woke a target at zero: lag above the activation threshold. */
    SCALE_FROM_ZERO,
    /** KEDA put the target to sleep: inactive for the whole cooldown period. */
    SCALE_TO_ZERO,
    /** KEDA raised an inactive target to {@code minReplicaCount}. */
    BELOW_MIN_REPLICA_COUNT,
    /** Inactive but still cooling down, or at zero and inactive: the HPA rules (or nothing). */
    HPA
  }

  public boolean scales() {
    return from != to;
  }

  /** The forecast when there is one, the lag, the cap, the activation, the HPA's own sentence. */
  public String reason() {
    String head = forecast == null ? lag.describe() : forecast.describe() + "; " + lag.describe();
    return switch (action) {
      case SCALE_FROM_ZERO -> head + ": KEDA scales " + from + " -> " + to + " from zero";
      case SCALE_TO_ZERO ->
          head + ": KEDA scales " + from + " -> 0 after the cooldown with no activity";
      case BELOW_MIN_REPLICA_COUNT ->
          head + ": KEDA scales " + from + " -> " + to + " (minReplicaCount)";
      case HPA -> head + "; HPA: " + hpa.reason();
    };
  }
}
