package io.headroom.core.scaling;

import io.headroom.core.config.YamlNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads an HPA spec from YAML or JSON with the HPA's own field names: either a whole {@code
 * HorizontalPodAutoscaler} manifest (autoscaling/v2, or v1's {@code
 * targetCPUUtilizationPercentage}), or just what is under its {@code spec:}.
 *
 * <p>Every problem is one {@link IllegalArgumentException} whose message names the field path
 * (relative to {@code spec}), the value and the rule, e.g. {@code
 * behavior.scaleDown.policies[0].periodSeconds: missing, must be 1..1800}. Unknown fields are
 * errors too, so a typo never silently falls back to a default. Defaults follow upstream: {@code
 * minReplicas} 1, CPU at 80 % when there is no metric, the default behavior for each direction and
 * for each field left out of a direction. Fields are read with {@link YamlNode}, as the other
 * configuration files are.
 */
public final class HpaSpecParser {
  private static final Set<String> MANIFEST_FIELDS =
      Set.of("apiVersion", "kind", "metadata", "spec", "status");
  private static final Set<String> SPEC_FIELDS =
      Set.of(
          "scaleTargetRef",
          "minReplicas",
          "maxReplicas",
          "metrics",
          "behavior",
          "targetCPUUtilizationPercentage");
  private static final List<String> METRIC_TYPES =
      List.of("Resource", "Pods", "Object", "External", "ContainerResource");

  private HpaSpecParser() {}

  public static HpaSpec parse(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("HPA spec file not found: " + file);
    }
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** Parses YAML or JSON text (JSON is YAML). */
  public static HpaSpec parse(String text) {
    YamlNode root = YamlNode.load(text, "HPA spec is not valid YAML/JSON");
    if (root.isMissing()) {
      throw new IllegalArgumentException(
          "HPA spec is empty: expected a HorizontalPodAutoscaler or its spec");
    }
    return parse(root);
  }

  /**
   * Parses a manifest or spec inside another document (a targets file, say); messages name the
   * field under the node's path ({@code targets[0].spec.maxReplicas: ...}).
   */
  public static HpaSpec parse(YamlNode node) {
    YamlNode spec = node;
    if (node.has("kind") || node.has("spec") || node.has("apiVersion")) {
      YamlNode kind = node.field("kind");
      if (!kind.isMissing() && !"HorizontalPodAutoscaler".equals(kind.value())) {
        throw kind.problem(kind.shown() + " is not HorizontalPodAutoscaler");
      }
      node.fields(MANIFEST_FIELDS);
      if (node.field("spec").isMissing()) {
        throw node.field("spec").problem("missing, a HorizontalPodAutoscaler needs a spec");
      }
      spec = node.unwrap("spec"); // paths stay relative to spec, as for a pasted spec
    }
    return spec(spec);
  }

  private static HpaSpec spec(YamlNode spec) {
    spec.fields(SPEC_FIELDS);
    int minReplicas = spec.has("minReplicas") ? spec.field("minReplicas").integer() : 1;
    if (!spec.has("maxReplicas")) {
      throw spec.field("maxReplicas").problem("missing, must be >= 1");
    }
    int maxReplicas = spec.field("maxReplicas").integer();
    List<MetricSpec> metrics = new ArrayList<>();
    if (spec.has("targetCPUUtilizationPercentage")) {
      YamlNode v1 = spec.field("targetCPUUtilizationPercentage");
      if (spec.has("metrics")) {
        throw v1.problem("set together with metrics; use one (v1) or the other (v2)");
      }
      int percent = v1.integer();
      if (percent <= 0) {
        throw v1.problem(percent + " must be > 0");
      }
      metrics.add(new MetricSpec.Resource("cpu", MetricTarget.utilization(percent)));
    }
    if (!spec.field("metrics").isMissing()) {
      for (YamlNode metric : spec.field("metrics").items()) {
        metrics.add(metric(metric));
      }
    }
    Behavior behavior =
        spec.field("behavior").isMissing() ? Behavior.defaults() : behavior(spec.field("behavior"));
    return spec.build(() -> new HpaSpec(minReplicas, maxReplicas, metrics, behavior));
  }

