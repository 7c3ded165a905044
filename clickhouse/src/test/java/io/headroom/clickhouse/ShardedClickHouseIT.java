package io.headroom.clickhouse;

import static io.headroom.clickhouse.ClickHouseLoaderIT.scalar;
import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.sketch.SketchAccumulator;
import io.headroom.ingest.MetricsProducer;
import io.headroom.ingest.ProducerSettings;
import io.headroom.ingest.TopicSetup;
import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.MetricEvent;
import io.headroom.schemas.MetricKind;
import io.headroom.schemas.PercentileWindow;
import io.headroom.schemas.PercentileWindowMapper;
import io.headroom.stack.BrokerJars;
import io.headroom.stack.FaultReport;
import io.headroom.stack.LocalStack;
import io.headroom.stack.StackEndpoints;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two ClickHouse shards ({@code up --clickhouse-shards 2}): the migrations lay the tables out as
 * Distributed tables over local ones, the loader fills them from a real broker, and counts after
 * {@code FINAL} are exact; a shard that dies for a minute costs no row and doubles none.
 */
class ShardedClickHouseIT {
  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  private static final int SERVICES = 8;
  private static final int HOURS = 3;
  private static StackEndpoints stack;

  @BeforeAll
  static void twoShards() throws Exception {
    stack =
        LocalStack.up(
            Files.createTempDirectory("headroom-it-shards-"), BrokerJars.locate(), true, 1, 2);
  }

  @AfterAll
  static void down() throws Exception {
    if (stack != null) {
      LocalStack.down(stack.dataDir());
    }
  }

  @Test
  void eventsAndWindowsOfSeveralServices_spreadOverBothShards_countExactlyAfterFinal()
      throws Exception {
    String rawTopic = "it.shards.raw";
    String windowTopic = "it.shards.windows";
    int events = 12_000;
    int replayed = 1_000;
    TopicSetup.ensure(stack.bootstrapServers(), Map.of(rawTopic, 2, windowTopic, 1), (short) 1);
    // A replayed stretch: the same event ids twice, as after a loader crash before its commit.
    produce(rawTopic, 0, events);
    produce(rawTopic, 0, replayed);
    List<PercentileWindow> windows = hourlyWindows(events);
    sendWindows(windowTopic, windows);
    sendWindows(windowTopic, windows);

    ClickHouseSettings clickhouse =
        ClickHouseSettings.local(stack.clickhouseJdbcUrl()).withDatabase("it_shards");
    LoaderSettings settings =
        new LoaderSettings(
            stack.bootstrapServers(), "shards", clickhouse, 2_000, Duration.ofMillis(200), 1);
    Map<String, TableRows<? extends SpecificRecord>> routes =
        Map.of(rawTopic, Rows.METRIC_EVENTS, windowTopic, Rows.PERCENTILE_WINDOWS);
    try (ClickHouseLoader loader = ClickHouseLoader.start(settings, routes)) {
      assertThat(
              ClickHouseLoader.await(
                  () ->
                      loader.recordsLoaded("metric_events") == events + replayed
                          && loader.recordsLoaded("percentile_windows") == 2L * windows.size(),
                  Duration.ofSeconds(90)))
          .as(
              "loaded %s events, %s windows",
              loader.recordsLoaded("metric_events"), loader.recordsLoaded("percentile_windows"))
          .isTrue();
    }

    try (Connection connection = ClickHouseConnections.open(clickhouse)) {
      assertThat(Migrations.apply(connection, clickhouse)).as("idempotent").isEmpty();
      // Background merges may already have collapsed some of the replayed rows.
      assertThat(scalar(connection, "SELECT count() FROM it_shards.metric_events"))
          .isBetween((long) events, (long) events + replayed);
      assertThat(scalar(connection, "SELECT count() FROM it_shards.metric_events FINAL"))
          .isEqualTo(events);
      assertThat(scalar(connection, "SELECT count() FROM it_shards.percentile_windows FINAL"))
          .isEqualTo(windows.size());
    }

    Set<String> servicesSeen = new HashSet<>();
    long eventsOnShards = 0;
    for (StackEndpoints.ClickHouseShard shard : stack.clickhouseShards()) {
      try (Connection connection =
          ClickHouseConnections.open(clickhouse.atServer("127.0.0.1", shard.nativePort()))) {
        assertThat(
                QueryCatalogue.run(
                    connection,
                    "SELECT name, engine FROM system.tables WHERE database = 'it_shards'"
                        + " AND name IN ('metric_events', 'metric_events_local')"
                        + " ORDER BY name"))
            .extracting(row -> row.get("engine").toString())
            .containsExactly("Distributed", "ReplacingMergeTree");
        long local = scalar(connection, "SELECT count() FROM it_shards.metric_events_local FINAL");
        assertThat(local).as("events on shard %d", shard.shard()).isPositive().isLessThan(events);
        eventsOnShards += local;
        List<String> services =
            QueryCatalogue.run(
                    connection, "SELECT DISTINCT service FROM it_shards.metric_events_local")
                .stream()
                .map(row -> row.get("service").toString())
                .toList();
        for (String service : services) {
          assertThat(servicesSeen.add(service))
              .as("%s on one shard only (shard %d too)", service, shard.shard())
              .isTrue();
        }
      }
    }
    assertThat(eventsOnShards).isEqualTo(events);
    assertThat(servicesSeen).hasSize(SERVICES);

    // The same rows on one plain server answer the catalogue's queries alike.
    try (Connection connection = ClickHouseConnections.open(clickhouse)) {
      copyToOneServer(connection, "metric_events");
      copyToOneServer(connection, "percentile_windows");
      for (String query : List.of("exact_vs_sketch_p95", "p95_per_service_per_hour")) {
        List<Map<String, Object>> sharded =
            QueryCatalogue.run(connection, QueryCatalogue.sql(query, "it_shards"));
        List<Map<String, Object>> single =
            QueryCatalogue.run(connection, QueryCatalogue.sql(query, "it_one_server"));
        assertThat(sharded).as(query).hasSize(SERVICES * HOURS).isEqualTo(single);
      }
    }
  }

