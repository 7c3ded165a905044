package io.headroom.flink.forecast;

import io.headroom.core.forecast.Forecasters;
import io.headroom.core.time.DurationText;
import io.headroom.core.window.Statistic;
import io.headroom.flink.JobArguments;
import io.headroom.flink.RuntimeSettings;
import io.headroom.flink.kafka.KafkaJobSettings;
import io.headroom.flink.kafka.KafkaSettings;
import io.headroom.schemas.Topics;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The forecast job's settings, validated once at start-up; each error is one line naming the
 * option.
 *
 * @param kafka broker and delivery guarantee
 * @param runtime parallelism and checkpoints
 * @param inputTopic percentile windows ({@code metrics.windows})
 * @param outputTopic forecasts ({@code load.forecasts}); dead letters go to {@code
 *     <inputTopic>.dlq}
 * @param groupId consumer group of the source (offsets committed for monitoring)
 * @param series the metrics forecast (default {@code requests:sum}: requests per window)
 * @param step the window size read (1 min): the step of the short-horizon model
 * @param model forecaster preset ({@link Forecasters#names()}), for both models
 * @param shortEvery how often the short forecast is made, in event time (5 min)
 * @param shortHorizon how far it reaches, at {@code step} (2 h)
 * @param longEvery how often the long forecast is made (1 h)
 * @param longStep its step (1 h): a second model fed with the windows summed per {@code longStep}
 * @param longHorizon how far it reaches (14 days)
 * @param staleAfter a series without windows for this long stops being forecast until its data
 *     returns (its model is kept)
 * @param outOfOrderness how late windows may arrive relative to the newest (watermark bound)
 * @param idleness a partition without records for this long stops holding back event time
 * @param warmStart where each series' models are seeded from before it goes live ({@link
 *     WarmStart#OFF}: nowhere)
 */
public record ForecastSettings(
    KafkaSettings kafka,
    RuntimeSettings runtime,
    String inputTopic,
    String outputTopic,
    String groupId,
    List<ForecastSeries> series,
    Duration step,
    String model,
    Duration shortEvery,
    Duration shortHorizon,
    Duration longEvery,
    Duration longStep,
    Duration longHorizon,
    Duration staleAfter,
    Duration outOfOrderness,
    Duration idleness,
    WarmStart warmStart)
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
          "input-topic",
          "output-topic",
          "group-id",
          "metrics",
          "step",
          "model",
          "short-every",
          "short-horizon",
          "long-every",
          "long-step",
          "long-horizon",
          "stale-after",
          "out-of-orderness",
          "idleness",
          "warm-start-clickhouse",
          "warm-start-database",
          "warm-start-days",
          "kafka.<property>");

  public ForecastSettings {
    requireTopic(inputTopic, "input-topic");
    requireTopic(outputTopic, "output-topic");
    KafkaJobSettings.check(groupId, outOfOrderness, idleness);
    series = List.copyOf(series);
    if (series.isEmpty()) {
      throw new IllegalArgumentException("metrics: at least one metric must be forecast");
    }
    requireWholeSeconds(step, "step");
    try {
      Forecasters.create(model, step);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    requireMultiple(shortEvery, step, "short-every", "step");
    requireMultiple(shortHorizon, step, "short-horizon", "step");
    requireMultiple(longStep, step, "long-step", "step");
    requireMultiple(longEvery, longStep, "long-every", "long-step");
    requireMultiple(longHorizon, longStep, "long-horizon", "long-step");
    requirePositive(staleAfter, "stale-after");
    if (warmStart == null) {
      warmStart = WarmStart.OFF;
    }
  }

  /** Defaults for everything but the broker. */
  public static ForecastSettings defaults(KafkaSettings kafka) {
    return new ForecastSettings(
        kafka,
        RuntimeSettings.DEFAULTS,
        Topics.METRICS_WINDOWS,
        Topics.LOAD_FORECASTS,
        "headroom-forecast",
        List.of(new ForecastSeries("requests", Statistic.SUM)),
        Duration.ofMinutes(1),
        "auto",
        Duration.ofMinutes(5),
        Duration.ofHours(2),
        Duration.ofHours(1),
        Duration.ofHours(1),
        Duration.ofDays(14),
        Duration.ofHours(1),
        Duration.ofMinutes(1),
        Duration.ofMinutes(1),
        WarmStart.OFF);
  }

  /** Reads {@code --option value} arguments; see docs/flink.md for the list. */
  public static ForecastSettings fromArguments(JobArguments args) {
    KafkaSettings kafka = args.kafka();
    ForecastSettings d = defaults(kafka);
    RuntimeSettings runtime = args.runtime();
    String input = args.string("input-topic", d.inputTopic());
    String output = args.string("output-topic", d.outputTopic());
    String group = args.string("group-id", d.groupId());
    String metrics = args.string("metrics", null);
    ForecastSettings settings;
    try {
      settings =
          new ForecastSettings(
              kafka,
              runtime,
              input,
              output,
              group,
              metrics == null ? d.series() : ForecastSeries.parseList(metrics),
              args.duration("step", d.step()),
              args.string("model", d.model()),
              args.duration("short-every", d.shortEvery()),
              args.duration("short-horizon", d.shortHorizon()),
              args.duration("long-every", d.longEvery()),
              args.duration("long-step", d.longStep()),
              args.duration("long-horizon", d.longHorizon()),
              args.duration("stale-after", d.staleAfter()),
              args.duration("out-of-orderness", d.outOfOrderness()),
              args.duration("idleness", d.idleness()),
              WarmStart.from(
                  args.string("warm-start-clickhouse", null),
                  args.string("warm-start-database", WarmStart.OFF.database()),
                  args.integer("warm-start-days", (int) WarmStart.OFF.span().toDays())));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage().startsWith("--") ? e.getMessage() : "--" + e.getMessage());
    }
    args.rejectUnknown(OPTIONS);
    return settings;
  }

  public ForecastSettings withRuntime(RuntimeSettings value) {
    return new ForecastSettings(
        kafka,
        value,
        inputTopic,
        outputTopic,
        groupId,
        series,
        step,
        model,
        shortEvery,
        shortHorizon,
        longEvery,
        longStep,
        longHorizon,
        staleAfter,
        outOfOrderness,
        idleness,
        warmStart);
  }

  public ForecastSettings withTopics(String input, String output) {
    return new ForecastSettings(
        kafka,
        runtime,
        input,
        output,
        groupId,
        series,
        step,
        model,
        shortEvery,
        shortHorizon,
        longEvery,
        longStep,
        longHorizon,
        staleAfter,
        outOfOrderness,
        idleness,
        warmStart);
  }

  public ForecastSettings withGroupId(String value) {
    return new ForecastSettings(
        kafka,
        runtime,
        inputTopic,
        outputTopic,
        value,
        series,
        step,
        model,
        shortEvery,
        shortHorizon,
        longEvery,
        longStep,
        longHorizon,
        staleAfter,
        outOfOrderness,
        idleness,
        warmStart);
  }

  public ForecastSettings withSeries(List<ForecastSeries> value) {
    return new ForecastSettings(
        kafka,
        runtime,
        inputTopic,
        outputTopic,
        groupId,
        value,
        step,
        model,
        shortEvery,
        shortHorizon,
        longEvery,
        longStep,
        longHorizon,
        staleAfter,
        outOfOrderness,
        idleness,
        warmStart);
  }

  public ForecastSettings withModel(String value) {
    return new ForecastSettings(
        kafka,
        runtime,
        inputTopic,
        outputTopic,
        groupId,
        series,
        step,
        value,
        shortEvery,
        shortHorizon,
        longEvery,
        longStep,
        longHorizon,
        staleAfter,
        outOfOrderness,
        idleness,
        warmStart);
  }

  /** The short forecast's cadence and reach. */
  public ForecastSettings withShort(Duration every, Duration horizon) {
    return new ForecastSettings(
        kafka,
        runtime,
        inputTopic,
        outputTopic,
        groupId,
        series,
        step,
        model,
        every,
        horizon,
        longEvery,
        longStep,
        longHorizon,
        staleAfter,
        outOfOrderness,
        idleness,
        warmStart);
  }

  /** The long forecast's cadence, step and reach. */
  public ForecastSettings withLong(Duration every, Duration stepLength, Duration horizon) {
    return new ForecastSettings(
        kafka,
        runtime,
        inputTopic,
        outputTopic,
        groupId,
        series,
        step,
        model,
        shortEvery,
        shortHorizon,
        every,
        stepLength,
        horizon,
        staleAfter,
        outOfOrderness,
        idleness,
        warmStart);
  }

  public ForecastSettings withStaleAfter(Duration value) {
    return new ForecastSettings(
        kafka,
        runtime,
        inputTopic,
        outputTopic,
        groupId,
        series,
        step,
        model,
        shortEvery,
        shortHorizon,
        longEvery,
        longStep,
        longHorizon,
        value,
        outOfOrderness,
        idleness,
        warmStart);
  }

  public ForecastSettings withWatermarks(Duration outOfOrder, Duration idle) {
    return new ForecastSettings(
        kafka,
        runtime,
        inputTopic,
        outputTopic,
        groupId,
        series,
        step,
        model,
        shortEvery,
        shortHorizon,
        longEvery,
        longStep,
        longHorizon,
        staleAfter,
        outOfOrder,
        idle,
        warmStart);
  }

  /** Seeds every series from stored history before it goes live (see docs/forecasting.md). */
  public ForecastSettings withWarmStart(WarmStart value) {
    return new ForecastSettings(
        kafka,
        runtime,
        inputTopic,
        outputTopic,
        groupId,
        series,
        step,
        model,
        shortEvery,
        shortHorizon,
        longEvery,
        longStep,
        longHorizon,
        staleAfter,
        outOfOrderness,
        idleness,
        value);
  }

  /** The statistic forecast for {@code metric}, or null when the metric is not forecast. */
  public ForecastSeries seriesOf(String metric) {
    for (ForecastSeries s : series) {
      if (s.metric().equals(metric)) {
        return s;
      }
    }
    return null;
  }

  public int shortSteps() {
    return (int) (shortHorizon.toSeconds() / step.toSeconds());
  }

  public int longSteps() {
    return (int) (longHorizon.toSeconds() / longStep.toSeconds());
  }

  /** One line for the start-up log. */
  public String summary() {
    return inputTopic
        + " -> "
        + outputTopic
        + " (dead letters -> "
        + Topics.deadLetterTopic(inputTopic)
        + "), series "
        + series
        + ", model "
        + model
        + ", every "
        + DurationText.format(shortEvery)
        + " the next "
        + DurationText.format(shortHorizon)
        + " at "
        + DurationText.format(step)
        + ", every "
        + DurationText.format(longEvery)
        + " the next "
        + DurationText.format(longHorizon)
        + " at "
        + DurationText.format(longStep)
        + ", warm start "
        + warmStart.describe()
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

  private static void requireTopic(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + ": missing, must be a name");
    }
  }

  private static void requireWholeSeconds(Duration value, String field) {
    if (value == null || value.getSeconds() < 1 || value.getNano() != 0) {
      throw new IllegalArgumentException(
          field + ": " + value + " must be a whole number of seconds >= 1s");
    }
  }

  private static void requirePositive(Duration value, String field) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(field + ": " + value + " must be > 0");
    }
  }

  private static void requireMultiple(
      Duration value, Duration unit, String field, String unitField) {
    requireWholeSeconds(value, field);
    if (value.getSeconds() % unit.getSeconds() != 0) {
      throw new IllegalArgumentException(
          field
              + ": "
              + DurationText.format(value)
              + " must be a whole multiple of "
              + unitField
              + " ("
              + DurationText.format(unit)
              + ")");
    }
  }
}