  // ---- metrics
  // -----------------------------------------------------------------------------------

  private static MetricSpec metric(YamlNode metric) {
    YamlNode type = metric.field("type");
    if (type.isMissing()) {
      throw type.problem("missing, must be one of " + String.join(", ", METRIC_TYPES));
    }
    if (!METRIC_TYPES.contains(type.value())) {
      throw type.problem(
          "unknown type '" + type.value() + "' (" + String.join(", ", METRIC_TYPES) + ")");
    }
    String name = (String) type.value();
    String section = Character.toLowerCase(name.charAt(0)) + name.substring(1);
    metric.fields(Set.of("type", section));
    YamlNode source = metric.field(section);
    if (source.isMissing()) {
      throw source.problem("missing, required when type is " + name);
    }
    return switch (section) {
      case "resource" -> {
        source.fields(Set.of("name", "target"));
        String resource = source.field("name").name();
        MetricTarget target = target(source.field("target"));
        yield source.build(() -> new MetricSpec.Resource(resource, target));
      }
      case "containerResource" -> {
        source.fields(Set.of("name", "container", "target"));
        String resource = source.field("name").name();
        String container = source.field("container").name();
        MetricTarget target = target(source.field("target"));
        yield source.build(() -> new MetricSpec.ContainerResource(resource, container, target));
      }
      case "pods" -> {
        source.fields(Set.of("metric", "target"));
        String metricName = metricName(source.field("metric"));
        MetricTarget target = target(source.field("target"));
        yield source.build(() -> new MetricSpec.Pods(metricName, target));
      }
      case "object" -> {
        source.fields(Set.of("describedObject", "metric", "target"));
        String described = describedObject(source.field("describedObject"));
        String metricName = metricName(source.field("metric"));
        MetricTarget target = target(source.field("target"));
        yield source.build(() -> new MetricSpec.ObjectMetric(metricName, described, target));
      }
      default -> {
        source.fields(Set.of("metric", "target"));
        String metricName = metricName(source.field("metric"));
        MetricTarget target = target(source.field("target"));
        yield source.build(() -> new MetricSpec.External(metricName, target));
      }
    };
  }

  private static String metricName(YamlNode metric) {
    if (metric.isMissing()) {
      throw metric.problem("missing, must name the metric (metric.name)");
    }
    return metric.fields(Set.of("name", "selector")).field("name").name();
  }

  private static String describedObject(YamlNode object) {
    if (object.isMissing()) {
      throw object.problem("missing, must name the object (kind, name)");
    }
    object.fields(Set.of("apiVersion", "kind", "name"));
    return object.field("kind").name() + "/" + object.field("name").name();
  }

  private static MetricTarget target(YamlNode target) {
    if (target.isMissing()) {
      throw target.problem("missing, must set type and its value");
    }
    target.fields(Set.of("type", "averageUtilization", "averageValue", "value"));
    YamlNode type = target.field("type");
    MetricTarget.Type parsed = null;
    for (MetricTarget.Type candidate : MetricTarget.Type.values()) {
      if (candidate.name().equals(type.value())) {
        parsed = candidate;
      }
    }
    if (parsed == null) {
      throw type.problem(
          (type.isMissing() ? "missing" : "unknown type '" + type.value() + "'")
              + ", must be Utilization, Value or AverageValue");
    }
    YamlNode raw = target.field(MetricTarget.fieldName(parsed));
    if (raw.isMissing()) {
      throw raw.problem("missing, must be set (> 0) when type is " + parsed);
    }
    double number = parsed == MetricTarget.Type.Utilization ? raw.integer() : quantity(raw);
    MetricTarget.Type finalType = parsed;
    return target.build(() -> new MetricTarget(finalType, number));
  }