  @Test
  @Tag("fault")
  void oneShardKilledAndBackAMinuteLater_duringABacklog_losesNothing_duplicatesNothing()
      throws Exception {
    String topic = "it.shards.down";
    int events = 60_000;
    TopicSetup.ensure(stack.bootstrapServers(), Map.of(topic, 2), (short) 1);
    produce(topic, 0, events);
    ClickHouseSettings clickhouse =
        ClickHouseSettings.local(stack.clickhouseJdbcUrl()).withDatabase("it_shard_down");
    LoaderSettings settings =
        new LoaderSettings(
            stack.bootstrapServers(), "sharddown", clickhouse, 2_000, Duration.ofMillis(200), 2);
    String group = "sharddown-metric_events";
    double recovered;
    try (ClickHouseLoader loader =
            ClickHouseLoader.start(settings, Map.of(topic, Rows.METRIC_EVENTS));
        Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
      assertThat(
              ClickHouseLoader.await(
                  () -> loader.recordsLoaded("metric_events") >= 2_000, Duration.ofSeconds(60)))
          .isTrue();
      assertThat(loader.recordsLoaded("metric_events")).isLessThan(events);

      StackEndpoints.ClickHouseShard second = stack.clickhouseShards().get(1);
      long degradationsBefore = loader.degradations();
      signal("KILL", second.pid());
      Thread.sleep(Duration.ofSeconds(5).toMillis());
      long committedEarly = committed(admin, group, topic);
      Thread.sleep(Duration.ofSeconds(55).toMillis());
      // Counted, not sampled: shard 1 still accepts the connection, so a worker reads as healthy
      // for the moment between connecting and its insert failing.
      assertThat(loader.degradations())
          .as("inserts failed while shard 2 was gone")
          .isGreaterThan(degradationsBefore);
      // No insert can reach every shard, so no offset may move.
      assertThat(committed(admin, group, topic))
          .as("offsets committed while shard 2 was down")
          .isEqualTo(committedEarly)
          .isLessThan(events);
      // What ./headroom up does on a half-dead stack: the dead shard again, same ports and data.
      stack = LocalStack.up(stack.dataDir(), BrokerJars.locate(), true);
      assertThat(stack.clickhouseShards().get(1).nativePort()).isEqualTo(second.nativePort());
      long back = System.nanoTime();

      assertThat(
              ClickHouseLoader.await(
                  () -> committed(admin, group, topic) == events, Duration.ofSeconds(180)))
          .as("committed %s of %s", committed(admin, group, topic), events)
          .isTrue();
      assertThat(
              ClickHouseLoader.await(
                  () -> loader.health() == WorkerHealth.HEALTHY, Duration.ofSeconds(60)))
          .as("workers %s", loader.workerHealth())
          .isTrue();
      recovered = (System.nanoTime() - back) / 1e9;
      assertThat(loader.workersAlive()).isEqualTo(2);
      assertThat(loader.failure()).isEmpty();
    }
    try (Connection connection = ClickHouseConnections.open(clickhouse)) {
      long rows = scalar(connection, "SELECT count() FROM it_shard_down.metric_events FINAL");
      long distinct =
          scalar(connection, "SELECT uniqExact(event_id) FROM it_shard_down.metric_events");
      FaultReport.record(
          "1 of 2 ClickHouse shards killed for 60 s during a loader backlog, then up",
          events,
          events - distinct,
          rows - distinct,
          recovered);
      assertThat(rows).isEqualTo(events);
      assertThat(distinct).isEqualTo(events);
    }
  }

