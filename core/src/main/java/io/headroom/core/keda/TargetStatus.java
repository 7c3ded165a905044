package io.headroom.core.keda;

import io.headroom.core.time.DurationText;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * What the scaler tells KEDA about one target at one instant, from its latest command.
 *
 * @param target the scaling target's name
 * @param state whether the command is fresh and asks for pods
 * @param replicas the latest command's replicas (the metric value while not {@link State#STALE})
 * @param age how long ago the command was decided (negative when dated ahead of the clock)
 * @param staleAfter the age past which a command is not trusted
 */
public record TargetStatus(
    String target, State state, int replicas, Duration age, Duration staleAfter) {

  /** The three answers the scaler can give. */
  public enum State {
    /** A fresh command asking for at least one replica: KEDA activates the target. */
    ACTIVE,
    /** A fresh command asking for zero replicas: KEDA may scale to zero (minReplicaCount 0). */
    IDLE,
    /**
     * The latest command is older than {@code staleAfter} (or dated that far ahead of the clock):
     * the pipeline stopped deciding, so the scaler stops vouching for the number and KEDA's
     * fallback takes over.
     */
    STALE
  }

  /** The {@code IsActive} answer. */
  public boolean active() {
    return state == State.ACTIVE;
  }

  /**
   * The one-line reason {@code GetMetrics} fails with while {@link State#STALE}, e.g. {@code
   * checkout: latest scaling command is 5m old (stale after 2m)}.
   */
  public String staleReason() {
    return age.isNegative()
        ? target
            + ": latest scaling command is dated "
            + DurationText.format(age.negated().truncatedTo(ChronoUnit.SECONDS))
            + " ahead of the clock (stale after "
            + DurationText.format(staleAfter)
            + ")"
        : target
            + ": latest scaling command is "
            + DurationText.format(age.truncatedTo(ChronoUnit.SECONDS))
            + " old (stale after "
            + DurationText.format(staleAfter)
            + ")";
  }
}
