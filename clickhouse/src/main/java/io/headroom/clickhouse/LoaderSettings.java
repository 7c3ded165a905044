package io.headroom.clickhouse;

import java.time.Duration;
import java.util.Map;

/**
 * @param batchRows insert when this many rows are pending
 * @param linger or when the oldest pending row has waited this long; the last rows of a backlog
 *     (more records than one poll returns) are inserted as soon as they are read
 * @param workersPerTopic consumers (each with its own connection and thread) sharing a topic's
 *     partitions: one decodes and binds while another's insert is in flight
 * @param kafkaProperties extra Kafka client properties for the loader's consumers and its
 *     dead-letter producer (SASL, TLS, timeouts); the ones the loader's guarantees rest on (manual
 *     commits, read_committed, byte-array records) cannot be overridden
 */
public record LoaderSettings(
    String bootstrapServers,
    String groupId,
    ClickHouseSettings clickhouse,
    int batchRows,
    Duration linger,
    int workersPerTopic,
    Map<String, String> kafkaProperties) {
  public static final int DEFAULT_WORKERS_PER_TOPIC = 2;

  public LoaderSettings {
    kafkaProperties = Map.copyOf(kafkaProperties);
    Secrets.registerSecretValues(kafkaProperties);
    if (batchRows < 1) {
      throw new IllegalArgumentException("loader batch rows: " + batchRows + " must be >= 1");
    }
    if (linger.isNegative()) {
      throw new IllegalArgumentException("loader linger: " + linger + " must be >= 0");
    }
    if (workersPerTopic < 1) {
      throw new IllegalArgumentException(
          "loader workers per topic: " + workersPerTopic + " must be >= 1");
    }
  }

  public LoaderSettings(
      String bootstrapServers,
      String groupId,
      ClickHouseSettings clickhouse,
      int batchRows,
      Duration linger,
      int workersPerTopic) {
    this(bootstrapServers, groupId, clickhouse, batchRows, linger, workersPerTopic, Map.of());
  }

  public LoaderSettings(
      String bootstrapServers,
      String groupId,
      ClickHouseSettings clickhouse,
      int batchRows,
      Duration linger) {
    this(bootstrapServers, groupId, clickhouse, batchRows, linger, DEFAULT_WORKERS_PER_TOPIC);
  }

  public static LoaderSettings defaults(String bootstrapServers, ClickHouseSettings clickhouse) {
    return new LoaderSettings(
        bootstrapServers, "headroom-loader", clickhouse, 20_000, Duration.ofSeconds(1));
  }

  public LoaderSettings withKafkaProperties(Map<String, String> properties) {
    return new LoaderSettings(
        bootstrapServers, groupId, clickhouse, batchRows, linger, workersPerTopic, properties);
  }

  /** Never the secrets: the Kafka properties masked, the ClickHouse settings' own masking. */
  @Override
  public String toString() {
    return "LoaderSettings[bootstrap="
        + bootstrapServers
        + ", group="
        + groupId
        + ", clickhouse="
        + clickhouse
        + ", batchRows="
        + batchRows
        + ", linger="
        + linger
        + ", workersPerTopic="
        + workersPerTopic
        + ", kafka="
        + Secrets.masked(kafkaProperties)
        + "]";
  }
}