  /** A plain ReplacingMergeTree table on shard 1 with every row of the sharded one. */
  private static void copyToOneServer(Connection connection, String table) throws SQLException {
    try (var statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE IF NOT EXISTS it_one_server");
      statement.execute(
          "CREATE TABLE it_one_server." + table + " AS it_shards." + table + "_local");
      statement.execute("INSERT INTO it_one_server." + table + " SELECT * FROM it_shards." + table);
    }
  }

  private static String service(int i) {
    return "service-" + (i % SERVICES);
  }

  private static Instant eventTime(int i) {
    int hour = (i / SERVICES) % HOURS;
    return T0.plus(Duration.ofHours(hour)).plusMillis(i / (SERVICES * HOURS) * 100L);
  }

  private static double value(int i) {
    return (i * 37L % 1000) + 1;
  }

  private static void produce(String topic, int first, int count) throws Exception {
    try (MetricsProducer producer =
        new MetricsProducer(new ProducerSettings(stack.bootstrapServers(), topic))) {
      for (int i = first; i < first + count; i++) {
        producer.send(
            MetricEvent.newBuilder()
                .setEventId(topic + "-" + i)
                .setService(service(i))
                .setInstance("pod-1")
                .setMetric("latency_ms")
                .setKind(MetricKind.LATENCY_SAMPLE)
                .setValue(value(i))
                .setUnit("ms")
                .setEventTime(eventTime(i))
                .build());
      }
    }
  }

  /** One 1-hour latency window per service and hour, sketched from the events produced. */
  private static List<PercentileWindow> hourlyWindows(int events) {
    Map<String, SketchAccumulator> sketches = new TreeMap<>();
    for (int i = 0; i < events; i++) {
      Instant hour = T0.plus(Duration.ofHours((i / SERVICES) % HOURS));
      sketches
          .computeIfAbsent(service(i) + "|" + hour, k -> new SketchAccumulator(0.01))
          .add(value(i));
    }
    return sketches.entrySet().stream()
        .map(
            e -> {
              String[] key = e.getKey().split("\\|");
              Instant start = Instant.parse(key[1]);
              return PercentileWindowMapper.toWindow(
                  key[0],
                  "latency_ms",
                  MetricKind.LATENCY_SAMPLE,
                  start,
                  start.plus(Duration.ofHours(1)),
                  e.getValue());
            })
        .toList();
  }

  private static void sendWindows(String topic, List<PercentileWindow> windows) throws Exception {
    try (var producer =
        new KafkaProducer<String, byte[]>(
            Map.of("bootstrap.servers", stack.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (PercentileWindow window : windows) {
        producer
            .send(
                new ProducerRecord<>(
                    topic,
                    window.getService().toString(),
                    AvroCodec.of(PercentileWindow.class).encode(window)))
            .get();
      }
    }
  }

  private static long committed(Admin admin, String group, String topic) {
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      return offsets.entrySet().stream()
          .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
          .mapToLong(e -> e.getValue().offset())
          .sum();
    } catch (Exception e) {
      return -1;
    }
  }

  private static void signal(String signal, long pid) throws Exception {
    assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor())
        .isZero();
  }
}
