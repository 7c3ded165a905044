package io.headroom.flink.scaling;

import io.headroom.core.scaling.HpaSpec;
import io.headroom.core.scaling.HpaSpecParser;
import io.headroom.core.scaling.MetricSpec;
import io.headroom.core.scaling.MetricTarget;
import io.headroom.core.scaling.PredictiveSettings;
import io.headroom.core.time.DurationText;
import io.headroom.flink.windows.WindowStatistic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The targets file: which services the scaling job decides for, with their pasted HPA specs
 * (parsed by core's {@link HpaSpecParser}) and where each metric's value comes from. Every problem
 * is one {@link IllegalArgumentException} naming the field, e.g.
 * {@code targets[1].spec.maxReplicas: missing, must be >= 1}. See docs/flink.md for the format.
 */
public final class TargetsConfig {
  private static final Set<String> TARGET_FIELDS =
      Set.of("name", "policy", "replicas", "replicasMetric", "metrics", "predictive", "spec");
  private static final Set<String> SOURCE_FIELDS = Set.of("metric", "statistic", "perReplica");
  private static final Set<String> PREDICTIVE_FIELDS = Set.of("forecastMetric", "statistic", "replicaCapacity",
      "targetUtilization", "startup", "lead", "quantile", "trustWindow");
  static final Duration DEFAULT_STARTUP = Duration.ofSeconds(120);
  static final Duration DEFAULT_TRUST_WINDOW = Duration.ofMinutes(30);

  private final Map<String, TargetConfig> targets;

  private TargetsConfig(Map<String, TargetConfig> targets) {
    this.targets = Map.copyOf(targets);
  }

  public Map<String, TargetConfig> targets() {
    return targets;
  }

  public TargetConfig target(String name) {
    return targets.get(name);
  }

  public static TargetsConfig parse(Path file, Duration sync) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("targets: file not found: " + file);
    }
    return parse(Files.readString(file, StandardCharsets.UTF_8), sync);
  }

  /**
   * Parses the targets YAML.
   *
   * @param sync the decision period, part of the default predictive lead (start-up + one sync)
   */
  public static TargetsConfig parse(String text, Duration sync) {
    Object root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (YAMLException e) {
      throw new IllegalArgumentException("targets file is not valid YAML: "
          + String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip(), e);
    }
    Map<String, Object> top = map(root, "(root)");
    reject(top, Set.of("targets"), "");
    List<Object> list = list(top.get("targets"), "targets");
    if (list.isEmpty()) {
      throw new IllegalArgumentException("targets: empty, list at least one target");
    }
    Map<String, TargetConfig> targets = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String path = "targets[" + i + "]";
      TargetConfig target = target(map(list.get(i), path), path, sync);
      if (targets.put(target.name(), target) != null) {
        throw new IllegalArgumentException(path + ".name: '" + target.name() + "' is listed twice");
      }
    }
    return new TargetsConfig(targets);
  }

  private static TargetConfig target(Map<String, Object> map, String path, Duration sync) {
    reject(map, TARGET_FIELDS, path + ".");
    String name = string(map.get("name"), path + ".name", null);
    TargetConfig.Policy policy = switch (string(map.get("policy"), path + ".policy", "hpa").toLowerCase(Locale.ROOT)) {
      case "hpa" -> TargetConfig.Policy.HPA;
      case "predictive" -> TargetConfig.Policy.PREDICTIVE;
      default -> throw new IllegalArgumentException(path + ".policy: '" + map.get("policy") + "' must be hpa or predictive");
    };
    TargetConfig.ReplicasMode replicas = switch (string(map.get("replicas"), path + ".replicas", "observed").toLowerCase(Locale.ROOT)) {
      case "observed" -> TargetConfig.ReplicasMode.OBSERVED;
      case "commanded" -> TargetConfig.ReplicasMode.COMMANDED;
      default -> throw new IllegalArgumentException(path + ".replicas: '" + map.get("replicas") + "' must be observed or commanded");
    };
    String replicasMetric = string(map.get("replicasMetric"), path + ".replicasMetric", "replicas");
    if (map.get("spec") == null) {
      throw new IllegalArgumentException(path + ".spec: missing, paste the HPA's spec (or the whole manifest) here");
    }
    HpaSpec spec;
    try {
      spec = HpaSpecParser.parse(dump(map.get("spec")));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + ".spec." + e.getMessage(), e);
    }
    Map<String, MetricSource> sources = sources(map.get("metrics"), path + ".metrics", spec);

    PredictiveSettings predictive = null;
    String forecastMetric = "requests";
    WindowStatistic forecastStatistic = WindowStatistic.SUM;
    Duration trustWindow = DEFAULT_TRUST_WINDOW;
    if (policy == TargetConfig.Policy.PREDICTIVE) {
      String p = path + ".predictive";
      if (map.get("predictive") == null) {
        throw new IllegalArgumentException(p + ": missing, required when policy is predictive (replicaCapacity at least)");
      }
      Map<String, Object> pm = map(map.get("predictive"), p);
      reject(pm, PREDICTIVE_FIELDS, p + ".");
      forecastMetric = string(pm.get("forecastMetric"), p + ".forecastMetric", "requests");
      forecastStatistic = WindowStatistic.parse(string(pm.get("statistic"), p + ".statistic", "sum"), p + ".statistic");
      if (pm.get("replicaCapacity") == null) {
        throw new IllegalArgumentException(p + ".replicaCapacity: missing, the load one replica serves per forecast step");
      }
      double capacity = number(pm.get("replicaCapacity"), p + ".replicaCapacity");
      double utilization = pm.get("targetUtilization") != null
          ? number(pm.get("targetUtilization"), p + ".targetUtilization")
          : cpuTarget(spec, p);
      Duration startup = duration(pm.get("startup"), p + ".startup", DEFAULT_STARTUP);
      Duration lead = duration(pm.get("lead"), p + ".lead", startup.plus(sync));
      double quantile = pm.get("quantile") == null ? PredictiveSettings.DEFAULT_QUANTILE : number(pm.get("quantile"), p + ".quantile");
      trustWindow = duration(pm.get("trustWindow"), p + ".trustWindow", DEFAULT_TRUST_WINDOW);
      if (trustWindow.isZero()) {
        throw new IllegalArgumentException(p + ".trustWindow: 0s must be > 0");
      }
      try {
        predictive = new PredictiveSettings(capacity, utilization, lead, quantile, PredictiveSettings.DEFAULT_INTERVAL_LEVEL);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(p + "." + e.getMessage(), e);
      }
    } else if (map.get("predictive") != null) {
      throw new IllegalArgumentException(path + ".predictive: set while policy is hpa; remove it or set policy: predictive");
    }
    return new TargetConfig(name, policy, replicas, replicasMetric, spec, sources, predictive, forecastMetric,
        forecastStatistic, trustWindow);
  }

  /** The spec's CPU utilization target as a fraction, the default target utilization of the predictive policy. */
  private static double cpuTarget(HpaSpec spec, String path) {
    for (MetricSpec metric : spec.metrics()) {
      if (metric instanceof MetricSpec.Resource resource && resource.name().equals("cpu")
          && metric.target().type() == MetricTarget.Type.Utilization) {
        return metric.target().value() / 100;
      }
    }
    throw new IllegalArgumentException(path + ".targetUtilization: missing, required when the spec has no cpu Utilization target");
  }

  /** Every spec metric gets a source: the one given, else the default for its key. */
  private static Map<String, MetricSource> sources(Object value, String path, HpaSpec spec) {
    Map<String, Object> given = value == null ? Map.of() : map(value, path);
    Map<String, MetricSource> sources = new HashMap<>();
    for (String key : given.keySet()) {
      if (spec.metrics().stream().noneMatch(m -> m.key().equals(key))) {
        throw new IllegalArgumentException(path + "." + key + ": the spec has no metric with this key (keys: "
            + String.join(", ", spec.metrics().stream().map(MetricSpec::key).toList()) + ")");
      }
    }
    for (MetricSpec metric : spec.metrics()) {
      String key = metric.key();
      Object entry = given.get(key);
      if (entry == null) {
        sources.put(key, defaultSource(metric));
        continue;
      }
      String entryPath = path + "." + key;
      Map<String, Object> m = map(entry, entryPath);
      reject(m, SOURCE_FIELDS, entryPath + ".");
      String windowMetric = string(m.get("metric"), entryPath + ".metric", defaultSource(metric).metric());
      WindowStatistic statistic = WindowStatistic.parse(string(m.get("statistic"), entryPath + ".statistic", "mean"), entryPath + ".statistic");
      boolean perReplica = m.get("perReplica") != null && bool(m.get("perReplica"), entryPath + ".perReplica");
      sources.put(key, new MetricSource(windowMetric, statistic, perReplica));
    }
    return sources;
  }

  /** cpu and memory read Headroom's cpu_percent / memory_percent gauges; any other key a metric of its own name. */
  static MetricSource defaultSource(MetricSpec metric) {
    String name = switch (metric.key()) {
      case "cpu" -> "cpu_percent";
      case "memory" -> "memory_percent";
      default -> metric.key();
    };
    return new MetricSource(name, WindowStatistic.MEAN, false);
  }

  private static String dump(Object spec) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    return new Yaml(new Representer(options), options).dump(spec);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value, String path) {
    if (!(value instanceof Map)) {
      throw new IllegalArgumentException(path + ": " + (value == null ? "missing" : "'" + value + "'") + ", must be a mapping (key: value)");
    }
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value, String path) {
    if (!(value instanceof List)) {
      throw new IllegalArgumentException(path + ": " + (value == null ? "missing" : "'" + value + "'") + ", must be a list");
    }
    return (List<Object>) value;
  }

  private static String string(Object value, String path, String defaultValue) {
    if (value == null) {
      if (defaultValue == null) {
        throw new IllegalArgumentException(path + ": missing, must be a non-empty name");
      }
      return defaultValue;
    }
    if (!(value instanceof String text) || text.isBlank()) {
      throw new IllegalArgumentException(path + ": '" + value + "' must be a non-empty name");
    }
    return text.strip();
  }

  private static double number(Object value, String path) {
    if (value instanceof Number number && Double.isFinite(number.doubleValue())) {
      return number.doubleValue();
    }
    throw new IllegalArgumentException(path + ": '" + value + "' must be a number");
  }

  private static boolean bool(Object value, String path) {
    if (value instanceof Boolean b) {
      return b;
    }
    throw new IllegalArgumentException(path + ": '" + value + "' must be true or false");
  }

  private static Duration duration(Object value, String path, Duration defaultValue) {
    if (value == null) {
      return defaultValue;
    }
    Duration parsed;
    try {
      parsed = value instanceof Integer seconds ? Duration.ofSeconds(seconds) : DurationText.parse(String.valueOf(value));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
    }
    if (parsed.isNegative()) {
      throw new IllegalArgumentException(path + ": " + value + " must be >= 0");
    }
    return parsed;
  }

  private static void reject(Map<String, Object> map, Set<String> known, String prefix) {
    for (Object key : map.keySet()) {
      if (!known.contains(String.valueOf(key))) {
        throw new IllegalArgumentException(prefix + key + ": unknown field (expected "
            + String.join(", ", known.stream().sorted().toList()) + ")");
      }
    }
  }
}
