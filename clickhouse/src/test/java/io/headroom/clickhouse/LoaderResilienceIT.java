package io.headroom.clickhouse;

import static io.headroom.clickhouse.ClickHouseLoaderIT.scalar;
import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.ingest.MetricsProducer;
import io.headroom.ingest.ProducerSettings;
import io.headroom.ingest.TopicSetup;
import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.MetricEvent;
import io.headroom.schemas.MetricKind;
import io.headroom.stack.BrokerJars;
import io.headroom.stack.FaultReport;
import io.headroom.stack.LocalStack;
import io.headroom.stack.LocalStackExtension;
import io.headroom.stack.StackEndpoints;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Faults a running loader must ride out, or report: a broker that stops answering for longer than
 * every client timeout, a worker that must die, rows the percentile app refuses.
 */
@ExtendWith(LocalStackExtension.class)
class LoaderResilienceIT {
  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

  @Test
  @Tag("fault")
  void aBrokerPaused75sDuringABacklog_losesNothing_duplicatesNothing_andEveryWorkerLives(
      StackEndpoints stack) throws Exception {
    String topic = "it.resilience.raw";
    int events = 150_000;
    double recovered;
    TopicSetup.ensure(stack.bootstrapServers(), Map.of(topic, 2), (short) 1);
    produce(stack, topic, 0, events, i -> i % 100);
    ClickHouseSettings clickhouse =
        ClickHouseSettings.local(stack.clickhouseJdbcUrl()).withDatabase("it_resilience");
    LoaderSettings settings =
        new LoaderSettings(
            stack.bootstrapServers(), "resilience", clickhouse, 5_000, Duration.ofMillis(200), 2);
    try (ClickHouseLoader loader =
            ClickHouseLoader.start(settings, Map.of(topic, Rows.METRIC_EVENTS));
        Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
      assertThat(
              ClickHouseLoader.await(
                  () -> loader.recordsLoaded("metric_events") >= 5_000, Duration.ofSeconds(60)))
          .isTrue();
      long beforePause = loader.recordsLoaded("metric_events");
      assertThat(beforePause).as("still a backlog when the broker stops").isLessThan(events);

      // Longer than the consumers' 60 s API timeout (commitSync, committed) and their 45 s session.
      signal("STOP", stack.kafkaPid());
      try {
        Thread.sleep(Duration.ofSeconds(75).toMillis());
        assertThat(loader.health()).as("during the pause").isEqualTo(WorkerHealth.DEGRADED);
      } finally {
        signal("CONT", stack.kafkaPid());
      }
      long resumed = System.nanoTime();

      String group = "resilience-metric_events";
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
      recovered = (System.nanoTime() - resumed) / 1e9;
      assertThat(loader.workersAlive()).isEqualTo(2);
      assertThat(loader.degradations()).as("the pause was felt").isPositive();
      assertThat(loader.failure()).isEmpty();
    }
    try (Connection connection = ClickHouseConnections.open(clickhouse)) {
      long rows = scalar(connection, "SELECT count() FROM it_resilience.metric_events FINAL");
      long distinct =
          scalar(connection, "SELECT uniqExact(event_id) FROM it_resilience.metric_events");
      FaultReport.record(
          "broker paused 75 s during a loader backlog",
          events,
          events - distinct,
          rows - distinct,
          recovered);
      assertThat(rows).isEqualTo(events);
      assertThat(distinct).isEqualTo(events);
    }
  }

