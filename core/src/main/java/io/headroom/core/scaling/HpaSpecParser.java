package io.headroom.core.scaling;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads an HPA spec from YAML or JSON with the HPA's own field names: either a whole
 * {@code HorizontalPodAutoscaler} manifest (autoscaling/v2, or v1's
 * {@code targetCPUUtilizationPercentage}), or just what is under its {@code spec:}.
 *
 * <p>Every problem is one {@link IllegalArgumentException} whose message names the field path
 * (relative to {@code spec}), the value and the rule, e.g.
 * {@code behavior.scaleDown.policies[0].periodSeconds: missing, must be 1..1800}. Unknown fields
 * are errors too, so a typo never silently falls back to a default. Defaults follow upstream:
 * {@code minReplicas} 1, CPU at 80 % when there is no metric, the default behavior for each
 * direction and for each field left out of a direction.
 */
public final class HpaSpecParser {
  private static final Set<String> MANIFEST_FIELDS = Set.of("apiVersion", "kind", "metadata", "spec", "status");
  private static final Set<String> SPEC_FIELDS =
      Set.of("scaleTargetRef", "minReplicas", "maxReplicas", "metrics", "behavior", "targetCPUUtilizationPercentage");
  private static final List<String> METRIC_TYPES = List.of("Resource", "Pods", "Object", "External", "ContainerResource");

  private HpaSpecParser() {}

  public static HpaSpec parse(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("HPA spec file not found: " + file);
    }
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** Parses YAML or JSON text (JSON is YAML). */
  public static HpaSpec parse(String text) {
    Object root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (YAMLException e) {
      String problem = e.getMessage() == null ? "unreadable" : e.getMessage().replaceAll("\\s+", " ").strip();
      throw new IllegalArgumentException("HPA spec is not valid YAML/JSON: " + problem, e);
    }
    if (root == null) {
      throw new IllegalArgumentException("HPA spec is empty: expected a HorizontalPodAutoscaler or its spec");
    }
    Map<String, Object> map = map(root, "(root)");
    if (map.containsKey("kind") || map.containsKey("spec") || map.containsKey("apiVersion")) {
      Object kind = map.get("kind");
      if (kind != null && !"HorizontalPodAutoscaler".equals(kind)) {
        throw new IllegalArgumentException("kind: '" + kind + "' is not HorizontalPodAutoscaler");
      }
      rejectUnknown(map, MANIFEST_FIELDS, "");
      if (map.get("spec") == null) {
        throw new IllegalArgumentException("spec: missing, a HorizontalPodAutoscaler needs a spec");
      }
      map = map(map.get("spec"), "spec");
    }
    return spec(map);
  }

  private static HpaSpec spec(Map<String, Object> spec) {
    rejectUnknown(spec, SPEC_FIELDS, "");
    int minReplicas = spec.containsKey("minReplicas") ? integer(spec.get("minReplicas"), "minReplicas") : 1;
    if (!spec.containsKey("maxReplicas")) {
      throw new IllegalArgumentException("maxReplicas: missing, must be >= 1");
    }
    int maxReplicas = integer(spec.get("maxReplicas"), "maxReplicas");
    List<MetricSpec> metrics = new ArrayList<>();
    if (spec.containsKey("targetCPUUtilizationPercentage")) {
      if (spec.containsKey("metrics")) {
        throw new IllegalArgumentException(
            "targetCPUUtilizationPercentage: set together with metrics; use one (v1) or the other (v2)");
      }
      int percent = integer(spec.get("targetCPUUtilizationPercentage"), "targetCPUUtilizationPercentage");
      if (percent <= 0) {
        throw new IllegalArgumentException("targetCPUUtilizationPercentage: " + percent + " must be > 0");
      }
      metrics.add(new MetricSpec.Resource("cpu", MetricTarget.utilization(percent)));
    }
    if (spec.get("metrics") != null) {
      List<Object> list = list(spec.get("metrics"), "metrics");
      for (int i = 0; i < list.size(); i++) {
        metrics.add(metric(map(list.get(i), "metrics[" + i + "]"), "metrics[" + i + "]"));
      }
    }
    Behavior behavior = spec.get("behavior") == null ? Behavior.defaults() : behavior(map(spec.get("behavior"), "behavior"));
    return build("", () -> new HpaSpec(minReplicas, maxReplicas, metrics, behavior));
  }

  // ---- metrics -----------------------------------------------------------------------------------

