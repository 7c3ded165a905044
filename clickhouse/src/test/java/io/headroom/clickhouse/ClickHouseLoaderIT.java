package io.headroom.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headroom.core.sketch.SketchAccumulator;
import io.headroom.ingest.MetricsProducer;
import io.headroom.ingest.ProducerSettings;
import io.headroom.ingest.TopicSetup;
import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.MetricEvent;
import io.headroom.schemas.MetricKind;
import io.headroom.schemas.PercentileWindow;
import io.headroom.schemas.PercentileWindowMapper;
import io.headroom.stack.LocalStackExtension;
import io.headroom.stack.StackEndpoints;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class ClickHouseLoaderIT {
  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

  @Test
  void migrations_areIdempotent(StackEndpoints stack) throws SQLException {
    ClickHouseSettings settings =
        ClickHouseSettings.local(stack.clickhouseJdbcUrl()).withDatabase("it_migrations");
    try (Connection connection = ClickHouseConnections.open(settings)) {
      assertThat(Migrations.apply(connection, settings))
          .containsExactly("V001", "V002", "V003", "V004", "V005");
      assertThat(Migrations.apply(connection, settings)).isEmpty();
      List<Map<String, Object>> tables =
          QueryCatalogue.run(
              connection,
              "SELECT name FROM system.tables WHERE database = 'it_migrations' ORDER BY name");
      assertThat(tables)
          .extracting(row -> row.get("name"))
          .containsExactly(
              "alerts",
              "load_forecasts",
              "metric_events",
              "percentile_windows",
              "scaling_commands",
              "schema_migrations");
    }
  }

  @Test
  void eventsAndWindows_land_exactlyOnceInQueries_evenWhenTheWholeTopicIsLoadedTwice(
      StackEndpoints stack) throws Exception {
    String rawTopic = "it.loader.raw";
    String windowTopic = "it.loader.windows";
    TopicSetup.ensure(
        stack.bootstrapServers(),
        Map.of(rawTopic, 2, windowTopic, 1, rawTopic + ".dlq", 1),
        (short) 1);
    int events = 2_000;
    try (MetricsProducer producer =
        new MetricsProducer(new ProducerSettings(stack.bootstrapServers(), rawTopic))) {
      for (int i = 0; i < events; i++) {
        producer.send(
            MetricEvent.newBuilder()
                .setEventId("e" + i)
                .setService(i % 2 == 0 ? "checkout" : "search")
                .setInstance("pod-" + (i % 3))
                .setMetric("latency_ms")
                .setKind(MetricKind.LATENCY_SAMPLE)
                .setValue(i)
                .setUnit("ms")
                .setEventTime(T0.plusMillis(1500L * i))
                .setLabels(i % 2 == 1 ? Map.of("region", "eu") : Map.of())
                .build());
      }
    }
    SketchAccumulator accumulator = new SketchAccumulator(0.01);
    for (int i = 1; i <= 100; i++) {
      accumulator.add(i);
    }
    PercentileWindow window =
        PercentileWindowMapper.toWindow(
            "checkout",
            "latency_ms",
            MetricKind.LATENCY_SAMPLE,
            T0,
            T0.plus(Duration.ofHours(1)),
            accumulator);
    try (var producer =
        new KafkaProducer<String, byte[]>(
            Map.of("bootstrap.servers", stack.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  windowTopic, "checkout", AvroCodec.of(PercentileWindow.class).encode(window)))
          .get();
      producer.send(new ProducerRecord<>(rawTopic, "checkout", new byte[] {1, 2, 3})).get();
    }

    ClickHouseSettings clickhouse =
        ClickHouseSettings.local(stack.clickhouseJdbcUrl()).withDatabase("it_loader");
    Map<String, TableRows<? extends SpecificRecord>> routes =
        Map.of(rawTopic, Rows.METRIC_EVENTS, windowTopic, Rows.PERCENTILE_WINDOWS);
    // Two consumer groups load the same records: what a crash between insert and commit would
    // replay.
    for (String group : List.of("first-load", "replayed-load")) {
      LoaderSettings settings =
          new LoaderSettings(
              stack.bootstrapServers(), group, clickhouse, 500, Duration.ofMillis(300));
      try (ClickHouseLoader loader = ClickHouseLoader.start(settings, routes)) {
        assertThat(
                ClickHouseLoader.await(
                    () ->
                        loader.recordsLoaded("metric_events") == events
                            && loader.recordsLoaded("percentile_windows") == 1
                            && loader.deadLettered() == 1,
                    Duration.ofSeconds(60)))
            .as("loaded %s events", loader.recordsLoaded("metric_events"))
            .isTrue();
        // Two workers per topic by default: once the group has formed each owns one of the two
        // partitions.
        assertThat(
                ClickHouseLoader.await(
                    () -> loader.assignedPartitions("metric_events").equals(List.of(1, 1)),
                    Duration.ofSeconds(30)))
            .as("partitions per worker: %s", loader.assignedPartitions("metric_events"))
            .isTrue();
      }
    }

    try (Connection connection = ClickHouseConnections.open(clickhouse)) {
      // Both loads inserted every row; background merges may already have collapsed some
      // duplicates.
      assertThat(scalar(connection, "SELECT count() FROM it_loader.metric_events"))
          .isBetween((long) events, 2L * events);
      assertThat(scalar(connection, "SELECT count() FROM it_loader.metric_events FINAL"))
          .isEqualTo((long) events);
      assertThat(scalar(connection, "SELECT uniqExact(event_id) FROM it_loader.metric_events"))
          .isEqualTo((long) events);
      var first =
          QueryCatalogue.run(
                  connection,
                  "SELECT toUnixTimestamp(event_time) AS t, event_millis, label_keys, "
                      + "label_values, value FROM it_loader.metric_events FINAL WHERE event_id = 'e3'")
              .get(0);
      assertThat(((Number) first.get("t")).longValue())
          .isEqualTo(T0.plusMillis(4500).getEpochSecond());
      assertThat(((Number) first.get("event_millis")).longValue())
          .isEqualTo(T0.plusMillis(4500).toEpochMilli());
      assertThat(first.get("value")).isEqualTo(3.0);
      // Rows without labels are inserted without the label columns (their default is the empty
      // array).
      assertThat(
              scalar(
                  connection,
                  "SELECT count() FROM it_loader.metric_events FINAL "
                      + "WHERE label_keys = ['region'] AND label_values = ['eu']"))
          .isEqualTo(events / 2L);
      assertThat(
              scalar(
                  connection,
                  "SELECT count() FROM it_loader.metric_events FINAL "
                      + "WHERE empty(label_keys) AND empty(label_values)"))
          .isEqualTo(events / 2L);

      var hourly =
          QueryCatalogue.run(
              connection, QueryCatalogue.sql("p95_per_service_per_hour", "it_loader"));
      assertThat(hourly).hasSize(1);
      assertThat(hourly.get(0).get("service")).isEqualTo("checkout");
      assertThat(((Number) hourly.get(0).get("samples")).longValue()).isEqualTo(100);
      assertThat(((Number) hourly.get(0).get("p95_ms")).doubleValue())
          .isCloseTo(95, within(95 * 0.01 + 0.05));

      var exactVsSketch =
          QueryCatalogue.run(connection, QueryCatalogue.sql("exact_vs_sketch_p95", "it_loader"));
      assertThat(exactVsSketch).hasSize(1);
    }
  }

  @Test
  void aBacklogsLastRows_areInsertedAsSoonAsRead_notAfterTheLinger(StackEndpoints stack)
      throws Exception {
    String topic = "it.loader.backlog";
    int events = 25_000; // more than one poll returns (at most 10,000 records)
    produceEvents(stack, topic, events, Duration.ZERO);
    ClickHouseSettings clickhouse =
        ClickHouseSettings.local(stack.clickhouseJdbcUrl()).withDatabase("it_backlog");
    // Neither the batch size nor the ten-minute linger is ever reached.
    LoaderSettings settings =
        new LoaderSettings(
            stack.bootstrapServers(), "backlog", clickhouse, 1_000_000, Duration.ofMinutes(10), 1);
    try (ClickHouseLoader loader =
        ClickHouseLoader.start(settings, Map.of(topic, Rows.METRIC_EVENTS))) {
      assertThat(
              ClickHouseLoader.await(
                  () -> loader.recordsLoaded("metric_events") == events, Duration.ofSeconds(60)))
          .as("loaded %s of %s events", loader.recordsLoaded("metric_events"), events)
          .isTrue();
    }
    try (Connection connection = ClickHouseConnections.open(clickhouse)) {
      assertThat(scalar(connection, "SELECT count() FROM it_backlog.metric_events"))
          .isEqualTo(events);
    }
  }

  @Test
  void liveTraffic_isInsertedAfterTheLinger_notOnePollAtATime(StackEndpoints stack)
      throws Exception {
    String topic = "it.loader.live";
    TopicSetup.ensure(stack.bootstrapServers(), Map.of(topic, 1), (short) 1);
    ClickHouseSettings clickhouse =
        ClickHouseSettings.local(stack.clickhouseJdbcUrl()).withDatabase("it_live");
    LoaderSettings settings =
        new LoaderSettings(
            stack.bootstrapServers(), "live", clickhouse, 1_000_000, Duration.ofMinutes(10), 1);
    try (ClickHouseLoader loader =
        ClickHouseLoader.start(settings, Map.of(topic, Rows.METRIC_EVENTS))) {
      assertThat(
              ClickHouseLoader.await(
                  () -> loader.assignedPartitions("metric_events").equals(List.of(1)),
                  Duration.ofSeconds(30)))
          .isTrue();
      // One event at a time, each read by a poll of its own that leaves the worker caught up.
      produceEvents(stack, topic, 10, Duration.ofMillis(300));
      Thread.sleep(2_000);
      assertThat(loader.recordsLoaded("metric_events")).as("inserted before the linger").isZero();
    } // closing inserts what is pending
    try (Connection connection = ClickHouseConnections.open(clickhouse)) {
      assertThat(scalar(connection, "SELECT count() FROM it_live.metric_events")).isEqualTo(10);
    }
  }

  @Test
  void aClearedBatch_insertsOnlyTheRowsBoundAfterIt(StackEndpoints stack) throws Exception {
    ClickHouseSettings clickhouse =
        ClickHouseSettings.local(stack.clickhouseJdbcUrl()).withDatabase("it_clear");
    try (Connection connection = ClickHouseConnections.open(clickhouse)) {
      Migrations.apply(connection, clickhouse);
    }
    try (InsertBatch batch = new InsertBatch(clickhouse, Rows.METRIC_EVENTS)) {
      // Rows for both of the batch's statements: with labels and without.
      for (int i = 0; i < 4; i++) {
        Rows.METRIC_EVENTS.addRows(labelledEvent("discarded-" + i, i % 2 == 0), batch::add);
      }
      batch.clear();
      for (int i = 0; i < 2; i++) {
        Rows.METRIC_EVENTS.addRows(labelledEvent("kept-" + i, i % 2 == 0), batch::add);
      }
      assertThat(batch.rows()).isEqualTo(2);
      batch.execute();
    }
    try (Connection connection = ClickHouseConnections.open(clickhouse)) {
      assertThat(
              QueryCatalogue.run(
                  connection, "SELECT event_id FROM it_clear.metric_events ORDER BY event_id"))
          .extracting(row -> row.get("event_id"))
          .containsExactly("kept-0", "kept-1");
    }
  }

  @Test
  void directInsert_writesEveryRecord_acrossBatches(StackEndpoints stack) throws Exception {
    ClickHouseSettings clickhouse =
        ClickHouseSettings.local(stack.clickhouseJdbcUrl()).withDatabase("it_direct");
    try (Connection connection = ClickHouseConnections.open(clickhouse)) {
      Migrations.apply(connection, clickhouse);
    }
    int windows = DirectInsert.BATCH_ROWS + 1234;
    long countSum = 0;
    try (DirectInsert<PercentileWindow> insert =
        DirectInsert.into(clickhouse, Rows.PERCENTILE_WINDOWS)) {
      for (int m = 0; m < windows; m++) {
        SketchAccumulator accumulator = new SketchAccumulator(0.01);
        for (int i = 0; i <= m % 7; i++) {
          accumulator.add(10 + i);
        }
        countSum += accumulator.stats().count();
        insert.accept(
            PercentileWindowMapper.toWindow(
                "seeded",
                "latency_ms",
                MetricKind.LATENCY_SAMPLE,
                T0.plus(Duration.ofMinutes(m)),
                T0.plus(Duration.ofMinutes(m + 1)),
                accumulator));
      }
      assertThat(insert.inserted()).isEqualTo(DirectInsert.BATCH_ROWS);
    }
    try (Connection connection = ClickHouseConnections.open(clickhouse)) {
      assertThat(scalar(connection, "SELECT count() FROM it_direct.percentile_windows FINAL"))
          .isEqualTo(windows);
      assertThat(
              scalar(connection, "SELECT toUInt64(sum(count)) FROM it_direct.percentile_windows"))
          .isEqualTo(countSum);
    }
  }

  private static MetricEvent labelledEvent(String id, boolean labelled) {
    return MetricEvent.newBuilder()
        .setEventId(id)
        .setService("checkout")
        .setInstance("pod-1")
        .setMetric("cpu_percent")
        .setKind(MetricKind.GAUGE)
        .setValue(50)
        .setUnit("percent")
        .setEventTime(T0)
        .setLabels(labelled ? Map.of("region", "eu") : Map.of())
        .build();
  }

  private static void produceEvents(StackEndpoints stack, String topic, int events, Duration pause)
      throws Exception {
    TopicSetup.ensure(stack.bootstrapServers(), Map.of(topic, 1), (short) 1);
    try (MetricsProducer producer =
        new MetricsProducer(new ProducerSettings(stack.bootstrapServers(), topic))) {
      for (int i = 0; i < events; i++) {
        producer.send(
            MetricEvent.newBuilder()
                .setEventId(topic + "-" + i)
                .setService("checkout")
                .setInstance("pod-1")
                .setMetric("cpu_percent")
                .setKind(MetricKind.GAUGE)
                .setValue(i % 100)
                .setUnit("percent")
                .setEventTime(T0.plusSeconds(i))
                .build());
        if (!pause.isZero()) {
          producer.flush();
          Thread.sleep(pause.toMillis());
        }
      }
    }
  }

  @Test
  void retention_dropsExpiredDayPartitions_onServersWithoutTtl(StackEndpoints stack)
      throws SQLException {
    ClickHouseSettings settings =
        ClickHouseSettings.local(stack.clickhouseJdbcUrl()).withDatabase("it_retention");
    try (Connection connection = ClickHouseConnections.open(settings)) {
      Migrations.apply(connection, settings);
      try (var statement = connection.createStatement()) {
        statement.execute(
            "INSERT INTO it_retention.percentile_windows (service, metric, window_start, window_end) "
                + "SELECT 'old', 'cpu', toDateTime('2020-01-01 00:00:00'), toDateTime('2020-01-01 00:01:00')");
        statement.execute(
            "INSERT INTO it_retention.percentile_windows (service, metric, window_start, window_end) "
                + "SELECT 'new', 'cpu', now(), now()");
      }
      int dropped =
          Retention.dropExpiredPartitions(
              connection, "it_retention", LocalDate.now().minusDays(30));

      assertThat(dropped).isEqualTo(1);
      assertThat(
              QueryCatalogue.run(connection, "SELECT service FROM it_retention.percentile_windows"))
          .extracting(row -> row.get("service"))
          .containsExactly("new");
    }
  }

  static long scalar(Connection connection, String sql) throws SQLException {
    return ((Number) QueryCatalogue.run(connection, sql).get(0).values().iterator().next())
        .longValue();
  }
}