  @Test
  @Tag("fault")
  void clickHouseKilledAndBackAMinuteLater_duringABacklog_losesNothing_duplicatesNothing(
      StackEndpoints stack) throws Exception {
    String topic = "it.resilience.clickhouse";
    int events = 60_000;
    double recovered;
    TopicSetup.ensure(stack.bootstrapServers(), Map.of(topic, 2), (short) 1);
    produce(stack, topic, 0, events, i -> i % 100);
    ClickHouseSettings clickhouse =
        ClickHouseSettings.local(stack.clickhouseJdbcUrl()).withDatabase("it_clickhouse_down");
    LoaderSettings settings =
        new LoaderSettings(
            stack.bootstrapServers(), "chdown", clickhouse, 2_000, Duration.ofMillis(200), 2);
    try (ClickHouseLoader loader =
            ClickHouseLoader.start(settings, Map.of(topic, Rows.METRIC_EVENTS));
        Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
      assertThat(
              ClickHouseLoader.await(
                  () -> loader.recordsLoaded("metric_events") >= 2_000, Duration.ofSeconds(60)))
          .isTrue();
      assertThat(loader.recordsLoaded("metric_events")).isLessThan(events);

      signal("KILL", stack.clickhousePid());
      Thread.sleep(Duration.ofSeconds(60).toMillis());
      assertThat(loader.health()).as("while ClickHouse is gone").isEqualTo(WorkerHealth.DEGRADED);
      // What ./headroom up does on a half-dead stack: ClickHouse again, same ports, same data.
      LocalStack.up(stack.dataDir(), BrokerJars.locate(), true);
      long back = System.nanoTime();

      String group = "chdown-metric_events";
      assertThat(
              ClickHouseLoader.await(
                  () -> committed(admin, group, topic) == events, Duration.ofSeconds(180)))
          .as("committed %s of %s", committed(admin, group, topic), events)
          .isTrue();
      assertThat(
              ClickHouseLoader.await(
                  () -> loader.health() == WorkerHealth.HEALTHY, Duration.ofSeconds(60)))
          .isTrue();
      recovered = (System.nanoTime() - back) / 1e9;
      assertThat(loader.workersAlive()).isEqualTo(2);
      assertThat(loader.failure()).isEmpty();
    }
    try (Connection connection = ClickHouseConnections.open(clickhouse)) {
      long rows = scalar(connection, "SELECT count() FROM it_clickhouse_down.metric_events FINAL");
      long distinct =
          scalar(connection, "SELECT uniqExact(event_id) FROM it_clickhouse_down.metric_events");
      FaultReport.record(
          "ClickHouse killed for 60 s during a loader backlog, then up",
          events,
          events - distinct,
          rows - distinct,
          recovered);
      assertThat(rows).isEqualTo(events);
      assertThat(distinct).isEqualTo(events);
    }
  }

  @Test
  void aWorkerThatCannotGoOn_isReportedFailed_notLeftLimping(StackEndpoints stack)
      throws Exception {
    String topic = "it.resilience.poison";
    TopicSetup.ensure(stack.bootstrapServers(), Map.of(topic, 1), (short) 1);
    produce(stack, topic, 0, 10, i -> i);
    ClickHouseSettings clickhouse =
        ClickHouseSettings.local(stack.clickhouseJdbcUrl()).withDatabase("it_poison");
    LoaderSettings settings =
        new LoaderSettings(
            stack.bootstrapServers(), "poison", clickhouse, 100, Duration.ofMillis(200), 1);
    try (ClickHouseLoader loader = ClickHouseLoader.start(settings, Map.of(topic, new Buggy()))) {
      assertThat(
              ClickHouseLoader.await(
                  () -> loader.health() == WorkerHealth.FAILED, Duration.ofSeconds(60)))
          .isTrue();
      assertThat(loader.failure()).hasValueSatisfying(f -> assertThat(f).contains("a bug"));
      assertThat(ClickHouseLoader.await(() -> loader.workersAlive() == 0, Duration.ofSeconds(10)))
          .isTrue();
    }
  }

