package io.headroom.flink;

import static io.headroom.flink.Fixtures.gauge;
import static io.headroom.flink.Fixtures.minute;
import static io.headroom.flink.Fixtures.requests;
import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.clickhouse.ClickHouseConnections;
import io.headroom.clickhouse.ClickHouseLoader;
import io.headroom.clickhouse.ClickHouseSettings;
import io.headroom.clickhouse.LoaderSettings;
import io.headroom.clickhouse.QueryCatalogue;
import io.headroom.clickhouse.Rows;
import io.headroom.core.forecast.ForecastPoint;
import io.headroom.core.forecast.Forecasters;
import io.headroom.core.forecast.LoadForecaster;
import io.headroom.flink.forecast.ForecastJob;
import io.headroom.flink.forecast.ForecastSettings;
import io.headroom.flink.kafka.DeadLetterSerializer;
import io.headroom.flink.kafka.KafkaSettings;
import io.headroom.flink.scaling.ScalingJob;
import io.headroom.flink.scaling.ScalingSettings;
import io.headroom.ingest.TopicSetup;
import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.ForecastRecords;
import io.headroom.schemas.LoadForecast;
import io.headroom.schemas.PercentileWindow;
import io.headroom.schemas.ScalingCommand;
import io.headroom.schemas.Topics;
import io.headroom.stack.LocalStackExtension;
import io.headroom.stack.StackEndpoints;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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

/**
 * Both jobs on a MiniCluster against a real KRaft broker, exactly-once, stopped with a savepoint
 * half-way and restarted from it; forecasts and commands then loaded into ClickHouse by the loader.
 */
@ExtendWith(LocalStackExtension.class)
class FlinkJobsIT {
  static final String WINDOWS = "it.flink.windows";
  static final String FORECASTS = "it.flink.forecasts";
  static final String COMMANDS = "it.flink.commands";
  static final String TARGETS =
      """
      targets:
        - name: checkout
          metrics:
            cpu: {metric: cpu_percent, statistic: mean}
          spec:
            minReplicas: 1
            maxReplicas: 20
            metrics:
              - type: Resource
                resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
        - name: search
          policy: predictive
          predictive: {replicaCapacity: 200}
          spec:
            maxReplicas: 20
            metrics:
              - type: Resource
                resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
      """;

  /**
   * Forecasts both services get at the 5-minute boundaries up to minute {@code last}: those where
   * the naive model fed the minutes before has an interval (without one nothing is emitted).
   */
  static int expectedForecasts(int last) {
    int count = 0;
    for (String service : List.of("checkout", "search")) {
      for (int t = 5; t <= last; t += 5) {
        LoadForecaster model = Forecasters.create("naive", Duration.ofMinutes(1));
        for (int n = 0; n < t; n++) {
          model.update(minute(n), load(service, n));
        }
        count += ForecastPoint.allFinite(model.forecast(minute(t).minusMillis(1), 30)) ? 1 : 0;
      }
    }
    return count;
  }

  /** Requests per minute of a service in minute n: a deterministic wiggle. */
  static double load(String service, int n) {
    return (service.equals("checkout") ? 300 : 800) + 40 * Math.sin(n / 3.0) + (n % 4) * 7;
  }

  /**
   * checkout runs hot until 10:18 (recommendations of 8), then cold: a scale-down the stabilization
   * window must hold.
   */
  static double cpu(String service, int n) {
    return service.equals("checkout") ? (n < 18 ? 100 : 10) : 50;
  }

