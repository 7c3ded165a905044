package io.headroom.core.alerts;

import io.headroom.core.window.WindowObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates alert rules over a service's closed percentile windows, one window at a time, as a pure
 * function of the previous state and the window: {@code (state, window) -> (state', changes)}.
 * Event time only (window starts and ends); the Streams adapter keeps the state in a store.
 *
 * <p>Per rule: a level fires when the value has been strictly above its threshold in every window
 * from some window's start to the current window's end for at least {@code for}; critical wins over
 * warning, and a warning alert escalates to critical (a new firing change) but never steps back
 * down. A firing alert resolves when the value has been below {@code clear.below} for {@code
 * clear.for}; in between it stays as it is. Windows must follow each other without gaps for a run
 * to continue; a window older than the last one evaluated is ignored.
 */
public final class AlertEvaluator {
  private final AlertRules rules;

  public AlertEvaluator(AlertRules rules) {
    this.rules = rules;
  }

  public AlertRules rules() {
    return rules;
  }

  /** The new state and the changes (usually none) one window causes. */
  public record Result(ServiceAlertState state, List<AlertChange> changes) {}

  public Result observe(ServiceAlertState state, WindowObservation window) {
    if (!window.length().equals(rules.window()) || !rules.reads(window.metric())) {
      return new Result(state, List.of());
    }
    Map<String, WindowObservation> latest = new HashMap<>(state.latest());
    if (pairs(window.metric())) {
      // Keep only the newest window start: the pair for an older start can no longer complete.
      latest.values().removeIf(w -> w.start().isBefore(window.start()));
      latest.put(window.metric(), window);
    }
    Map<String, RuleState> ruleStates = new HashMap<>(state.rules());
    List<AlertChange> changes = new ArrayList<>();
    for (AlertRule rule : rules.rules()) {
      double value = valueFor(rule, window, latest);
      if (Double.isNaN(value)) {
        continue;
      }
      RuleState next = step(rule, state.rule(rule.name()), value, window, changes);
      ruleStates.put(rule.name(), next);
    }
    return new Result(new ServiceAlertState(ruleStates, latest), List.copyOf(changes));
  }

  /** The rule's value for this window, or NaN when the window does not (yet) give one. */
  private static double valueFor(
      AlertRule rule, WindowObservation window, Map<String, WindowObservation> latest) {
    if (!rule.perReplica()) {
      return rule.metric().equals(window.metric()) ? rule.statistic().of(window) : Double.NaN;
    }
    if (!rule.metric().equals(window.metric())
        && !AlertRule.REPLICAS_METRIC.equals(window.metric())) {
      return Double.NaN;
    }
    WindowObservation metric = latest.get(rule.metric());
    WindowObservation replicas = latest.get(AlertRule.REPLICAS_METRIC);
    // Evaluated once, when the second of the pair arrives for the same window.
    if (metric == null
        || replicas == null
        || !metric.start().equals(window.start())
        || !replicas.start().equals(window.start())
        || !(replicas.stats().mean() > 0)) {
      return Double.NaN;
    }
    return rule.statistic().of(metric) / replicas.stats().mean();
  }

  private boolean pairs(String metric) {
    return rules.rules().stream()
        .anyMatch(
            r ->
                r.perReplica()
                    && (r.metric().equals(metric) || AlertRule.REPLICAS_METRIC.equals(metric)));
  }

  static RuleState step(
      AlertRule rule, RuleState s, double value, WindowObservation w, List<AlertChange> changes) {
    Instant start = w.start();
    Instant end = w.end();
    if (!Double.isFinite(value) || (s.lastEnd() != null && start.isBefore(s.lastEnd()))) {
      return s;
    }
    boolean contiguous = s.lastEnd() == null || !start.isAfter(s.lastEnd());
    double scale = 1;
    if (rule.baseline() != null) {
      boolean warm =
          !Double.isNaN(s.baseline()) && s.baselineSeen().compareTo(rule.baseline().warmUp()) >= 0;
      if (!warm || !(s.baseline() > 0)) {
        return fold(
            rule,
            new RuleState(s.firing(), end, null, null, null, s.baseline(), s.baselineSeen()),
            value,
            w);
      }
      scale = s.baseline();
    }
    double warningAt = rule.warning().above() * scale;
    double criticalAt = rule.critical() == null ? Double.NaN : rule.critical().above() * scale;
    double clearAt = rule.clearBelow() * scale;
    Instant warningSince =
        value > warningAt ? since(contiguous ? s.warningSince() : null, start) : null;
    Instant criticalSince =
        value > criticalAt ? since(contiguous ? s.criticalSince() : null, start) : null;
    Instant clearSince = value < clearAt ? since(contiguous ? s.clearSince() : null, start) : null;

    Severity firing = s.firing();
    if (held(criticalSince, end, rule.forDuration()) && firing != Severity.CRITICAL) {
      firing = Severity.CRITICAL;
      changes.add(change(rule, w, Severity.CRITICAL, AlertStatus.FIRING, value, criticalAt));
    } else if (firing == null && held(warningSince, end, rule.forDuration())) {
      firing = Severity.WARNING;
      changes.add(change(rule, w, Severity.WARNING, AlertStatus.FIRING, value, warningAt));
    } else if (firing != null && held(clearSince, end, rule.clearFor())) {
      changes.add(change(rule, w, firing, AlertStatus.RESOLVED, value, clearAt));
      firing = null;
    }
    RuleState next =
        new RuleState(
            firing, end, warningSince, criticalSince, clearSince, s.baseline(), s.baselineSeen());
    // Only quiet windows teach the baseline what normal is.
    return rule.baseline() != null && firing == null && warningSince == null
        ? fold(rule, next, value, w)
        : next;
  }

  private static RuleState fold(AlertRule rule, RuleState s, double value, WindowObservation w) {
    Duration length = w.length();
    double alpha =
        1 - Math.pow(0.5, length.toMillis() / (double) rule.baseline().halfLife().toMillis());
    double baseline =
        Double.isNaN(s.baseline()) ? value : s.baseline() + alpha * (value - s.baseline());
    return new RuleState(
        s.firing(),
        s.lastEnd(),
        s.warningSince(),
        s.criticalSince(),
        s.clearSince(),
        baseline,
        s.baselineSeen().plus(length));
  }

  private static Instant since(Instant runStart, Instant windowStart) {
    return runStart == null ? windowStart : runStart;
  }

  private static boolean held(Instant since, Instant end, Duration duration) {
    return since != null && Duration.between(since, end).compareTo(duration) >= 0;
  }

  private static AlertChange change(
      AlertRule rule,
      WindowObservation w,
      Severity severity,
      AlertStatus status,
      double value,
      double threshold) {
    return new AlertChange(
        rule.name(),
        w.service(),
        rule.metric(),
        severity,
        status,
        value,
        threshold,
        rule.priority(severity),
        rule.recommendation(),
        w.end());
  }
}
