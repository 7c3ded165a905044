package io.headroom.core.alerts;

import io.headroom.core.window.Statistic;
import java.time.Duration;

/**
 * A threshold rule over one statistic of one metric's windows, with hysteresis: it fires at a level
 * once the value has stayed above that level's threshold for {@code forDuration}, and resolves only
 * once the value has stayed below {@code clearBelow} (lower than the warning threshold) for {@code
 * clearFor}. Between the two it keeps its state, so a value hovering at the threshold does not
 * flap.
 *
 * <p>With a {@link Baseline}, thresholds and {@code clearBelow} are multiples of the metric's
 * normal level (e.g. 2 = twice normal) rather than absolute values.
 *
 * @param name unique within the rules file; part of the alert id
 * @param perReplica divide the value by the mean replica count of the same window (queue depth per
 *     pod)
 * @param warning always present
 * @param critical null when the rule has one level only
 * @param forDuration how long a level must hold before the rule fires at it (at least one window)
 * @param baseline null for absolute thresholds
 */
public record AlertRule(
    String name,
    String metric,
    Statistic statistic,
    boolean perReplica,
    Level warning,
    Level critical,
    Duration forDuration,
    double clearBelow,
    Duration clearFor,
    Baseline baseline,
    String recommendation) {

  /** The metric holding the replica count per-replica rules divide by. */
  public static final String REPLICAS_METRIC = "replicas";

  /** One severity level: fire when the value is strictly above {@code above}. */
  public record Level(double above, Priority priority) {}

  /**
   * The normal level of the metric: an exponentially weighted moving average of the rule's
   * statistic, folded in only while the rule is quiet (neither pending nor firing), so an incident
   * does not become the new normal.
   *
   * @param halfLife weight of an observation halves after this much event time
   * @param warmUp no evaluation until this much history has been folded in
   */
  public record Baseline(Duration halfLife, Duration warmUp) {}

  public double threshold(Severity severity) {
    return severity == Severity.CRITICAL ? critical.above() : warning.above();
  }

  public Priority priority(Severity severity) {
    return severity == Severity.CRITICAL ? critical.priority() : warning.priority();
  }
}