  @Test
  void bothJobs_fromBrokerToBroker_surviveAStopWithSavepoint_andLandInClickHouse(
      StackEndpoints stack, @TempDir Path dir) throws Exception {
    String bootstrap = stack.bootstrapServers();
    TopicSetup.ensure(
        bootstrap,
        Map.of(WINDOWS, 2, FORECASTS, 2, COMMANDS, 1, WINDOWS + ".dlq", 1, FORECASTS + ".dlq", 1),
        (short) 1);
    keepForever(
        bootstrap, List.of(WINDOWS, FORECASTS, COMMANDS, WINDOWS + ".dlq", FORECASTS + ".dlq"));
    Path targetsFile = Files.writeString(dir.resolve("targets.yaml"), TARGETS);
    KafkaSettings kafka = KafkaSettings.of(bootstrap);
    RuntimeSettings runtime =
        new RuntimeSettings(
            2, Duration.ofMillis(500), dir.resolve("checkpoints").toString(), "hashmap");
    ForecastSettings forecast =
        ForecastSettings.defaults(kafka)
            .withRuntime(runtime)
            .withTopics(WINDOWS, FORECASTS)
            .withGroupId("it-forecast")
            .withModel("naive")
            .withShort(Duration.ofMinutes(5), Duration.ofMinutes(30))
            .withWatermarks(Duration.ZERO, Duration.ofSeconds(2));
    ScalingSettings scaling =
        ScalingSettings.withTargetsFile(kafka, targetsFile)
            .withRuntime(runtime)
            .withTopics(WINDOWS, FORECASTS, COMMANDS)
            .withGroupId("it-scaling")
            .withTargetsPoll(Duration.ofSeconds(1))
            .withWatermarks(Duration.ZERO, Duration.ofSeconds(2));
    JobSettings jobs = JobSettings.both(forecast, scaling);

    // Phase 1: minutes 0..19, and a record that is not a window at all.
    produceWindows(bootstrap, 0, 20);
    try (var raw =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", bootstrap),
            new StringSerializer(),
            new ByteArraySerializer())) {
      raw.send(
              new ProducerRecord<>(
                  WINDOWS, "checkout", "not a window".getBytes(StandardCharsets.UTF_8)))
          .get();
    }
    String forecastSavepoint;
    String scalingSavepoint;
    try (HeadroomJobs.Running running = HeadroomJobs.startOnMiniCluster(jobs)) {
      // The watermark reaches 10:20 - 1 ms: forecasts at 10:05, 10:10, 10:15 where the model has
      // an interval already; decisions up to 10:19:45.
      int early = expectedForecasts(15);
      if (early > 0) {
        awaitRecords(bootstrap, FORECASTS, early);
      }
      awaitRecords(bootstrap, COMMANDS, 2 * 76);
      forecastSavepoint =
          running.stopWithSavepoint(ForecastJob.NAME, dir.resolve("savepoints").toUri().toString());
      scalingSavepoint =
          running.stopWithSavepoint(ScalingJob.NAME, dir.resolve("savepoints").toUri().toString());
    }

    // Phase 2: minutes 20..39, processed by jobs restored from the savepoints.
    produceWindows(bootstrap, 20, 40);
    List<LoadForecast> forecasts;
    List<ScalingCommand> commands;
    try (HeadroomJobs.Running running =
        HeadroomJobs.startOnMiniCluster(jobs.restoringFrom(forecastSavepoint, scalingSavepoint))) {
      forecasts =
          decode(awaitRecords(bootstrap, FORECASTS, expectedForecasts(35)), LoadForecast.class);
      commands = decode(awaitRecords(bootstrap, COMMANDS, 2 * 156), ScalingCommand.class);
    }

    // Exactly once, and the restored models forecast exactly as an uninterrupted core model.
    int forecastCount = expectedForecasts(35);
    assertThat(forecastCount).as("the naive model has intervals after 20-odd minutes").isPositive();
    assertThat(forecasts).hasSize(forecastCount);
    assertThat(forecasts).extracting(LoadForecast::getForecastId).doesNotHaveDuplicates();
    for (String service : List.of("checkout", "search")) {
      LoadForecaster reference = Forecasters.create("naive", Duration.ofMinutes(1));
      int learnt = 0;
      for (LoadForecast f :
          forecasts.stream()
              .filter(f -> f.getService().equals(service))
              .sorted((a, b) -> a.getFittedAt().compareTo(b.getFittedAt()))
              .toList()) {
        int upTo = (int) Duration.between(Fixtures.T0, f.getFittedAt()).toMinutes();
        for (; learnt < upTo; learnt++) {
          reference.update(minute(learnt), load(service, learnt));
        }
        List<ForecastPoint> expected = reference.forecast(f.getFittedAt().minusMillis(1), 30);
        assertThat(ForecastRecords.points(f))
            .as("%s at %s", service, f.getFittedAt())
            .isEqualTo(expected);
      }
      assertThat(learnt).isEqualTo(35);
    }

