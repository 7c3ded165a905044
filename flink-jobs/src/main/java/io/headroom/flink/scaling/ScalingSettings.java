package io.headroom.flink.scaling;

import io.headroom.core.target.TargetsConfig;
import io.headroom.core.time.DurationText;
import io.headroom.flink.JobArguments;
import io.headroom.flink.RuntimeSettings;
import io.headroom.flink.kafka.KafkaJobSettings;
import io.headroom.flink.kafka.KafkaSettings;
import io.headroom.schemas.Topics;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The scaling job's settings, validated once at start-up (the targets file included); each error is
 * one line naming the option or the field.
 *
 * @param kafka broker and delivery guarantee
 * @param runtime parallelism and checkpoints
 * @param windowsTopic percentile windows ({@code metrics.windows})
 * @param forecastsTopic load forecasts ({@code load.forecasts}); dead letters of both go to {@code
 *     <topic>.dlq}
 * @param outputTopic scaling commands ({@code scaling.commands})
 * @param groupId consumer group of the source
 * @param targetsPath the targets file, re-read every {@code targetsPoll} (null: the text is fixed)
 * @param targetsText the targets file's content at start-up (validated)
 * @param targetsPoll how often the file is re-read; 0 turns re-reading off
 * @param window the window size read (1 min)
 * @param sync the decision period (15 s), in event time, aligned to the epoch
 * @param metricMaxAge a metric whose newest window ended longer than this before a decision is
 *     missing at that decision (core's missing-metric rules apply)
 * @param stopAfter a target without any window for this long stops being decided (until windows
 *     return)
 * @param outOfOrderness watermark bound over the windows' end times
 * @param idleness a partition without records for this long stops holding back event time
 */
public record ScalingSettings(
    KafkaSettings kafka,
    RuntimeSettings runtime,
    String windowsTopic,
    String forecastsTopic,
    String outputTopic,
    String groupId,
    String targetsPath,
    String targetsText,
    Duration targetsPoll,
    Duration window,
    Duration sync,
    Duration metricMaxAge,
    Duration stopAfter,
    Duration outOfOrderness,
    Duration idleness)
    implements KafkaJobSettings, Serializable {

  static final Set<String> OPTIONS =
      Set.of(
          "bootstrap",
          "delivery",
          "transaction-timeout",
          "parallelism",
          "checkpoint-interval",
          "checkpoint-dir",
          "state-backend",
          "windows-topic",
          "forecasts-topic",
          "output-topic",
          "group-id",
          "targets",
          "targets-poll",
          "window",
          "sync",
          "metric-max-age",
          "stop-after",
          "out-of-orderness",
          "idleness",
          "kafka.<property>");

  public ScalingSettings {
    for (String[] topic :
        new String[][] {
          {windowsTopic, "windows-topic"},
          {forecastsTopic, "forecasts-topic"},
          {outputTopic, "output-topic"}
        }) {
      if (topic[0] == null || topic[0].isBlank()) {
        throw new IllegalArgumentException(topic[1] + ": missing, must be a name");
      }
    }
    if (window == null || window.getSeconds() < 1 || window.getNano() != 0) {
      throw new IllegalArgumentException(
          "window: " + window + " must be a whole number of seconds >= 1s");
    }
    if (sync == null || sync.getSeconds() < 1 || sync.getNano() != 0) {
      throw new IllegalArgumentException(
          "sync: " + sync + " must be a whole number of seconds >= 1s");
    }
    requirePositive(metricMaxAge, "metric-max-age");
    requirePositive(stopAfter, "stop-after");
    if (targetsPoll == null || targetsPoll.isNegative()) {
      throw new IllegalArgumentException(
          "targets-poll: " + targetsPoll + " must be >= 0 (0 turns re-reading off)");
    }
    KafkaJobSettings.check(groupId, outOfOrderness, idleness);
    if (targetsText == null) {
      throw new IllegalArgumentException("targets: missing, a targets file is required");
    }
    TargetsConfig.parse(targetsText, sync); // fail at start-up, naming the field
  }

  /** Defaults for everything but the broker and the targets. */
  public static ScalingSettings defaults(
      KafkaSettings kafka, String targetsPath, String targetsText) {
    return new ScalingSettings(
        kafka,
        RuntimeSettings.DEFAULTS,
        Topics.METRICS_WINDOWS,
        Topics.LOAD_FORECASTS,
        Topics.SCALING_COMMANDS,
        "headroom-scaling",
        targetsPath,
        targetsText,
        Duration.ofSeconds(10),
        Duration.ofMinutes(1),
        Duration.ofSeconds(15),
        Duration.ofMinutes(2),
        Duration.ofHours(1),
        Duration.ofMinutes(1),
        Duration.ofMinutes(1));
  }

  /** Settings whose targets come from {@code file} (read and validated now). */
  public static ScalingSettings withTargetsFile(KafkaSettings kafka, Path file) {
    return defaults(kafka, file.toAbsolutePath().toString(), readTargets(file));
  }

  /** Reads {@code --option value} arguments; see docs/flink.md for the list. */
  public static ScalingSettings fromArguments(JobArguments args) {
    KafkaSettings kafka = args.kafka();
    RuntimeSettings runtime = args.runtime();
    Path targets = Path.of(args.required("targets"));
    String text = readTargets(targets);
    try {
      ScalingSettings d = defaults(kafka, targets.toAbsolutePath().toString(), text);
      ScalingSettings settings =
          new ScalingSettings(
              kafka,
              runtime,
              args.string("windows-topic", d.windowsTopic()),
              args.string("forecasts-topic", d.forecastsTopic()),
              args.string("output-topic", d.outputTopic()),
              args.string("group-id", d.groupId()),
              targets.toAbsolutePath().toString(),
              text,
              args.duration("targets-poll", d.targetsPoll()),
              args.duration("window", d.window()),
              args.duration("sync", d.sync()),
              args.duration("metric-max-age", d.metricMaxAge()),
              args.duration("stop-after", d.stopAfter()),
              args.duration("out-of-orderness", d.outOfOrderness()),
              args.duration("idleness", d.idleness()));
      args.rejectUnknown(OPTIONS);
      return settings;
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      if (message.startsWith("targets") && !message.startsWith("targets-poll")) {
        throw new IllegalArgumentException(targets + ": " + message, e);
      }
      throw new IllegalArgumentException(message.startsWith("--") ? message : "--" + message, e);
    }
  }

  static String readTargets(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("--targets: file not found: " + file);
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the targets file " + file + ": " + e.getMessage(), e);
    }
  }

  public TargetsConfig targets() {
    return TargetsConfig.parse(targetsText, sync);
  }

  public ScalingSettings withRuntime(RuntimeSettings value) {
    return new ScalingSettings(
        kafka,
        value,
        windowsTopic,
        forecastsTopic,
        outputTopic,
        groupId,
        targetsPath,
        targetsText,
        targetsPoll,
        window,
        sync,
        metricMaxAge,
        stopAfter,
        outOfOrderness,
        idleness);
  }

  public ScalingSettings withTopics(String windows, String forecasts, String output) {
    return new ScalingSettings(
        kafka,
        runtime,
        windows,
        forecasts,
        output,
        groupId,
        targetsPath,
        targetsText,
        targetsPoll,
        window,
        sync,
        metricMaxAge,
        stopAfter,
        outOfOrderness,
        idleness);
  }

  public ScalingSettings withGroupId(String value) {
    return new ScalingSettings(
        kafka,
        runtime,
        windowsTopic,
        forecastsTopic,
        outputTopic,
        value,
        targetsPath,
        targetsText,
        targetsPoll,
        window,
        sync,
        metricMaxAge,
        stopAfter,
        outOfOrderness,
        idleness);
  }

  public ScalingSettings withTargetsText(String text) {
    return new ScalingSettings(
        kafka,
        runtime,
        windowsTopic,
        forecastsTopic,
        outputTopic,
        groupId,
        targetsPath,
        text,
        targetsPoll,
        window,
        sync,
        metricMaxAge,
        stopAfter,
        outOfOrderness,
        idleness);
  }

  public ScalingSettings withTargetsPoll(Duration value) {
    return new ScalingSettings(
        kafka,
        runtime,
        windowsTopic,
        forecastsTopic,
        outputTopic,
        groupId,
        targetsPath,
        targetsText,
        value,
        window,
        sync,
        metricMaxAge,
        stopAfter,
        outOfOrderness,
        idleness);
  }

  public ScalingSettings withTiming(Duration syncPeriod, Duration maxAge, Duration stop) {
    return new ScalingSettings(
        kafka,
        runtime,
        windowsTopic,
        forecastsTopic,
        outputTopic,
        groupId,
        targetsPath,
        targetsText,
        targetsPoll,
        window,
        syncPeriod,
        maxAge,
        stop,
        outOfOrderness,
        idleness);
  }

  public ScalingSettings withWatermarks(Duration outOfOrder, Duration idle) {
    return new ScalingSettings(
        kafka,
        runtime,
        windowsTopic,
        forecastsTopic,
        outputTopic,
        groupId,
        targetsPath,
        targetsText,
        targetsPoll,
        window,
        sync,
        metricMaxAge,
        stopAfter,
        outOfOrder,
        idle);
  }

  public String summary() {
    return windowsTopic
        + " + "
        + forecastsTopic
        + " -> "
        + outputTopic
        + ", "
        + targets().targets().size()
        + " targets from "
        + (targetsPath == null ? "text" : targetsPath)
        + (targetsPoll.isZero() || targetsPath == null
            ? ""
            : " (re-read every " + DurationText.format(targetsPoll) + ")")
        + ", sync "
        + DurationText.format(sync)
        + ", metrics missing after "
        + DurationText.format(metricMaxAge)
        + ", "
        + kafka.guarantee()
        + ", kafka "
        + kafka.bootstrapServers()
        + " "
        + kafka.maskedProperties()
        + ", parallelism "
        + runtime.parallelism()
        + ", checkpoints every "
        + DurationText.format(runtime.checkpointInterval())
        + " to "
        + (runtime.checkpointDir() == null ? "memory" : runtime.checkpointDir());
  }

  private static void requirePositive(Duration value, String field) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(field + ": " + value + " must be > 0");
    }
  }
}