  // ---- behavior
  // ----------------------------------------------------------------------------------

  /**
   * An HPA {@code behavior} mapping on its own (a KEDA ScaledObject's {@code
   * advanced.horizontalPodAutoscalerConfig.behavior}); problems name the node's path.
   */
  public static Behavior behavior(YamlNode behavior) {
    behavior.fields(Set.of("scaleUp", "scaleDown"));
    ScalingRules up = rules(behavior.field("scaleUp"), ScalingRules.defaultScaleUp());
    ScalingRules down = rules(behavior.field("scaleDown"), ScalingRules.defaultScaleDown());
    return new Behavior(up, down);
  }

  /**
   * Fields left out keep the direction's default, as upstream's defaulting copies non-null fields.
   */
  private static ScalingRules rules(YamlNode rules, ScalingRules defaults) {
    if (rules.isMissing()) {
      return defaults;
    }
    rules.fields(Set.of("stabilizationWindowSeconds", "selectPolicy", "policies", "tolerance"));
    ScalingRules result = defaults;
    if (!rules.field("stabilizationWindowSeconds").isMissing()) {
      int seconds = rules.field("stabilizationWindowSeconds").integer();
      ScalingRules base = result;
      result = rules.build(() -> base.withStabilizationWindowSeconds(seconds));
    }
    YamlNode select = rules.field("selectPolicy");
    if (!select.isMissing()) {
      SelectPolicy parsed = null;
      for (SelectPolicy candidate : SelectPolicy.values()) {
        if (candidate.name().equals(select.value())) {
          parsed = candidate;
        }
      }
      if (parsed == null) {
        throw select.problem("unknown value '" + select.value() + "' (Max, Min, Disabled)");
      }
      result = result.withSelectPolicy(parsed);
    }
    if (rules.has("policies")) {
      YamlNode list = rules.field("policies");
      List<YamlNode> items = list.isMissing() ? List.of() : list.items();
      if (items.isEmpty()) {
        throw list.problem("empty, must specify at least one policy");
      }
      List<ScalingPolicy> policies = new ArrayList<>();
      for (YamlNode policy : items) {
        policies.add(policy(policy));
      }
      result = result.withPolicies(policies);
    }
    if (!rules.field("tolerance").isMissing()) {
      double tolerance = quantity(rules.field("tolerance"));
      ScalingRules base = result;
      result = rules.build(() -> base.withTolerance(tolerance));
    }
    return result;
  }

  private static ScalingPolicy policy(YamlNode policy) {
    policy.fields(Set.of("type", "value", "periodSeconds"));
    YamlNode type = policy.field("type");
    ScalingPolicy.Type parsed =
        "Pods".equals(type.value())
            ? ScalingPolicy.Type.Pods
            : "Percent".equals(type.value()) ? ScalingPolicy.Type.Percent : null;
    if (parsed == null) {
      throw type.problem(
          (type.isMissing() ? "missing" : "unknown type '" + type.value() + "'")
              + ", must be Pods or Percent");
    }
    if (policy.field("value").isMissing()) {
      throw policy.field("value").problem("missing, must be > 0");
    }
    if (policy.field("periodSeconds").isMissing()) {
      throw policy
          .field("periodSeconds")
          .problem("missing, must be 1.." + ScalingPolicy.MAX_PERIOD_SECONDS);
    }
    int value = policy.field("value").integer();
    int period = policy.field("periodSeconds").integer();
    return policy.build(() -> new ScalingPolicy(parsed, value, period));
  }

  /**
   * A Kubernetes quantity: a number, or text such as {@code 500m} or {@code 1.5k} ({@link
   * Quantities}).
   */
  private static double quantity(YamlNode node) {
    if (node.value() instanceof Number number) {
      return number.doubleValue();
    }
    if (node.value() instanceof String text) {
      return node.parse(() -> Quantities.parse(text));
    }
    throw node.problem(node.shown() + " must be a quantity (e.g. 100, 500m, 1.5k)");
  }
}