  @Test
  void eventsThePercentileAppRefuses_doNotEnterMetricEvents_andAreCounted(StackEndpoints stack)
      throws Exception {
    String topic = "it.resilience.refused";
    TopicSetup.ensure(stack.bootstrapServers(), Map.of(topic, 1), (short) 1);
    produce(stack, topic, 0, 100, i -> i);
    try (MetricsProducer producer =
        new MetricsProducer(new ProducerSettings(stack.bootstrapServers(), topic))) {
      producer.send(event(topic + "-nan", T0, Double.NaN, MetricKind.LATENCY_SAMPLE));
      producer.send(event(topic + "-negative", T0, -5, MetricKind.LATENCY_SAMPLE));
      producer.send(
          event(topic + "-ancient", Instant.parse("1995-07-01T00:00:00Z"), 1, MetricKind.GAUGE));
    }
    // The broker refuses a record timestamp that far ahead, so this one is stamped now.
    try (var producer =
        new KafkaProducer<String, byte[]>(
            Map.of("bootstrap.servers", stack.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      MetricEvent future =
          event(topic + "-future", Instant.now().plus(Duration.ofDays(3650)), 1, MetricKind.GAUGE);
      producer
          .send(
              new ProducerRecord<>(
                  topic, "checkout", AvroCodec.of(MetricEvent.class).encode(future)))
          .get();
    }
    ClickHouseSettings clickhouse =
        ClickHouseSettings.local(stack.clickhouseJdbcUrl()).withDatabase("it_refused");
    LoaderSettings settings =
        new LoaderSettings(
            stack.bootstrapServers(), "refused", clickhouse, 1_000, Duration.ofMillis(200), 1);
    try (ClickHouseLoader loader =
        ClickHouseLoader.start(settings, Map.of(topic, Rows.METRIC_EVENTS))) {
      assertThat(
              ClickHouseLoader.await(
                  () ->
                      loader.recordsLoaded("metric_events") == 100
                          && loader.rejected("metric_events") == 4,
                  Duration.ofSeconds(60)))
          .as(
              "loaded %s, refused %s",
              loader.recordsLoaded("metric_events"), loader.rejected("metric_events"))
          .isTrue();
    }
    try (Connection connection = ClickHouseConnections.open(clickhouse)) {
      assertThat(scalar(connection, "SELECT count() FROM it_refused.metric_events FINAL"))
          .isEqualTo(100);
      assertThat(
              scalar(
                  connection,
                  "SELECT count() FROM it_refused.metric_events WHERE NOT isFinite(value)"
                      + " OR value < 0 OR event_time > now() + 3600 OR toYear(event_time) < 2000"))
          .isZero();
    }
  }

  /** Metric events whose mapping throws on the fifth record: a bug no retry fixes. */
  private static final class Buggy implements TableRows<MetricEvent> {
    public Class<MetricEvent> type() {
      return MetricEvent.class;
    }

    public String table() {
      return "metric_events";
    }

    public List<String> columns() {
      return Rows.METRIC_EVENTS.columns();
    }

    public int optionalTrailingColumns() {
      return Rows.METRIC_EVENTS.optionalTrailingColumns();
    }

    public void addRows(MetricEvent record, RowSink sink) throws SQLException {
      if (record.getEventId().toString().endsWith("-4")) {
        throw new IllegalStateException("a bug in the row mapping");
      }
      Rows.METRIC_EVENTS.addRows(record, sink);
    }

    public Optional<String> rejection(MetricEvent record) {
      return Optional.empty();
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

  private static void produce(
      StackEndpoints stack,
      String topic,
      int first,
      int count,
      java.util.function.IntToDoubleFunction value)
      throws Exception {
    try (MetricsProducer producer =
        new MetricsProducer(new ProducerSettings(stack.bootstrapServers(), topic))) {
      for (int i = first; i < first + count; i++) {
        producer.send(
            event(
                topic + "-" + i, T0.plusMillis(10L * i), value.applyAsDouble(i), MetricKind.GAUGE));
      }
    }
  }

  private static MetricEvent event(String id, Instant at, double value, MetricKind kind) {
    return MetricEvent.newBuilder()
        .setEventId(id)
        .setService("service-" + (id.hashCode() & 7))
        .setInstance("pod-1")
        .setMetric(kind == MetricKind.GAUGE ? "cpu_percent" : "latency_ms")
        .setKind(kind)
        .setValue(value)
        .setUnit(kind == MetricKind.GAUGE ? "percent" : "ms")
        .setEventTime(at)
        .build();
  }

  private static void signal(String signal, long pid) throws Exception {
    assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor())
        .isZero();
  }
}