  private static MetricSpec metric(Map<String, Object> metric, String path) {
    Object type = metric.get("type");
    if (type == null) {
      throw new IllegalArgumentException(path + ".type: missing, must be one of " + String.join(", ", METRIC_TYPES));
    }
    if (!METRIC_TYPES.contains(type)) {
      throw new IllegalArgumentException(
          path + ".type: unknown type '" + type + "' (" + String.join(", ", METRIC_TYPES) + ")");
    }
    String section = Character.toLowerCase(((String) type).charAt(0)) + ((String) type).substring(1);
    rejectUnknown(metric, Set.of("type", section), path + ".");
    if (metric.get(section) == null) {
      throw new IllegalArgumentException(path + "." + section + ": missing, required when type is " + type);
    }
    String sectionPath = path + "." + section;
    Map<String, Object> source = map(metric.get(section), sectionPath);
    return switch (section) {
      case "resource" -> {
        rejectUnknown(source, Set.of("name", "target"), sectionPath + ".");
        String name = string(source.get("name"), sectionPath + ".name");
        MetricTarget target = target(source.get("target"), sectionPath + ".target");
        yield build(sectionPath, () -> new MetricSpec.Resource(name, target));
      }
      case "containerResource" -> {
        rejectUnknown(source, Set.of("name", "container", "target"), sectionPath + ".");
        String name = string(source.get("name"), sectionPath + ".name");
        String container = string(source.get("container"), sectionPath + ".container");
        MetricTarget target = target(source.get("target"), sectionPath + ".target");
        yield build(sectionPath, () -> new MetricSpec.ContainerResource(name, container, target));
      }
      case "pods" -> {
        rejectUnknown(source, Set.of("metric", "target"), sectionPath + ".");
        String name = metricName(source.get("metric"), sectionPath + ".metric");
        MetricTarget target = target(source.get("target"), sectionPath + ".target");
        yield build(sectionPath, () -> new MetricSpec.Pods(name, target));
      }
      case "object" -> {
        rejectUnknown(source, Set.of("describedObject", "metric", "target"), sectionPath + ".");
        String described = describedObject(source.get("describedObject"), sectionPath + ".describedObject");
        String name = metricName(source.get("metric"), sectionPath + ".metric");
        MetricTarget target = target(source.get("target"), sectionPath + ".target");
        yield build(sectionPath, () -> new MetricSpec.ObjectMetric(name, described, target));
      }
      default -> {
        rejectUnknown(source, Set.of("metric", "target"), sectionPath + ".");
        String name = metricName(source.get("metric"), sectionPath + ".metric");
        MetricTarget target = target(source.get("target"), sectionPath + ".target");
        yield build(sectionPath, () -> new MetricSpec.External(name, target));
      }
    };
  }

  private static String metricName(Object value, String path) {
    if (value == null) {
      throw new IllegalArgumentException(path + ": missing, must name the metric (metric.name)");
    }
    Map<String, Object> metric = map(value, path);
    rejectUnknown(metric, Set.of("name", "selector"), path + ".");
    return string(metric.get("name"), path + ".name");
  }

  private static String describedObject(Object value, String path) {
    if (value == null) {
      throw new IllegalArgumentException(path + ": missing, must name the object (kind, name)");
    }
    Map<String, Object> object = map(value, path);
    rejectUnknown(object, Set.of("apiVersion", "kind", "name"), path + ".");
    return string(object.get("kind"), path + ".kind") + "/" + string(object.get("name"), path + ".name");
  }

  private static MetricTarget target(Object value, String path) {
    if (value == null) {
      throw new IllegalArgumentException(path + ": missing, must set type and its value");
    }
    Map<String, Object> target = map(value, path);
    rejectUnknown(target, Set.of("type", "averageUtilization", "averageValue", "value"), path + ".");
    Object type = target.get("type");
    MetricTarget.Type parsed = null;
    for (MetricTarget.Type candidate : MetricTarget.Type.values()) {
      if (candidate.name().equals(type)) {
        parsed = candidate;
      }
    }
    if (parsed == null) {
      throw new IllegalArgumentException(path + ".type: "
          + (type == null ? "missing" : "unknown type '" + type + "'") + ", must be Utilization, Value or AverageValue");
    }
    String field = MetricTarget.fieldName(parsed);
    Object raw = target.get(field);
    if (raw == null) {
      throw new IllegalArgumentException(path + "." + field + ": missing, must be set (> 0) when type is " + parsed);
    }
    double number = parsed == MetricTarget.Type.Utilization ? integer(raw, path + "." + field) : quantity(raw, path + "." + field);
    MetricTarget.Type finalType = parsed;
    return build(path, () -> new MetricTarget(finalType, number));
  }

  // ---- behavior ----------------------------------------------------------------------------------

  private static Behavior behavior(Map<String, Object> behavior) {
    rejectUnknown(behavior, Set.of("scaleUp", "scaleDown"), "behavior.");
    ScalingRules up = rules(behavior.get("scaleUp"), "behavior.scaleUp", ScalingRules.defaultScaleUp());
    ScalingRules down = rules(behavior.get("scaleDown"), "behavior.scaleDown", ScalingRules.defaultScaleDown());
    return new Behavior(up, down);
  }

