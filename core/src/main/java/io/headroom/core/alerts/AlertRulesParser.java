package io.headroom.core.alerts;

import io.headroom.core.time.DurationText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/** Reads the rules YAML (see {@link DefaultAlertRules}) into {@link AlertRules}, naming the field in every error. */
final class AlertRulesParser {
  private static final Set<String> TOP_KEYS = Set.of("window", "rules");
  private static final Set<String> RULE_KEYS = Set.of(
      "name", "metric", "statistic", "per", "warning", "critical", "for", "clear", "baseline", "recommendation");
  private static final Set<String> LEVEL_KEYS = Set.of("above", "priority");
  private static final Set<String> CLEAR_KEYS = Set.of("below", "for");
  private static final Set<String> BASELINE_KEYS = Set.of("half-life", "warm-up");
  /** Without a clear threshold the rule clears below this share of its warning threshold. */
  static final double DEFAULT_CLEAR_SHARE = 0.9;

  private AlertRulesParser() {}

  static AlertRules parse(String yaml) {
    Object root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    } catch (MarkedYAMLException e) {
      throw new IllegalArgumentException("not valid YAML at line " + (e.getProblemMark().getLine() + 1) + ", column "
          + (e.getProblemMark().getColumn() + 1) + ": " + e.getProblem());
    } catch (YAMLException e) {
      throw new IllegalArgumentException("not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    Map<String, Object> top = map("(top level)", root, TOP_KEYS);
    Duration window = top.containsKey("window") ? duration("window", top.get("window")) : Duration.ofMinutes(1);
    if (window.isZero()) {
      throw new IllegalArgumentException("window: must be > 0");
    }
    Object list = top.get("rules");
    if (!(list instanceof List<?> items) || items.isEmpty()) {
      throw new IllegalArgumentException("rules: must be a non-empty list of rules");
    }
    List<AlertRule> rules = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      rules.add(rule("rules[" + i + "]", items.get(i), window));
    }
    return new AlertRules(window, rules);
  }

  private static AlertRule rule(String path, Object value, Duration window) {
    Map<String, Object> rule = map(path, value, RULE_KEYS);
    String name = text(path + ".name", rule.get("name"));
    if (!name.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException(path + ".name: '" + name + "' may hold only letters, digits, '_', '.' and '-'");
    }
    String metric = text(path + ".metric", rule.get("metric"));
    Statistic statistic = rule.containsKey("statistic")
        ? Statistic.parse(path + ".statistic", rule.get("statistic")) : Statistic.MEAN;
    boolean perReplica = switch (rule.containsKey("per") ? text(path + ".per", rule.get("per")) : "service") {
      case "service" -> false;
      case "replica", "pod" -> true;
      default -> throw new IllegalArgumentException(path + ".per: '" + rule.get("per") + "' must be service or replica");
    };
    AlertRule.Level warning = level(path + ".warning", rule.get("warning"), Priority.URGENT);
    AlertRule.Level critical = rule.containsKey("critical")
        ? level(path + ".critical", rule.get("critical"), Priority.IMMEDIATE) : null;
    if (critical != null && !(critical.above() > warning.above())) {
      throw new IllegalArgumentException(path + ".critical.above: " + critical.above()
          + " must be greater than warning.above " + warning.above());
    }
    Duration forDuration = rule.containsKey("for") ? duration(path + ".for", rule.get("for")) : window;
    double clearBelow = DEFAULT_CLEAR_SHARE * warning.above();
    Duration clearFor = forDuration;
    if (rule.containsKey("clear")) {
      Map<String, Object> clear = map(path + ".clear", rule.get("clear"), CLEAR_KEYS);
      if (clear.containsKey("below")) {
        clearBelow = number(path + ".clear.below", clear.get("below"));
      }
      if (clear.containsKey("for")) {
        clearFor = duration(path + ".clear.for", clear.get("for"));
      }
    }
    if (clearBelow > warning.above()) {
      throw new IllegalArgumentException(path + ".clear.below: " + clearBelow + " must be <= warning.above "
          + warning.above() + " (a rule that clears above its threshold would flap)");
    }
    AlertRule.Baseline baseline = null;
    if (rule.containsKey("baseline")) {
      Map<String, Object> b = map(path + ".baseline", rule.get("baseline"), BASELINE_KEYS);
      if (!b.containsKey("half-life")) {
        throw new IllegalArgumentException(path + ".baseline.half-life: is required");
      }
      Duration halfLife = duration(path + ".baseline.half-life", b.get("half-life"));
      if (halfLife.isZero()) {
        throw new IllegalArgumentException(path + ".baseline.half-life: must be > 0");
      }
      Duration warmUp = b.containsKey("warm-up") ? duration(path + ".baseline.warm-up", b.get("warm-up")) : halfLife;
      baseline = new AlertRule.Baseline(halfLife, warmUp);
      if (!(warning.above() > 1)) {
        throw new IllegalArgumentException(path + ".warning.above: " + warning.above()
            + " must be > 1 with a baseline (it is a multiple of the normal level)");
      }
    }
    String recommendation = text(path + ".recommendation", rule.get("recommendation"));
    return new AlertRule(name, metric, statistic, perReplica, warning, critical, forDuration, clearBelow, clearFor,
        baseline, recommendation);
  }

  private static AlertRule.Level level(String path, Object value, Priority defaultPriority) {
    if (value == null) {
      throw new IllegalArgumentException(path + ": is required ({above: N, priority: urgent})");
    }
    Map<String, Object> level = map(path, value, LEVEL_KEYS);
    if (!level.containsKey("above")) {
      throw new IllegalArgumentException(path + ".above: is required");
    }
    double above = number(path + ".above", level.get("above"));
    Priority priority = level.containsKey("priority") ? Priority.parse(path + ".priority", level.get("priority")) : defaultPriority;
    return new AlertRule.Level(above, priority);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(String path, Object value, Set<String> known) {
    if (!(value instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(path + ": must be a mapping of " + String.join(", ", known.stream().sorted().toList()));
    }
    for (Object key : map.keySet()) {
      if (!known.contains(String.valueOf(key))) {
        String prefix = path.equals("(top level)") ? "" : path + ".";
        throw new IllegalArgumentException(prefix + key + ": unknown field (known: "
            + String.join(", ", known.stream().sorted().toList()) + ")");
      }
    }
    return (Map<String, Object>) map;
  }

  private static String text(String path, Object value) {
    if (value == null || String.valueOf(value).isBlank() || value instanceof Map || value instanceof List) {
      throw new IllegalArgumentException(path + ": is required (a non-empty text)");
    }
    return String.valueOf(value).strip();
  }

  private static double number(String path, Object value) {
    if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
      return n.doubleValue();
    }
    throw new IllegalArgumentException(path + ": '" + value + "' is not a number");
  }

  private static Duration duration(String path, Object value) {
    try {
      Duration d = DurationText.parse(String.valueOf(value));
      if (d.isNegative()) {
        throw new IllegalArgumentException("must be >= 0");
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + ": " + e.getMessage());
    }
  }
}
