package io.headroom.core.alerts;

import java.time.Instant;

/**
 * A change of one rule's state for one service: it fired (or escalated to critical), or it
 * resolved. Only changes are emitted, never the steady state, so each is worth a notification.
 *
 * @param value the observed value (after the per-replica division) of the window that caused the
 *     change
 * @param threshold the absolute threshold crossed: the level's threshold when firing, the clear
 *     threshold when resolving (baseline rules: the multiple × the normal level)
 * @param changedAt end of that window (event time)
 */
public record AlertChange(
    String rule,
    String service,
    String metric,
    Severity severity,
    AlertStatus status,
    double value,
    double threshold,
    Priority priority,
    String recommendation,
    Instant changedAt) {

  /** Stable across replays of the same windows, so storage deduplicates re-emitted changes. */
  public String alertId() {
    return rule
        + "|"
        + service
        + "|"
        + status.label()
        + "|"
        + severity.label()
        + "|"
        + changedAt.toEpochMilli();
  }
}
