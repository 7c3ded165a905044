package io.headroom.core.keda;

import java.time.Instant;
import java.util.Objects;

/**
 * What the KEDA scaler keeps of one scaling command: the target, the replicas asked for and when
 * the decision was taken (its event time, {@code decidedAt} on {@code scaling.commands}).
 *
 * @param target the scaling target's name, as in the targets file ({@code name: checkout})
 * @param replicas the replicas asked for, {@code >= 0}
 * @param decidedAt event time of the decision
 */
public record ReplicaCommand(String target, int replicas, Instant decidedAt) {
  public ReplicaCommand {
    if (target == null || target.isBlank()) {
      throw new IllegalArgumentException("target: must not be blank");
    }
    if (replicas < 0) {
      throw new IllegalArgumentException("replicas: " + replicas + " must be >= 0");
    }
    Objects.requireNonNull(decidedAt, "decidedAt");
  }

  /**
   * Whether this command replaces {@code current} as the target's latest: the newer decision wins,
   * not the one read last, so a replayed or re-sent older command cannot undo a newer one. At the
   * same instant the one read later wins (a decision re-taken after a restart).
   */
  public boolean supersedes(ReplicaCommand current) {
    return current == null || !decidedAt.isBefore(current.decidedAt);
  }
}
