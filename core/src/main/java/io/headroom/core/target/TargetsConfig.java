package io.headroom.core.target;

import io.headroom.core.config.YamlNode;
import io.headroom.core.forecast.Forecasters;
import io.headroom.core.queue.KafkaLagSettings;
import io.headroom.core.queue.OffsetResetPolicy;
import io.headroom.core.queue.ScaledObject;
import io.headroom.core.scaling.Behavior;
import io.headroom.core.scaling.HpaSpec;
import io.headroom.core.scaling.HpaSpecParser;
import io.headroom.core.scaling.MetricSpec;
import io.headroom.core.scaling.PredictiveSettings;
import io.headroom.core.scaling.TargetDecider;
import io.headroom.core.window.Statistic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The targets file: which services the scaling job decides for, with their pasted HPA specs (parsed
 * by core's {@link HpaSpecParser}) and where each metric's value comes from, read with core's
 * {@link YamlNode} as the other configuration files are. Every problem is one {@link
 * IllegalArgumentException} naming the field, e.g. {@code targets[1].spec.maxReplicas: missing,
 * must be >= 1}. See docs/flink.md for the format.
 */
public final class TargetsConfig {
  private static final Set<String> TARGET_FIELDS =
      Set.of(
          "name", "policy", "replicas", "replicasMetric", "metrics", "predictive", "spec", "queue");
  private static final Set<String> QUEUE_FIELDS =
      Set.of(
          "bootstrap",
          "group",
          "topic",
          "lagThreshold",
          "activationLagThreshold",
          "offsetResetPolicy",
          "allowIdleConsumers",
          "limitToPartitionsWithLag",
          "scaleToZeroOnInvalidOffset",
          "excludePersistentLag",
          "minReplicaCount",
          "maxReplicaCount",
          "cooldownPeriod",
          "behavior");
  private static final Set<String> SOURCE_FIELDS = Set.of("metric", "statistic", "perReplica");
  private static final Set<String> PREDICTIVE_FIELDS =
      Set.of(
          "forecastMetric",
          "statistic",
          "replicaCapacity",
          "startup",
          "lead",
          "quantile",
          "tailBudget",
          "trustWindow");
  private static final Set<String> QUEUE_PREDICTIVE_FIELDS =
      Set.of("replicaCapacity", "startup", "lead", "quantile", "model", "step");

  /** The forecast step of a queue's arrivals unless told otherwise, the usual window length. */
  public static final Duration DEFAULT_ARRIVALS_STEP = Duration.ofMinutes(1);

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
    YamlNode list =
        YamlNode.load(text, "targets file is not valid YAML")
            .fields(Set.of("targets"))
            .field("targets");
    if (list.items().isEmpty()) {
      throw list.problem("empty, list at least one target");
    }
    Map<String, TargetConfig> targets = new LinkedHashMap<>();
    for (YamlNode item : list.items()) {
      TargetConfig target = target(item, sync);
      if (targets.put(target.name(), target) != null) {
        throw item.field("name").problem("'" + target.name() + "' is listed twice");
      }
    }
    return new TargetsConfig(targets);
  }

  private static TargetConfig target(YamlNode map, Duration sync) {
    map.fields(TARGET_FIELDS);
    String name = map.field("name").name();
    TargetConfig.Policy policy =
        switch (map.field("policy").name("hpa").toLowerCase(Locale.ROOT)) {
          case "hpa" -> TargetConfig.Policy.HPA;
          case "predictive" -> TargetConfig.Policy.PREDICTIVE;
          default ->
              throw map.field("policy")
                  .problem(map.field("policy").shown() + " must be hpa or predictive");
        };
    TargetConfig.ReplicasMode replicas =
        switch (map.field("replicas").name("observed").toLowerCase(Locale.ROOT)) {
          case "observed" -> TargetConfig.ReplicasMode.OBSERVED;
          case "commanded" -> TargetConfig.ReplicasMode.COMMANDED;
          default ->
              throw map.field("replicas")
                  .problem(map.field("replicas").shown() + " must be observed or commanded");
        };
    String replicasMetric = map.field("replicasMetric").name("replicas");
    if (!map.field("queue").isMissing()) {
      return queueTarget(map, name, policy, replicas, replicasMetric, sync);
    }
    if (map.field("spec").isMissing()) {
      throw map.field("spec").problem("missing, paste the HPA's spec (or the whole manifest) here");
    }
    HpaSpec spec = HpaSpecParser.parse(map.field("spec"));
    Map<String, MetricSource> sources = sources(map.field("metrics"), spec);

    PredictiveSettings predictive = null;
    String forecastMetric = "requests";
    Statistic forecastStatistic = Statistic.SUM;
    Duration trustWindow = TargetDecider.DEFAULT_TRUST_WINDOW;
    YamlNode p = map.field("predictive");
    if (policy == TargetConfig.Policy.PREDICTIVE) {
      if (p.isMissing()) {
        throw p.problem("missing, required when policy is predictive (replicaCapacity at least)");
      }
      p.fields(PREDICTIVE_FIELDS);
      forecastMetric = p.field("forecastMetric").name("requests");
      forecastStatistic = statistic(p.field("statistic"), Statistic.SUM);
      predictive = predictiveSettings(p, sync, "the load one replica serves per forecast step");
      trustWindow = p.field("trustWindow").duration(TargetDecider.DEFAULT_TRUST_WINDOW);
      if (trustWindow.isZero()) {
        throw p.field("trustWindow").problem("0s must be > 0");
      }
    } else if (!p.isMissing()) {
      throw p.problem("set while policy is hpa; remove it or set policy: predictive");
    }
    return new TargetConfig(
        name,
        policy,
        replicas,
        replicasMetric,
        spec,
        sources,
        predictive,
        forecastMetric,
        forecastStatistic,
        trustWindow,
        null);
  }

  /**
   * A queue target: KEDA's Kafka trigger ({@code group}, {@code topic}, {@code lagThreshold}, ...)
   * and the ScaledObject's replica counts and cooldown in one {@code queue} mapping. The HPA spec
   * is the one KEDA generates ({@link ScaledObject#hpaSpec}), so {@code spec} and {@code metrics}
   * are refused; {@code policy: predictive} takes its own {@code predictive} mapping ({@link
   * #queuePredictive}).
   */
  private static TargetConfig queueTarget(
      YamlNode map,
      String name,
      TargetConfig.Policy policy,
      TargetConfig.ReplicasMode replicas,
      String replicasMetric,
      Duration sync) {
    for (String field : new String[] {"spec", "metrics"}) {
      if (!map.field(field).isMissing()) {
        throw map.field(field)
            .problem(
                "set on a queue target; its HPA is the one KEDA generates from queue (lagThreshold,"
                    + " minReplicaCount, maxReplicaCount)");
      }
    }
    YamlNode p = map.field("predictive");
    if (policy == TargetConfig.Policy.HPA && !p.isMissing()) {
      throw p.problem("set while policy is hpa; remove it or set policy: predictive");
    }
    YamlNode q = map.field("queue");
    q.fields(QUEUE_FIELDS);
    String bootstrap = q.field("bootstrap").isMissing() ? null : q.field("bootstrap").name();
    if (bootstrap != null) {
      for (String server : bootstrap.split(",")) {
        if (!server.strip().matches("[^:\\s]+:\\d{1,5}")) {
          throw q.field("bootstrap").problem("'" + server.strip() + "' must be host:port");
        }
      }
    }
    if (q.field("group").isMissing()) {
      throw q.field("group").problem("missing, the consumer group whose lag scales the target");
    }
    String group = q.field("group").name();
    if (q.field("topic").isMissing()) {
      throw q.field("topic").problem("missing, the topic the group reads");
    }
    String topic = q.field("topic").name();
    long lagThreshold =
        keda(q.field("lagThreshold"), KafkaLagSettings.DEFAULT_LAG_THRESHOLD, Long::parseLong);
    if (lagThreshold <= 0) {
      throw q.field("lagThreshold").problem(lagThreshold + " must be > 0");
    }
    long activation = keda(q.field("activationLagThreshold"), 0L, Long::parseLong);
    if (activation < 0) {
      throw q.field("activationLagThreshold").problem(activation + " must be >= 0");
    }
    String reset = keda(q.field("offsetResetPolicy"), "latest", String::strip);
    OffsetResetPolicy offsetReset =
        switch (reset.toLowerCase(Locale.ROOT)) {
          case "latest" -> OffsetResetPolicy.LATEST;
          case "earliest" -> OffsetResetPolicy.EARLIEST;
          default ->
              throw q.field("offsetResetPolicy")
                  .problem("'" + reset + "' must be latest or earliest");
        };
    boolean allowIdle = flag(q.field("allowIdleConsumers"));
    boolean withLag = flag(q.field("limitToPartitionsWithLag"));
    boolean toZero = flag(q.field("scaleToZeroOnInvalidOffset"));
    boolean persistent = flag(q.field("excludePersistentLag"));
    KafkaLagSettings lag =
        q.build(
            () ->
                new KafkaLagSettings(
                    lagThreshold, activation, offsetReset, allowIdle, withLag, toZero, persistent));
    int min = keda(q.field("minReplicaCount"), 0, Integer::parseInt);
    int max =
        keda(q.field("maxReplicaCount"), ScaledObject.DEFAULT_MAX_REPLICA_COUNT, Integer::parseInt);
    Duration cooldown = q.field("cooldownPeriod").duration(ScaledObject.DEFAULT_COOLDOWN);
    // KEDA's advanced.horizontalPodAutoscalerConfig.behavior: the HPA's own format and defaults
    Behavior behavior =
        q.field("behavior").isMissing()
            ? Behavior.defaults()
            : HpaSpecParser.behavior(q.field("behavior"));
    ScaledObject scaledObject = q.build(() -> new ScaledObject(min, max, cooldown, behavior));
    HpaSpec spec = scaledObject.hpaSpec(lagThreshold);
    PredictiveSettings predictive = null;
    QueueSource.Arrivals arrivals = null;
    if (policy == TargetConfig.Policy.PREDICTIVE) {
      predictive = queuePredictive(p, sync);
      arrivals = arrivals(p);
    }
    return new TargetConfig(
        name,
        policy,
        replicas,
        replicasMetric,
        spec,
        Map.of(
            ScaledObject.METRIC_NAME,
            new MetricSource(ScaledObject.METRIC_NAME, Statistic.MAX, false)),
        predictive,
        "requests",
        Statistic.SUM,
        TargetDecider.DEFAULT_TRUST_WINDOW,
        new QueueSource(bootstrap, group, topic, lag, scaledObject, arrivals));
  }

  /**
   * A queue's predictive mode, as {@code backtest --model queue --policy predictive}: {@code
   * replicaCapacity} is the items one consumer serves per forecast step (the backtest's {@code
   * --service-rate}), {@code lead} defaults to {@code startup} + one sync, the quantile to the
   * request targets'. The forecast is of the arrivals the job measures itself, so the request
   * targets' {@code forecastMetric}, {@code statistic} and {@code trustWindow} do not apply.
   */
  private static PredictiveSettings queuePredictive(YamlNode p, Duration sync) {
    if (p.isMissing()) {
      throw p.problem(
          "missing, required when policy is predictive (replicaCapacity: the items one consumer"
              + " serves per step)");
    }
    p.fields(QUEUE_PREDICTIVE_FIELDS);
    return predictiveSettings(p, sync, "the items one consumer serves per forecast step");
  }

  /**
   * The fields request and queue targets share: {@code replicaCapacity} (required; {@code
   * capacityMeaning} says what it is in the error), {@code startup}, {@code lead} (startup + one
   * sync period by default), {@code quantile} and (request targets) {@code tailBudget}.
   */
  private static PredictiveSettings predictiveSettings(
      YamlNode p, Duration sync, String capacityMeaning) {
    if (p.field("replicaCapacity").isMissing()) {
      throw p.field("replicaCapacity").problem("missing, " + capacityMeaning);
    }
    double capacity = p.field("replicaCapacity").number();
    Duration startup = p.field("startup").duration(PredictiveSettings.DEFAULT_STARTUP);
    Duration lead = p.field("lead").duration(startup.plus(sync));
    double quantile =
        p.field("quantile").isMissing()
            ? PredictiveSettings.DEFAULT_QUANTILE
            : p.field("quantile").number();
    double tailBudget =
        p.field("tailBudget").isMissing()
            ? PredictiveSettings.DEFAULT_TAIL_BUDGET
            : p.field("tailBudget").number();
    return p.build(
        () ->
            new PredictiveSettings(
                capacity, lead, quantile, PredictiveSettings.DEFAULT_INTERVAL_LEVEL, tailBudget));
  }

  /** The arrivals model: a {@code Forecasters} name (the backtest's {@code auto} by default). */
  private static QueueSource.Arrivals arrivals(YamlNode p) {
    String model = p.field("model").name(Forecasters.names().get(0));
    Duration step = p.field("step").duration(DEFAULT_ARRIVALS_STEP);
    if (step.toMillis() % 1000 != 0 || step.toSeconds() < 1) {
      throw p.field("step")
          .problem(p.field("step").shown() + " must be a whole number of seconds >= 1s");
    }
    try {
      Forecasters.create(model, step);
    } catch (IllegalArgumentException e) {
      throw p.field("model").problem(e.getMessage());
    }
    return new QueueSource.Arrivals(model, step);
  }

  /**
   * A KEDA trigger value: the number (or word) itself, or as text, as KEDA's metadata are strings
   * ({@code lagThreshold: "100"}).
   */
  private static <T> T keda(
      YamlNode node, T defaultValue, java.util.function.Function<String, T> parse) {
    if (node.isMissing()) {
      return defaultValue;
    }
    Object value = node.value();
    if (value instanceof Map || value instanceof java.util.List || value instanceof Double) {
      throw node.problem(
          node.shown() + " must be " + (defaultValue instanceof String ? "a word" : "an integer"));
    }
    try {
      return parse.apply(String.valueOf(value).strip());
    } catch (NumberFormatException e) {
      throw node.problem(node.shown() + " must be an integer");
    }
  }

  /** true or false, or the text "true" / "false" (KEDA's metadata are strings). */
  private static boolean flag(YamlNode node) {
    if (node.isMissing()) {
      return false;
    }
    if (node.value() instanceof String text) {
      return switch (text.strip().toLowerCase(Locale.ROOT)) {
        case "true" -> true;
        case "false" -> false;
        default -> throw node.problem(node.shown() + " must be true or false");
      };
    }
    return node.bool();
  }

  /** Every spec metric gets a source: the one given, else the default for its key. */
  private static Map<String, MetricSource> sources(YamlNode given, HpaSpec spec) {
    Set<String> keys = given.isMissing() ? Set.of() : given.keys();
    for (String key : keys) {
      if (spec.metrics().stream().noneMatch(m -> m.key().equals(key))) {
        throw given
            .field(key)
            .problem(
                "the spec has no metric with this key (keys: "
                    + String.join(", ", spec.metrics().stream().map(MetricSpec::key).toList())
                    + ")");
      }
    }
    Map<String, MetricSource> sources = new HashMap<>();
    for (MetricSpec metric : spec.metrics()) {
      String key = metric.key();
      YamlNode entry = keys.contains(key) ? given.field(key) : null;
      if (entry == null || entry.isMissing()) {
        sources.put(key, defaultSource(metric));
        continue;
      }
      entry.fields(SOURCE_FIELDS);
      String windowMetric = entry.field("metric").name(defaultSource(metric).metric());
      Statistic statistic = statistic(entry.field("statistic"), Statistic.MEAN);
      boolean perReplica =
          !entry.field("perReplica").isMissing() && entry.field("perReplica").bool();
      sources.put(key, new MetricSource(windowMetric, statistic, perReplica));
    }
    return sources;
  }

  private static Statistic statistic(YamlNode node, Statistic defaultValue) {
    return node.isMissing() ? defaultValue : Statistic.parse(node.path(), node.name());
  }

  /**
   * cpu and memory read Headroom's cpu_percent / memory_percent gauges; any other key a metric of
   * its own name.
   */
  static MetricSource defaultSource(MetricSpec metric) {
    String name =
        switch (metric.key()) {
          case "cpu" -> "cpu_percent";
          case "memory" -> "memory_percent";
          default -> metric.key();
        };
    return new MetricSource(name, Statistic.MEAN, false);
  }
}
