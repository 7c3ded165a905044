package io.headroom.core.alerts;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A set of alert rules and the window size they are evaluated on (windows of other sizes are
 * ignored). Read from YAML with {@link #parse}; {@link #defaults()} are the rules Headroom ships
 * ({@link DefaultAlertRules#YAML}).
 *
 * @param window length of the percentile windows the rules read, e.g. 1 minute
 */
public record AlertRules(Duration window, List<AlertRule> rules) {
  public AlertRules {
    rules = List.copyOf(rules);
    if (window.isZero() || window.isNegative()) {
      throw new IllegalArgumentException("window: " + window + " must be > 0");
    }
    if (rules.isEmpty()) {
      throw new IllegalArgumentException("rules: at least one rule is needed");
    }
    Set<String> names = new HashSet<>();
    for (AlertRule rule : rules) {
      if (!names.add(rule.name())) {
        throw new IllegalArgumentException("rules: name '" + rule.name() + "' is used twice");
      }
    }
  }

  /**
   * Parses and validates a rules file; errors are one line naming the field, e.g. {@code
   * rules[2].warning.above}.
   */
  public static AlertRules parse(String yaml) {
    return AlertRulesParser.parse(yaml);
  }

  public static AlertRules defaults() {
    return parse(DefaultAlertRules.YAML);
  }

  /**
   * Whether any rule reads {@code metric}, directly or (per-replica rules) as the replica count.
   */
  public boolean reads(String metric) {
    return rules.stream()
        .anyMatch(
            r ->
                r.metric().equals(metric)
                    || (r.perReplica() && metric.equals(AlertRule.REPLICAS_METRIC)));
  }
}
