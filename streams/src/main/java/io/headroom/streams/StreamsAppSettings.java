package io.headroom.streams;

import io.headroom.schemas.Topics;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * What every Headroom Kafka Streams app's settings share ({@link StreamsSettings} for the
 * percentiles, {@code AlertSettings} for the alerts): standard Kafka Streams properties plus the
 * {@code headroom.*} keys for the topics and the store, read the same way, and the Streams
 * configuration they start from.
 */
public interface StreamsAppSettings {
  String INPUT_TOPIC = "headroom.topic.input";
  String OUTPUT_TOPIC = "headroom.topic.output";

  /**
   * The dead-letter topic; by default {@code <input topic>.dlq} ({@link Topics#deadLetterTopic}).
   */
  String DLQ_TOPIC = "headroom.topic.dlq";

  /** {@code in-memory} or {@code rocksdb}. */
  String STORE = "headroom.store";

  /** Every property given, {@code headroom.*} keys included. */
  Properties kafka();

  String deadLetterTopic();

  /**
   * Kafka Streams configuration: the given properties without the {@code headroom.*} keys, plus
   * exactly-once v2, the dead-letter topic for records that do not decode (continuing after them)
   * and the broker's default replication factor, unless overridden.
   */
  default Properties streamsConfig() {
    Properties config = new Properties();
    kafka().stringPropertyNames().stream()
        .filter(key -> !key.startsWith("headroom."))
        .forEach(key -> config.setProperty(key, kafka().getProperty(key)));
    config.putIfAbsent(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    config.putIfAbsent(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, deadLetterTopic());
    config.putIfAbsent(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndContinueExceptionHandler.class.getName());
    config.putIfAbsent(StreamsConfig.REPLICATION_FACTOR_CONFIG, "-1");
    return config;
  }

  /**
   * A copy of {@code properties} with a default application id; the bootstrap servers must be set.
   */
  static Properties kafkaProperties(Properties properties, String defaultApplicationId) {
    Properties kafka = new Properties();
    kafka.putAll(properties);
    kafka.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, defaultApplicationId);
    if (kafka.getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
      throw new IllegalArgumentException(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG + ": must be set");
    }
    return kafka;
  }

  /** {@value #DLQ_TOPIC}, by default the input topic's dead-letter topic. */
  static String deadLetterTopic(Properties properties, String inputTopic) {
    return properties.getProperty(DLQ_TOPIC, Topics.deadLetterTopic(inputTopic));
  }

  /**
   * {@value #STORE}: whether state stores live in memory (restored from their changelogs) rather
   * than RocksDB.
   */
  static boolean inMemoryStores(Properties properties, String defaultStore) {
    String value = properties.getProperty(STORE, defaultStore);
    return switch (value.strip()) {
      case "rocksdb" -> false;
      case "in-memory" -> true;
      default ->
          throw new IllegalArgumentException(
              STORE + ": '" + value + "' must be rocksdb or in-memory");
    };
  }
}