    // One decision every 15 s per target, none lost or repeated across the restart.
    Map<String, List<Instant>> times = new TreeMap<>();
    commands.forEach(
        c -> times.computeIfAbsent(c.getTarget(), t -> new ArrayList<>()).add(c.getDecidedAt()));
    for (List<Instant> list : times.values()) {
      assertThat(list).hasSize(156).doesNotHaveDuplicates();
      assertThat(list.stream().sorted().toList().get(0)).isEqualTo(minute(1));
    }
    // The first decisions after the restore still hold checkout's count: its history came back.
    ScalingCommand afterRestore =
        commands.stream()
            .filter(c -> c.getTarget().equals("checkout") && c.getDecidedAt().equals(minute(20)))
            .findFirst()
            .orElseThrow();
    assertThat(afterRestore.getLimit()).isEqualTo("SCALE_DOWN_STABILIZED");
    assertThat(afterRestore.getToReplicas()).isEqualTo(afterRestore.getFromReplicas());
    assertThat(commands.stream().filter(c -> c.getTarget().equals("search")))
        .allMatch(c -> c.getPolicy().equals("predictive"));

    // The garbage record reached the dead-letter topic once per job, with its reason.
    List<ConsumerRecord<String, byte[]>> deadLetters =
        awaitRecords(bootstrap, DeadLetterSerializer.deadLetterTopic(WINDOWS), 2);
    assertThat(deadLetters).hasSize(2);
    assertThat(deadLetters)
        .extracting(r -> header(r, DeadLetterSerializer.CONSUMER_HEADER))
        .containsExactlyInAnyOrder("forecast", "scaling");
    assertThat(deadLetters)
        .allSatisfy(
            r ->
                assertThat(header(r, Topics.DLQ_REASON_HEADER))
                    .contains("not Avro single-object encoding"));

