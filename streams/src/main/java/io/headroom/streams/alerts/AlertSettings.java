package io.headroom.streams.alerts;

import io.headroom.core.alerts.AlertRules;
import io.headroom.schemas.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * The alerts app's settings: standard Kafka Streams properties plus Headroom's keys. Parsed and
 * validated once at start-up, rules file included; a bad value is a one-line error naming the key
 * (and, for the rules file, the field inside it).
 *
 * @param rulesSource where the rules came from (a path, or "built-in defaults"), for the start-up log
 * @param inMemoryStores keep the per-service alert state in memory (restored from the changelog) instead of RocksDB
 */
public record AlertSettings(
    Properties kafka,
    String inputTopic,
    String outputTopic,
    String deadLetterTopic,
    AlertRules rules,
    String rulesSource,
    boolean inMemoryStores) {

  public static final String RULES = "headroom.alerts.rules";
  public static final String INPUT_TOPIC = "headroom.topic.input";
  public static final String OUTPUT_TOPIC = "headroom.topic.output";
  public static final String DLQ_TOPIC = "headroom.topic.dlq";
  public static final String STORE = "headroom.store";

  /** Reads settings from properties; without {@value #RULES} the built-in default rules apply. */
  public static AlertSettings fromProperties(Properties properties) {
    Properties kafka = new Properties();
    kafka.putAll(properties);
    kafka.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, "headroom-alerts");
    if (kafka.getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
      throw new IllegalArgumentException(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG + ": must be set");
    }
    String rulesFile = properties.getProperty(RULES);
    AlertRules rules = rulesFile == null ? AlertRules.defaults() : readRules(Path.of(rulesFile));
    String input = properties.getProperty(INPUT_TOPIC, Topics.METRICS_WINDOWS);
    return new AlertSettings(
        kafka,
        input,
        properties.getProperty(OUTPUT_TOPIC, Topics.ALERTS),
        properties.getProperty(DLQ_TOPIC, input + ".dlq"),
        rules,
        rulesFile == null ? "built-in defaults" : rulesFile,
        parseStore(properties.getProperty(STORE, "rocksdb")));
  }

  /** Reads and validates a rules file; the error names the key, the file and the field. */
  public static AlertRules readRules(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(RULES + ": cannot read " + file + " (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
    }
    try {
      return AlertRules.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** Kafka Streams configuration: exactly-once v2 and the dead-letter topic unless overridden. */
  public Properties streamsConfig() {
    Properties config = new Properties();
    kafka.stringPropertyNames().stream()
        .filter(key -> !key.startsWith("headroom."))
        .forEach(key -> config.setProperty(key, kafka.getProperty(key)));
    config.putIfAbsent(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    config.putIfAbsent(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, deadLetterTopic);
    config.putIfAbsent(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndContinueExceptionHandler.class.getName());
    config.putIfAbsent(StreamsConfig.REPLICATION_FACTOR_CONFIG, "-1");
    return config;
  }

  private static boolean parseStore(String value) {
    return switch (value.strip()) {
      case "rocksdb" -> false;
      case "in-memory" -> true;
      default -> throw new IllegalArgumentException(STORE + ": '" + value + "' must be rocksdb or in-memory");
    };
  }
}
