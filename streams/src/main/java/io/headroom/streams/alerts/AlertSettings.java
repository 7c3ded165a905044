package io.headroom.streams.alerts;

import io.headroom.core.alerts.AlertRules;
import io.headroom.schemas.Topics;
import io.headroom.streams.StreamsAppSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The alerts app's settings: standard Kafka Streams properties plus Headroom's keys (the shared
 * ones in {@link StreamsAppSettings}). Parsed and validated once at start-up, rules file included;
 * a bad value is a one-line error naming the key (and, for the rules file, the field inside it).
 *
 * @param rulesSource where the rules came from (a path, or "built-in defaults"), for the start-up
 *     log
 * @param inMemoryStores keep the per-service alert state in memory (restored from the changelog)
 *     instead of RocksDB
 */
public record AlertSettings(
    Properties kafka,
    String inputTopic,
    String outputTopic,
    String deadLetterTopic,
    AlertRules rules,
    String rulesSource,
    boolean inMemoryStores)
    implements StreamsAppSettings {

  public static final String RULES = "headroom.alerts.rules";

  /** Reads settings from properties; without {@value #RULES} the built-in default rules apply. */
  public static AlertSettings fromProperties(Properties properties) {
    Properties kafka = StreamsAppSettings.kafkaProperties(properties, "headroom-alerts");
    String rulesFile = properties.getProperty(RULES);
    AlertRules rules = rulesFile == null ? AlertRules.defaults() : readRules(Path.of(rulesFile));
    String input = properties.getProperty(INPUT_TOPIC, Topics.METRICS_WINDOWS);
    return new AlertSettings(
        kafka,
        input,
        properties.getProperty(OUTPUT_TOPIC, Topics.ALERTS),
        StreamsAppSettings.deadLetterTopic(properties, input),
        rules,
        rulesFile == null ? "built-in defaults" : rulesFile,
        StreamsAppSettings.inMemoryStores(properties, "rocksdb"));
  }

  /** Reads and validates a rules file; the error names the key, the file and the field. */
  public static AlertRules readRules(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          RULES
              + ": cannot read "
              + file
              + " ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + ")");
    }
    try {
      return AlertRules.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }
}
