package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.clickhouse.ClickHouseConnections;
import io.headroom.clickhouse.ClickHouseSettings;
import io.headroom.clickhouse.Migrations;
import io.headroom.ingest.TopicSetup;
import io.headroom.stack.LocalStackExtension;
import io.headroom.stack.StackEndpoints;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./headroom status} against a real broker and ClickHouse: lag, dead letters, freshness. */
@ExtendWith(LocalStackExtension.class)
class StatusCommandIT {
  static final String DATABASE = "it_status";

  @Test
  void status_printsLagDeadLettersAndFreshness_andExits1WhenAServiceStopped(
      StackEndpoints stack, @TempDir Path dir) throws Exception {
    String bootstrap = stack.bootstrapServers();
    TopicSetup.ensure(bootstrap, Map.of("it.status.in", 1, "it.status.in.dlq", 1), (short) 1);
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", bootstrap),
            new StringSerializer(),
            new StringSerializer())) {
      for (int i = 0; i < 10; i++) {
        producer.send(new ProducerRecord<>("it.status.in", "k", "v" + i));
      }
      producer.send(new ProducerRecord<>("it.status.in.dlq", "k", "bad"));
      producer.send(new ProducerRecord<>("it.status.in.dlq", "k", "bad"));
      producer.flush();
    }
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of("bootstrap.servers", bootstrap, "group.id", "it-status-group"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.commitSync(Map.of(new TopicPartition("it.status.in", 0), new OffsetAndMetadata(3)));
    }
    ClickHouseSettings clickhouse =
        ClickHouseSettings.local(stack.clickhouseJdbcUrl()).withDatabase(DATABASE);
    try (Connection c = ClickHouseConnections.open(clickhouse);
        Statement statement = c.createStatement()) {
      Migrations.apply(c, clickhouse);
      statement.execute(
          "INSERT INTO "
              + DATABASE
              + ".percentile_windows (service, metric, window_start, window_end)"
              + " SELECT 'fresh', 'requests', now() - 60, now()");
    }

    ReportFixtures.CliRun fine = status(stack, dir);
    assertThat(fine.exit()).as(fine.out() + fine.err()).isZero();
    assertThat(fine.out())
        .containsPattern("group it-status-group +lag 7 over 1 partitions")
        .containsPattern("dead letters it.status.in.dlq +2 records")
        .contains("service fresh")
        .contains("Flink: no session cluster")
        .endsWith("OK\n");

    try (Connection c = ClickHouseConnections.open(clickhouse);
        Statement statement = c.createStatement()) {
      statement.execute(
          "INSERT INTO "
              + DATABASE
              + ".percentile_windows (service, metric, window_start, window_end)"
              + " SELECT 'stopped', 'requests', now() - 3660, now() - 3600");
    }
    ReportFixtures.CliRun stale = status(stack, dir);
    assertThat(stale.exit()).isEqualTo(1);
    assertThat(stale.out())
        .contains("STALE stopped: no window since")
        .doesNotContain("STALE fresh");
  }

  private static ReportFixtures.CliRun status(StackEndpoints stack, Path dir) {
    return ReportFixtures.runCli(
        List.of(
                "status",
                "--bootstrap",
                stack.bootstrapServers(),
                "--clickhouse",
                stack.clickhouseJdbcUrl(),
                "--database",
                DATABASE,
                "--stack-dir",
                dir.toString(),
                "--stale-after",
                "10m")
            .toArray(String[]::new));
  }
}
