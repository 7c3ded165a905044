package io.headroom.core.alerts;

import java.time.Duration;
import java.time.Instant;

/**
 * Where one rule stands for one service. The three {@code *Since} fields are the starts of the
 * current unbroken runs of windows above the warning threshold, above the critical threshold and
 * below the clear threshold (null: no run); a missing window breaks every run.
 *
 * @param firing the level the rule fires at, or null when it is quiet
 * @param lastEnd end of the last window evaluated; older windows are ignored (replays)
 * @param baseline the rule's normal level (NaN before the first observation or without a baseline)
 * @param baselineSeen event time folded into the baseline so far (for the warm-up)
 */
public record RuleState(
    Severity firing,
    Instant lastEnd,
    Instant warningSince,
    Instant criticalSince,
    Instant clearSince,
    double baseline,
    Duration baselineSeen) {

  public static final RuleState QUIET =
      new RuleState(null, null, null, null, null, Double.NaN, Duration.ZERO);

  public boolean isFiring() {
    return firing != null;
  }
}
