package io.headroom.core.alerts;

import io.headroom.core.config.YamlNode;
import io.headroom.core.window.Statistic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the rules YAML (see {@link DefaultAlertRules}) into {@link AlertRules} with {@link
 * YamlNode}, naming the field in every error.
 */
final class AlertRulesParser {
  private static final Set<String> TOP_KEYS = Set.of("window", "rules");
  private static final Set<String> RULE_KEYS =
      Set.of(
          "name",
          "metric",
          "statistic",
          "per",
          "warning",
          "critical",
          "for",
          "clear",
          "baseline",
          "recommendation");
  private static final Set<String> LEVEL_KEYS = Set.of("above", "priority");
  private static final Set<String> CLEAR_KEYS = Set.of("below", "for");
  private static final Set<String> BASELINE_KEYS = Set.of("half-life", "warm-up");

  /** Without a clear threshold the rule clears below this share of its warning threshold. */
  static final double DEFAULT_CLEAR_SHARE = 0.9;

  private AlertRulesParser() {}

  static AlertRules parse(String yaml) {
    YamlNode top = YamlNode.load(yaml, "not valid YAML", YamlNode.FieldList.KNOWN).fields(TOP_KEYS);
    Duration window = top.has("window") ? top.field("window").duration() : Duration.ofMinutes(1);
    if (window.isZero()) {
      throw top.field("window").problem("must be > 0");
    }
    YamlNode list = top.field("rules");
    if (!(list.value() instanceof List<?> items) || items.isEmpty()) {
      throw list.problem("must be a non-empty list of rules");
    }
    List<AlertRule> rules = new ArrayList<>();
    for (YamlNode rule : list.items()) {
      rules.add(rule(rule, window));
    }
    return new AlertRules(window, rules);
  }

  private static AlertRule rule(YamlNode rule, Duration window) {
    rule.fields(RULE_KEYS);
    YamlNode nameField = rule.field("name");
    String name = nameField.text();
    if (!name.matches("[A-Za-z0-9_.-]+")) {
      throw nameField.problem("'" + name + "' may hold only letters, digits, '_', '.' and '-'");
    }
    String metric = rule.field("metric").text();
    Statistic statistic =
        rule.has("statistic")
            ? Statistic.parse(rule.field("statistic").path(), rule.field("statistic").value())
            : Statistic.MEAN;
    YamlNode per = rule.field("per");
    boolean perReplica =
        switch (rule.has("per") ? per.text() : "service") {
          case "service" -> false;
          case "replica", "pod" -> true;
          default -> throw per.problem("'" + per.value() + "' must be service or replica");
        };
    AlertRule.Level warning = level(rule.field("warning"), Priority.URGENT);
    AlertRule.Level critical =
        rule.has("critical") ? level(rule.field("critical"), Priority.IMMEDIATE) : null;
    if (critical != null && !(critical.above() > warning.above())) {
      throw rule.field("critical")
          .field("above")
          .problem(critical.above() + " must be greater than warning.above " + warning.above());
    }
    Duration forDuration = rule.has("for") ? rule.field("for").duration() : window;
    double clearBelow = DEFAULT_CLEAR_SHARE * warning.above();
    Duration clearFor = forDuration;
    YamlNode clear = rule.field("clear");
    if (rule.has("clear")) {
      clear.fields(CLEAR_KEYS);
      if (clear.has("below")) {
        clearBelow = clear.field("below").number();
      }
      if (clear.has("for")) {
        clearFor = clear.field("for").duration();
      }
    }
    if (clearBelow > warning.above()) {
      throw new IllegalArgumentException(
          clear.path()
              + ".below: "
              + clearBelow
              + " must be <= warning.above "
              + warning.above()
              + " (a rule that clears above its threshold would flap)");
    }
    AlertRule.Baseline baseline = null;
    if (rule.has("baseline")) {
      YamlNode b = rule.field("baseline").fields(BASELINE_KEYS);
      if (!b.has("half-life")) {
        throw b.field("half-life").problem("is required");
      }
      Duration halfLife = b.field("half-life").duration();
      if (halfLife.isZero()) {
        throw b.field("half-life").problem("must be > 0");
      }
      Duration warmUp = b.has("warm-up") ? b.field("warm-up").duration() : halfLife;
      baseline = new AlertRule.Baseline(halfLife, warmUp);
      if (!(warning.above() > 1)) {
        throw rule.field("warning")
            .field("above")
            .problem(
                warning.above()
                    + " must be > 1 with a baseline (it is a multiple of the normal level)");
      }
    }
    String recommendation = rule.field("recommendation").text();
    return new AlertRule(
        name,
        metric,
        statistic,
        perReplica,
        warning,
        critical,
        forDuration,
        clearBelow,
        clearFor,
        baseline,
        recommendation);
  }

  private static AlertRule.Level level(YamlNode level, Priority defaultPriority) {
    if (level.isMissing()) {
      throw level.problem("is required ({above: N, priority: urgent})");
    }
    level.fields(LEVEL_KEYS);
    if (!level.has("above")) {
      throw level.field("above").problem("is required");
    }
    double above = level.field("above").number();
    Priority priority =
        level.has("priority")
            ? Priority.parse(level.field("priority").path(), level.field("priority").value())
            : defaultPriority;
    return new AlertRule.Level(above, priority);
  }
}
