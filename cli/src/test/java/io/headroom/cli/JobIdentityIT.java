package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.forecast.ForecastPoint;
import io.headroom.core.sketch.SketchAccumulator;
import io.headroom.core.trace.TracePoint;
import io.headroom.core.trace.TraceReader;
import io.headroom.flink.HeadroomJobs;
import io.headroom.flink.JobSettings;
import io.headroom.flink.RuntimeSettings;
import io.headroom.flink.forecast.ForecastSettings;
import io.headroom.flink.kafka.KafkaSettings;
import io.headroom.flink.scaling.ScalingSettings;
import io.headroom.ingest.TopicSetup;
import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.ForecastRecords;
import io.headroom.schemas.JobViewFiles;
import io.headroom.schemas.LoadForecast;
import io.headroom.schemas.PercentileWindow;
import io.headroom.schemas.PercentileWindowMapper;
import io.headroom.schemas.ScalingCommand;
import io.headroom.stack.LocalStackExtension;
import io.headroom.stack.StackEndpoints;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The backtests predict the live jobs, one for one, through a real broker and the Flink jobs on a
 * MiniCluster (event time, exactly-once sinks):
 *
 * <ul>
 *   <li>{@code ./headroom backtest --job-view --emit DIR} replays two days of the NASA trace
 *       (reactive HPA and predictive); the windows and forecasts it wrote go through the scaling
 *       job with the targets file it wrote, whose commands must equal the backtest's, field for
 *       field.
 *   <li>{@code ./headroom forecast-backtest} forecasts three days of it per minute (origins every 5
 *       minutes, 2 h ahead) and summed per hour ({@code --aggregate 1h}, 14 days ahead); the
 *       forecast job fed the same minutes as windows must forecast exactly the same numbers at the
 *       same origins, short and long.
 * </ul>
 */
@ExtendWith(LocalStackExtension.class)
class JobIdentityIT {
  static final String WINDOWS = "it.identity.windows";
  static final String FORECASTS = "it.identity.forecasts";
  static final String COMMANDS = "it.identity.commands";
  static final String GROUP = "it-identity";
  static final Path NASA = Path.of("../data/traces/nasa-http-1995.per-minute.csv.gz");
  static final int MINUTES = 2 * 24 * 60;
  static final String FORECAST_WINDOWS = "it.identity.forecast.windows";
  static final String FORECAST_OUT = "it.identity.forecast.out";