    // The loader puts both topics in ClickHouse; forecast ids and command ids are the rows'
    // identity.
    ClickHouseSettings clickhouse =
        ClickHouseSettings.local(stack.clickhouseJdbcUrl()).withDatabase("it_flink");
    LoaderSettings loaderSettings =
        new LoaderSettings(bootstrap, "it-flink-loader", clickhouse, 1000, Duration.ofMillis(200));
    try (ClickHouseLoader loader =
        ClickHouseLoader.start(
            loaderSettings,
            Map.of(FORECASTS, Rows.LOAD_FORECASTS, COMMANDS, Rows.SCALING_COMMANDS))) {
      assertThat(
              ClickHouseLoader.await(
                  () ->
                      loader.recordsLoaded("load_forecasts") == forecastCount
                          && loader.recordsLoaded("scaling_commands") == 312,
                  Duration.ofSeconds(60)))
          .isTrue();
    }
    try (Connection connection = ClickHouseConnections.open(clickhouse)) {
      assertThat(scalar(connection, "SELECT count() FROM it_flink.load_forecasts FINAL"))
          .isEqualTo(forecastCount * 30L);
      assertThat(scalar(connection, "SELECT uniqExact(forecast_id) FROM it_flink.load_forecasts"))
          .isEqualTo((long) forecastCount);
      assertThat(scalar(connection, "SELECT count() FROM it_flink.scaling_commands FINAL"))
          .isEqualTo(312L);
      assertThat(
              scalar(
                  connection,
                  "SELECT count() FROM it_flink.scaling_commands FINAL WHERE target = 'checkout' AND limit_kind = 'SCALE_DOWN_STABILIZED'"))
          .isPositive();
    }
  }

  /**
   * The windows and the jobs' output carry event-time timestamps around the fixed {@link
   * Fixtures#T0}, which falls behind the broker's 7-day time retention as the calendar moves on.
   * Its retention check (30 s after start, then every 5 min) would then delete records before they
   * are read, so these topics keep everything, as a topic replayed from history would need to.
   */
  static void keepForever(String bootstrap, List<String> topics) throws Exception {
    try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
      Map<ConfigResource, java.util.Collection<AlterConfigOp>> changes = new HashMap<>();
      for (String topic : topics) {
        changes.put(
            new ConfigResource(ConfigResource.Type.TOPIC, topic),
            List.of(
                new AlterConfigOp(
                    new ConfigEntry("retention.ms", "-1"), AlterConfigOp.OpType.SET)));
      }
      admin.incrementalAlterConfigs(changes).all().get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  static void produceWindows(String bootstrap, int from, int to) throws Exception {
    AvroCodec<PercentileWindow> codec = AvroCodec.of(PercentileWindow.class);
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", bootstrap, "acks", "all"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (int n = from; n < to; n++) {
        for (String service : List.of("checkout", "search")) {
          for (PercentileWindow w :
              List.of(
                  requests(service, n, load(service, n)),
                  gauge(service, "replicas", n, 4),
                  gauge(service, "cpu_percent", n, cpu(service, n)))) {
            producer.send(
                new ProducerRecord<>(
                    WINDOWS, null, w.getWindowEnd().toEpochMilli(), service, codec.encode(w)));
          }
        }
      }
      producer.flush();
    }
  }

  static <T extends org.apache.avro.specific.SpecificRecord> List<T> decode(
      List<ConsumerRecord<String, byte[]>> records, Class<T> type) {
    AvroCodec<T> codec = AvroCodec.of(type);
    return records.stream().map(r -> codec.decode(r.value())).toList();
  }

  static String header(ConsumerRecord<String, byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  /**
   * Reads the committed records of a topic until there are at least {@code count} (bounded wait),
   * then a little longer.
   */
  static List<ConsumerRecord<String, byte[]>> awaitRecords(
      String bootstrap, String topic, int count) {
    Map<String, Object> config =
        new HashMap<>(
            Map.of(
                "bootstrap.servers",
                bootstrap,
                "group.id",
                "it-read-" + System.nanoTime(),
                "auto.offset.reset",
                "earliest",
                "isolation.level",
                "read_committed"));
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (records.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(300)).forEach(records::add);
      }
      consumer.poll(Duration.ofSeconds(2)).forEach(records::add);
    }
    assertThat(records.size())
        .as(() -> "records on " + topic + " " + offsets(bootstrap, topic))
        .isGreaterThanOrEqualTo(count);
    return records;
  }

  /**
   * Per partition: first offset, last stable offset and end offset; says whether records were
   * deleted or are held open.
   */
  static String offsets(String bootstrap, String topic) {
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                "bootstrap.servers", bootstrap, "isolation.level", "read_committed"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      Map<TopicPartition, Long> stable = consumer.endOffsets(partitions);
      Map<TopicPartition, Long> start = consumer.beginningOffsets(partitions);
      try (var uncommitted =
          new KafkaConsumer<>(
              Map.<String, Object>of("bootstrap.servers", bootstrap),
              new StringDeserializer(),
              new ByteArrayDeserializer())) {
        Map<TopicPartition, Long> end = uncommitted.endOffsets(partitions);
        return partitions.stream()
            .map(
                p ->
                    p.partition()
                        + ": start "
                        + start.get(p)
                        + ", stable "
                        + stable.get(p)
                        + ", end "
                        + end.get(p))
            .toList()
            .toString();
      }
    } catch (RuntimeException e) {
      return "(offsets unavailable: " + e + ")";
    }
  }

  static long scalar(Connection connection, String sql) throws Exception {
    return ((Number) QueryCatalogue.run(connection, sql).get(0).values().iterator().next())
        .longValue();
  }
}
