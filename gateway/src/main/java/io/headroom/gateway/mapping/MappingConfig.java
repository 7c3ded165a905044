package io.headroom.gateway.mapping;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * How Prometheus series become metric events: which label names the service (the first present of
 * {@code serviceLabels}), which the instance, and the rules tried in order on the metric name (the
 * first match wins; a series no rule matches is dropped and counted as unmapped).
 *
 * @param maxSeries bound on the counter series whose last sample is kept for rates, and on the
 *     unmapped series remembered so each is logged once
 */
public record MappingConfig(
    List<String> serviceLabels,
    String instanceLabel,
    int maxSeries,
    List<SeriesRule> rules,
    OtlpConfig otlp) {
  public static final String DEFAULT_RESOURCE = "gateway-mapping.yaml";
  private static final Set<String> TOP_KEYS =
      Set.of("serviceLabels", "instanceLabel", "maxSeries", "rules", "otlp");
  private static final Set<String> RULE_KEYS = Set.of("match", "action", "metric", "scale", "unit");
  private static final Set<String> OTLP_KEYS =
      Set.of("serviceAttributes", "instanceAttributes", "rules");

  public MappingConfig {
    if (serviceLabels == null || serviceLabels.isEmpty()) {
      throw new IllegalArgumentException("serviceLabels: must name at least one label");
    }
    if (maxSeries < 1) {
      throw new IllegalArgumentException("maxSeries: " + maxSeries + " must be >= 1");
    }
    serviceLabels = List.copyOf(serviceLabels);
    instanceLabel = instanceLabel == null ? "instance" : instanceLabel;
    rules = List.copyOf(rules);
    otlp = otlp == null ? OtlpConfig.byTypeOnly() : otlp;
  }

  /** Prometheus mapping only; OTLP metrics by their type ({@link OtlpConfig#byTypeOnly}). */
  public MappingConfig(
      List<String> serviceLabels, String instanceLabel, int maxSeries, List<SeriesRule> rules) {
    this(serviceLabels, instanceLabel, maxSeries, rules, null);
  }

  /**
   * The mapping shipped with the gateway (the file {@value #DEFAULT_RESOURCE}, shown in the
   * README).
   */
  public static MappingConfig defaults() {
    try (InputStream in =
        MappingConfig.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the classpath");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + DEFAULT_RESOURCE + ": " + e.getMessage(), e);
    }
  }

  public static MappingConfig load(Path file) throws IOException {
    try {
      return parse(Files.readString(file));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** Parses the YAML form; errors name the field, the value and the rule it breaks. */
  public static MappingConfig parse(String yaml) {
    Object root;
    try (Reader reader = new StringReader(yaml)) {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "not valid YAML: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
    Map<?, ?> top = asMap(root, "(top level)");
    checkKeys(top, TOP_KEYS, "");
    List<String> serviceLabels = new ArrayList<>();
    for (Object label :
        asList(
            top.containsKey("serviceLabels") ? top.get("serviceLabels") : List.of("service", "job"),
            "serviceLabels")) {
      serviceLabels.add(String.valueOf(label));
    }
    String instanceLabel =
        top.containsKey("instanceLabel") ? String.valueOf(top.get("instanceLabel")) : "instance";
    int maxSeries =
        top.containsKey("maxSeries") ? asInt(top.get("maxSeries"), "maxSeries") : 100_000;
    List<SeriesRule> rules = new ArrayList<>();
    List<?> ruleList = asList(top.get("rules"), "rules");
    for (int i = 0; i < ruleList.size(); i++) {
      String where = "rules[" + i + "]";
      Map<?, ?> rule = asMap(ruleList.get(i), where);
      checkKeys(rule, RULE_KEYS, where + ".");
      Object match = rule.get("match");
      if (match == null || String.valueOf(match).isBlank()) {
        throw new IllegalArgumentException(
            where + ".match: must be a non-empty glob such as \"*_total\"");
      }
      String actionText = rule.containsKey("action") ? String.valueOf(rule.get("action")) : "gauge";
      SeriesRule.Action action;
      try {
        action = SeriesRule.Action.valueOf(actionText.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            where
                + ".action: \""
                + actionText
                + "\" must be one of gauge, counter, histogram, drop");
      }
      double scale = 1;
      if (rule.containsKey("scale")) {
        if (!(rule.get("scale") instanceof Number n)
            || !Double.isFinite(n.doubleValue())
            || n.doubleValue() == 0) {
          throw new IllegalArgumentException(
              where + ".scale: " + rule.get("scale") + " must be a finite non-zero number");
        }
        scale = ((Number) rule.get("scale")).doubleValue();
      }
      Object metric = rule.get("metric");
      Object unit = rule.get("unit");
      rules.add(
          new SeriesRule(
              String.valueOf(match),
              action,
              metric == null ? null : String.valueOf(metric),
              scale,
              unit == null ? "" : String.valueOf(unit)));
    }
    OtlpConfig otlp = top.containsKey("otlp") ? parseOtlp(asMap(top.get("otlp"), "otlp")) : null;
    return new MappingConfig(serviceLabels, instanceLabel, maxSeries, rules, otlp);
  }

  private static OtlpConfig parseOtlp(Map<?, ?> otlp) {
    checkKeys(otlp, OTLP_KEYS, "otlp.");
    OtlpConfig defaults = OtlpConfig.byTypeOnly();
    List<String> serviceAttributes =
        otlp.containsKey("serviceAttributes")
            ? strings(otlp.get("serviceAttributes"), "otlp.serviceAttributes")
            : defaults.serviceAttributes();
    List<String> instanceAttributes =
        otlp.containsKey("instanceAttributes")
            ? strings(otlp.get("instanceAttributes"), "otlp.instanceAttributes")
            : defaults.instanceAttributes();
    if (!otlp.containsKey("rules")) {
      return new OtlpConfig(serviceAttributes, instanceAttributes, defaults.rules());
    }
    List<OtlpRule> rules = new ArrayList<>();
    List<?> ruleList = asList(otlp.get("rules"), "otlp.rules");
    for (int i = 0; i < ruleList.size(); i++) {
      String where = "otlp.rules[" + i + "]";
      Map<?, ?> rule = asMap(ruleList.get(i), where);
      checkKeys(rule, RULE_KEYS, where + ".");
      Object match = rule.get("match");
      if (match == null || String.valueOf(match).isBlank()) {
        throw new IllegalArgumentException(
            where + ".match: must be a non-empty glob such as \"http.server.*\"");
      }
      String actionText = rule.containsKey("action") ? String.valueOf(rule.get("action")) : "auto";
      OtlpRule.Action action;
      try {
        action = OtlpRule.Action.valueOf(actionText.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            where + ".action: \"" + actionText + "\" must be one of auto, rate, drop");
      }
      double scale = 1;
      if (rule.containsKey("scale")) {
        if (!(rule.get("scale") instanceof Number n)
            || !Double.isFinite(n.doubleValue())
            || n.doubleValue() <= 0) {
          throw new IllegalArgumentException(
              where + ".scale: " + rule.get("scale") + " must be a finite positive number");
        }
        scale = n.doubleValue();
      }
      Object metric = rule.get("metric");
      Object unit = rule.get("unit");
      rules.add(
          new OtlpRule(
              String.valueOf(match),
              action,
              metric == null ? null : String.valueOf(metric),
              scale,
              unit == null ? null : String.valueOf(unit)));
    }
    return new OtlpConfig(serviceAttributes, instanceAttributes, rules);
  }

  private static List<String> strings(Object value, String where) {
    List<String> out = new ArrayList<>();
    for (Object item : asList(value, where)) {
      out.add(String.valueOf(item));
    }
    return out;
  }

  private static void checkKeys(Map<?, ?> map, Set<String> allowed, String prefix) {
    for (Object key : map.keySet()) {
      if (!allowed.contains(String.valueOf(key))) {
        throw new IllegalArgumentException(
            prefix + key + ": unknown key; expected one of " + allowed.stream().sorted().toList());
      }
    }
  }

  private static Map<?, ?> asMap(Object value, String where) {
    if (value instanceof Map<?, ?> map) {
      return map;
    }
    throw new IllegalArgumentException(where + ": " + value + " must be a mapping");
  }

  private static List<?> asList(Object value, String where) {
    if (value instanceof List<?> list) {
      return list;
    }
    throw new IllegalArgumentException(where + ": " + value + " must be a list");
  }

  private static int asInt(Object value, String where) {
    if (value instanceof Integer i) {
      return i;
    }
    throw new IllegalArgumentException(where + ": " + value + " must be an integer");
  }
}