  @Test
  void flinkScalingJob_onTheBacktestsWindowsAndForecasts_decidesExactlyAsTheBacktest(
      StackEndpoints stack, @TempDir Path dir) throws Exception {
    Path trace = slice(dir.resolve("nasa-2d.csv"), MINUTES);
    List<ScalingCommand> expected = new ArrayList<>();
    List<PercentileWindow> windows = new ArrayList<>();
    List<LoadForecast> forecasts = new ArrayList<>();
    StringBuilder targets = new StringBuilder("targets:\n");
    for (String policy : List.of("hpa", "predictive")) {
      Path emitted = dir.resolve(policy);
      backtest(trace, policy, emitted);
      expected.addAll(
          JobViewFiles.read(ScalingCommand.class, emitted.resolve(JobViewFiles.COMMANDS)));
      windows.addAll(
          JobViewFiles.read(PercentileWindow.class, emitted.resolve(JobViewFiles.WINDOWS)));
      forecasts.addAll(
          JobViewFiles.read(LoadForecast.class, emitted.resolve(JobViewFiles.FORECASTS)));
      targets.append(
          Files.readString(emitted.resolve(JobViewFiles.TARGETS)).replaceFirst("targets:\n", ""));
    }
    assertThat(expected).hasSizeGreaterThan(2 * MINUTES * 4 - 40);
    assertThat(expected)
        .filteredOn(c -> c.getPolicy().equals("predictive") && c.getForecastUsed())
        .as("the predictive run raises the count from its forecast on the second day")
        .hasSizeGreaterThan(100);
    assertThat(forecasts).hasSizeGreaterThan(MINUTES - 10);

    String bootstrap = stack.bootstrapServers();
    TopicSetup.ensure(
        bootstrap,
        Map.of(WINDOWS, 1, FORECASTS, 1, COMMANDS, 1, WINDOWS + ".dlq", 1, FORECASTS + ".dlq", 1),
        (short) 1);
    keepForever(bootstrap, List.of(WINDOWS, FORECASTS, COMMANDS));
    ScalingSettings scaling =
        ScalingSettings.defaults(KafkaSettings.of(bootstrap), null, targets.toString())
            .withRuntime(
                new RuntimeSettings(
                    1, Duration.ofMillis(500), dir.resolve("checkpoints").toString(), "hashmap"))
            .withTopics(WINDOWS, FORECASTS, COMMANDS)
            .withGroupId(GROUP)
            .withTiming(Duration.ofSeconds(15), Duration.ofMinutes(2), Duration.ofHours(1))
            .withWatermarks(Duration.ZERO, Duration.ofSeconds(2));

    // Forecasts are side information that never holds event time back: in production each
    // arrives seconds after its fittedAt. Here all of them are in the job (its committed offset
    // says so) before the first window, so every decision sees the forecasts the backtest saw.
    produce(bootstrap, FORECASTS, forecasts, f -> f.getService(), LoadForecast.class);
    Instant end =
        windows.stream()
            .map(PercentileWindow::getWindowEnd)
            .max(Comparator.naturalOrder())
            .orElseThrow();
    List<ScalingCommand> actual;
    try (HeadroomJobs.Running running =
        HeadroomJobs.startOnMiniCluster(JobSettings.scalingOnly(scaling))) {
      awaitCommitted(bootstrap, FORECASTS, forecasts.size());
      List<PercentileWindow> all = new ArrayList<>(windows);
      all.sort(Comparator.comparing(PercentileWindow::getWindowEnd));
      // A window of a service that is no target, ten minutes after the last: it moves event
      // time past the backtest's last decision.
      all.add(sentinel(all.get(all.size() - 1), end.plus(Duration.ofMinutes(10))));
      produce(bootstrap, WINDOWS, all, w -> w.getService(), PercentileWindow.class);
      actual = awaitCommands(bootstrap, expected.size(), end.plusSeconds(60));
    }

    Comparator<ScalingCommand> order =
        Comparator.comparing(ScalingCommand::getTarget).thenComparing(ScalingCommand::getDecidedAt);
    List<ScalingCommand> expectedSorted = expected.stream().sorted(order).toList();
    List<ScalingCommand> actualSorted = actual.stream().sorted(order).toList();
    for (int i = 0; i < Math.min(expectedSorted.size(), actualSorted.size()); i++) {
      assertThat(actualSorted.get(i)).as("decision %d", i).isEqualTo(expectedSorted.get(i));
    }
    assertThat(actualSorted).hasSameSizeAs(expectedSorted);
  }