  /** Fields left out keep the direction's default, as upstream's defaulting copies non-null fields. */
  private static ScalingRules rules(Object value, String path, ScalingRules defaults) {
    if (value == null) {
      return defaults;
    }
    Map<String, Object> rules = map(value, path);
    rejectUnknown(rules, Set.of("stabilizationWindowSeconds", "selectPolicy", "policies", "tolerance"), path + ".");
    ScalingRules result = defaults;
    if (rules.get("stabilizationWindowSeconds") != null) {
      int seconds = integer(rules.get("stabilizationWindowSeconds"), path + ".stabilizationWindowSeconds");
      ScalingRules base = result;
      result = build(path, () -> base.withStabilizationWindowSeconds(seconds));
    }
    if (rules.get("selectPolicy") != null) {
      Object select = rules.get("selectPolicy");
      SelectPolicy parsed = null;
      for (SelectPolicy candidate : SelectPolicy.values()) {
        if (candidate.name().equals(select)) {
          parsed = candidate;
        }
      }
      if (parsed == null) {
        throw new IllegalArgumentException(path + ".selectPolicy: unknown value '" + select + "' (Max, Min, Disabled)");
      }
      result = result.withSelectPolicy(parsed);
    }
    if (rules.containsKey("policies")) {
      List<Object> list = rules.get("policies") == null ? List.of() : list(rules.get("policies"), path + ".policies");
      if (list.isEmpty()) {
        throw new IllegalArgumentException(path + ".policies: empty, must specify at least one policy");
      }
      List<ScalingPolicy> policies = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        policies.add(policy(map(list.get(i), path + ".policies[" + i + "]"), path + ".policies[" + i + "]"));
      }
      result = result.withPolicies(policies);
    }
    if (rules.get("tolerance") != null) {
      double tolerance = quantity(rules.get("tolerance"), path + ".tolerance");
      ScalingRules base = result;
      result = build(path, () -> base.withTolerance(tolerance));
    }
    return result;
  }

  private static ScalingPolicy policy(Map<String, Object> policy, String path) {
    rejectUnknown(policy, Set.of("type", "value", "periodSeconds"), path + ".");
    Object type = policy.get("type");
    ScalingPolicy.Type parsed = "Pods".equals(type) ? ScalingPolicy.Type.Pods : "Percent".equals(type) ? ScalingPolicy.Type.Percent : null;
    if (parsed == null) {
      throw new IllegalArgumentException(path + ".type: "
          + (type == null ? "missing" : "unknown type '" + type + "'") + ", must be Pods or Percent");
    }
    if (policy.get("value") == null) {
      throw new IllegalArgumentException(path + ".value: missing, must be > 0");
    }
    if (policy.get("periodSeconds") == null) {
      throw new IllegalArgumentException(path + ".periodSeconds: missing, must be 1.." + ScalingPolicy.MAX_PERIOD_SECONDS);
    }
    int value = integer(policy.get("value"), path + ".value");
    int period = integer(policy.get("periodSeconds"), path + ".periodSeconds");
    return build(path, () -> new ScalingPolicy(parsed, value, period));
  }

  // ---- scalar helpers ----------------------------------------------------------------------------

  /** Runs a record constructor and prefixes its one-line message with the path of the block. */
  private static <T> T build(String path, Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path.isEmpty() ? e.getMessage() : path + "." + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value, String path) {
    if (!(value instanceof Map)) {
      throw new IllegalArgumentException(path + ": " + shown(value) + " must be a mapping (key: value)");
    }
    for (Object key : ((Map<Object, Object>) value).keySet()) {
      if (!(key instanceof String)) {
        throw new IllegalArgumentException(path + ": key " + shown(key) + " must be a field name");
      }
    }
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value, String path) {
    if (!(value instanceof List)) {
      throw new IllegalArgumentException(path + ": " + shown(value) + " must be a list");
    }
    return (List<Object>) value;
  }

  private static String string(Object value, String path) {
    if (value == null) {
      throw new IllegalArgumentException(path + ": missing, must be a non-empty name");
    }
    if (!(value instanceof String text) || text.isBlank()) {
      throw new IllegalArgumentException(path + ": " + shown(value) + " must be a non-empty name");
    }
    return text;
  }

  private static int integer(Object value, String path) {
    if (value instanceof Integer number) {
      return number;
    }
    if (value instanceof Long || value instanceof java.math.BigInteger) {
      throw new IllegalArgumentException(path + ": " + value + " is out of range for an integer");
    }
    throw new IllegalArgumentException(path + ": " + shown(value) + " must be an integer");
  }

  private static double quantity(Object value, String path) {
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    if (value instanceof String text) {
      try {
        return Quantities.parse(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
      }
    }
    throw new IllegalArgumentException(path + ": " + shown(value) + " must be a quantity (e.g. 100, 500m, 1.5k)");
  }

  private static void rejectUnknown(Map<String, Object> map, Set<String> known, String prefix) {
    for (String key : map.keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException(
            prefix + key + ": unknown field (expected " + String.join(", ", known.stream().sorted().toList()) + ")");
      }
    }
  }

  private static String shown(Object value) {
    if (value instanceof String text) {
      return "'" + text + "'";
    }
    if (value instanceof Map) {
      return "a mapping";
    }
    if (value instanceof List) {
      return "a list";
    }
    return String.valueOf(value);
  }
}