  private static void backtest(Path trace, String policy, Path emit) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = CliErrors.configure(new CommandLine(new HeadroomCommand()));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code =
        cli.execute(
            "backtest",
            "--trace",
            trace.toString(),
            "--capacity",
            "40",
            "--policy",
            policy,
            "--job-view",
            "--emit",
            emit.toString(),
            "--target",
            "nasa-" + policy);
    assertThat(code).as(err.toString()).isZero();
    assertThat(err.toString()).contains("job view: wrote");
  }

  @Test
  void flinkForecastJob_onTheTracesMinutes_forecastsExactlyAsForecastBacktest(
      StackEndpoints stack, @TempDir Path dir) throws Exception {
    int minutes = 3 * 24 * 60;
    Path trace = slice(dir.resolve("nasa-3d.csv"), minutes);
    Map<Instant, List<String[]>> shortExpected =
        forecastBacktest(
            trace, dir.resolve("short.csv"), "--horizon", "2h", "--step", "5m", "--warmup", "4m");
    Map<Instant, List<String[]>> longExpected =
        forecastBacktest(
            trace,
            dir.resolve("long.csv"),
            "--aggregate",
            "1h",
            "--horizon",
            "14d",
            "--step",
            "1h",
            "--warmup",
            "0s");

    String bootstrap = stack.bootstrapServers();
    TopicSetup.ensure(
        bootstrap,
        Map.of(FORECAST_WINDOWS, 1, FORECAST_OUT, 1, FORECAST_WINDOWS + ".dlq", 1),
        (short) 1);
    keepForever(bootstrap, List.of(FORECAST_WINDOWS, FORECAST_OUT));
    List<PercentileWindow> windows = new ArrayList<>();
    for (TracePoint point : TraceReader.read(trace).points()) {
      windows.add(
          PercentileWindowMapper.toWindow(
              "nasa",
              "requests",
              io.headroom.schemas.MetricKind.COUNTER,
              point.timestamp(),
              point.timestamp().plusSeconds(60),
              new SketchAccumulator(SketchAccumulator.DEFAULT_RELATIVE_ACCURACY)
                  .add(point.value())));
    }
    Instant end = windows.get(windows.size() - 1).getWindowEnd();
    windows.add(sentinel(windows.get(0), end.plus(Duration.ofHours(2))));
    produce(bootstrap, FORECAST_WINDOWS, windows, w -> w.getService(), PercentileWindow.class);
    ForecastSettings settings =
        ForecastSettings.defaults(KafkaSettings.of(bootstrap))
            .withRuntime(
                new RuntimeSettings(
                    1, Duration.ofMillis(500), dir.resolve("checkpoints").toString(), "hashmap"))
            .withTopics(FORECAST_WINDOWS, FORECAST_OUT)
            .withGroupId("it-identity-forecast")
            .withModel("auto")
            .withShort(Duration.ofMinutes(5), Duration.ofHours(2))
            .withLong(Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(14))
            .withWatermarks(Duration.ZERO, Duration.ofSeconds(2));
    int expectedCount = countUpTo(shortExpected, end, 60) + countUpTo(longExpected, end, 3600);
    int atTheEnd = 2; // the job's short and long forecasts fitted at the trace's end
    List<LoadForecast> forecasts;
    try (HeadroomJobs.Running running =
        HeadroomJobs.startOnMiniCluster(JobSettings.forecastOnly(settings))) {
      forecasts = awaitForecasts(bootstrap, expectedCount + atTheEnd, end);
    }

    int compared = 0;
    for (LoadForecast forecast : forecasts) {
      boolean hourly = forecast.getStepSeconds() == 3600;
      Instant origin = forecast.getFittedAt().minusSeconds(forecast.getStepSeconds());
      List<String[]> rows = (hourly ? longExpected : shortExpected).get(origin);
      if (rows == null && forecast.getFittedAt().equals(end)) {
        continue; // the rolling origins stop before the trace's last step: nothing to score there
      }
      assertThat(rows)
          .as("forecast-backtest has the origin of %s", forecast.getForecastId())
          .isNotNull();
      List<ForecastPoint> points = ForecastRecords.points(forecast);
      assertThat(points).as(forecast.getForecastId()).hasSameSizeAs(rows);
      for (int i = 0; i < rows.size(); i++) {
        // The forecast file prints 4 decimals: the job's numbers, printed the same way.
        ForecastPoint point = points.get(i);
        assertThat(
                new String[] {
                  point.timestamp().toString(),
                  printed(point.value()),
                  printed(point.lower()),
                  printed(point.upper())
                })
            .as("%s step %d", forecast.getForecastId(), i)
            .containsExactly(Arrays.copyOfRange(rows.get(i), 1, 5));
      }
      compared++;
    }
    assertThat(compared).isEqualTo(expectedCount);
    System.out.printf(
        "forecast identity: %d forecasts (short and long) equal forecast-backtest's%n", compared);
    assertThat(forecasts).filteredOn(f -> f.getStepSeconds() == 3600).hasSizeGreaterThan(40);
    assertThat(forecasts).filteredOn(f -> f.getStepSeconds() == 60).hasSizeGreaterThan(800);
  }

  private static String printed(double value) {
    StringBuilder text = new StringBuilder();
    ForecastBacktestCommand.appendNumber(text, value);
    return text.toString();
  }

  /** Rows of a forecast-backtest run by origin, in timestamp order. */
  private static Map<Instant, List<String[]>> forecastBacktest(
      Path trace, Path out, String... options) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "forecast-backtest",
                "--trace",
                trace.toString(),
                "--model",
                "auto",
                "--out",
                out.toString()));
    args.addAll(List.of(options));
    StringWriter err = new StringWriter();
    CommandLine cli = CliErrors.configure(new CommandLine(new HeadroomCommand()));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    assertThat(cli.execute(args.toArray(String[]::new))).as(err.toString()).isZero();
    Map<Instant, List<String[]>> byOrigin = new HashMap<>();
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      String[] row = line.split(",");
      byOrigin.computeIfAbsent(Instant.parse(row[0]), o -> new ArrayList<>()).add(row);
    }
    return byOrigin;
  }

  /**
   * Origins whose forecast the job publishes by event time {@code end} (fittedAt = origin + step):
   * those with an interval at every step (the file prints the others' bounds as Infinity).
   */
  private static int countUpTo(Map<Instant, List<String[]>> byOrigin, Instant end, long step) {
    return (int)
        byOrigin.entrySet().stream()
            .filter(e -> !e.getKey().plusSeconds(step).isAfter(end))
            .filter(e -> e.getValue().stream().noneMatch(JobIdentityIT::unbounded))
            .count();
  }

  private static boolean unbounded(String[] row) {
    for (String field : row) {
      if (field.contains("Infinity") || field.contains("NaN")) {
        return true;
      }
    }
    return false;
  }

  /** The job's forecasts fitted by {@code end}, once {@code count} of them have arrived. */
  private static List<LoadForecast> awaitForecasts(String bootstrap, int count, Instant end) {
    AvroCodec<LoadForecast> codec = AvroCodec.of(LoadForecast.class);
    List<LoadForecast> forecasts = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    try (var consumer =
        new KafkaConsumer<>(
            readCommitted(bootstrap, "it-identity-forecast-read"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(FORECAST_OUT));
      while (System.nanoTime() < deadline && forecasts.size() < count) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          LoadForecast forecast = codec.decode(record.value());
          if (!forecast.getFittedAt().isAfter(end)) {
            forecasts.add(forecast);
          }
        }
      }
    }
    return forecasts;
  }

  private static Map<String, Object> readCommitted(String bootstrap, String group) {
    return new HashMap<>(
        Map.of(
            "bootstrap.servers",
            bootstrap,
            "group.id",
            group,
            "auto.offset.reset",
            "earliest",
            "isolation.level",
            "read_committed"));
  }

  /** The first {@code minutes} minutes of the NASA trace. */
  private static Path slice(Path file, int minutes) throws Exception {
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(NASA)), StandardCharsets.UTF_8))) {
      String line = reader.readLine();
      lines.add(line);
      Instant first = null;
      while ((line = reader.readLine()) != null) {
        Instant time = Instant.parse(line.substring(0, line.indexOf(',')));
        first = first == null ? time : first;
        if (!time.isBefore(first.plus(Duration.ofMinutes(minutes)))) {
          break;
        }
        lines.add(line);
      }
    }
    return Files.write(file, lines, StandardCharsets.UTF_8);
  }

  private static PercentileWindow sentinel(PercentileWindow template, Instant end) {
    return PercentileWindow.newBuilder(template)
        .setService("not-a-target")
        .setWindowStart(end.minus(Duration.ofMinutes(1)))
        .setWindowEnd(end)
        .build();
  }

  private static <T extends SpecificRecord> void produce(
      String bootstrap,
      String topic,
      List<T> records,
      java.util.function.Function<T, String> key,
      Class<T> type)
      throws Exception {
    AvroCodec<T> codec = AvroCodec.of(type);
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", bootstrap, "acks", "all"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (T record : records) {
        producer.send(new ProducerRecord<>(topic, key.apply(record), codec.encode(record)));
      }
      producer.flush();
    }
  }

  /** Waits until the job's checkpointed offset of {@code topic} reaches {@code count}. */
  private static void awaitCommitted(String bootstrap, String topic, long count) throws Exception {
    TopicPartition partition = new TopicPartition(topic, 0);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
      while (System.nanoTime() < deadline) {
        Map<TopicPartition, OffsetAndMetadata> offsets =
            admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
        OffsetAndMetadata committed = offsets.get(partition);
        if (committed != null && committed.offset() >= count) {
          return;
        }
        Thread.sleep(200);
      }
    }
    throw new AssertionError("the scaling job did not read the " + count + " forecasts in 120 s");
  }

  /** The job's commands decided before {@code before}, once {@code count} of them have arrived. */
  private static List<ScalingCommand> awaitCommands(String bootstrap, int count, Instant before) {
    AvroCodec<ScalingCommand> codec = AvroCodec.of(ScalingCommand.class);
    Map<String, Object> config = readCommitted(bootstrap, "it-identity-read");
    List<ScalingCommand> commands = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    try (var consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(COMMANDS));
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          ScalingCommand command = codec.decode(record.value());
          if (command.getDecidedAt().isBefore(before)) {
            commands.add(command);
          }
        }
        if (commands.size() >= count) {
          return commands;
        }
      }
    }
    return commands; // fewer: the comparison says which are missing
  }

  private static void keepForever(String bootstrap, List<String> topics) throws Exception {
    try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
      Map<ConfigResource, java.util.Collection<AlterConfigOp>> changes = new HashMap<>();
      for (String topic : topics) {
        changes.put(
            new ConfigResource(ConfigResource.Type.TOPIC, topic),
            List.of(
                new AlterConfigOp(
                    new ConfigEntry("retention.ms", "-1"), AlterConfigOp.OpType.SET)));
      }
      admin.incrementalAlterConfigs(changes).all().get(30, TimeUnit.SECONDS);
    }
  }
}
