package io.headroom.bench;

import io.headroom.streams.StreamsSettings;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What the benchmark measures on, checked before any server starts. Each message names the field,
 * which is the {@code ./headroom bench} option of the same name.
 *
 * @param events events per measurement (at least 1000)
 * @param services services the events are spread over; events are keyed by service and a partition
 *     is processed by one thread, so with few services the partitions get very unequal shares (20
 *     services over 4 partitions: 55/30/9/5 %), which caps (b) and (c)
 * @param partitions partitions of the benchmark topics
 * @param rounds measured repetitions of each measurement after its warm-up runs; the medians are
 *     reported
 * @param streamsProperties Kafka Streams or {@code headroom.*} properties for (b)
 * @param stackDir folder of the benchmark's local stack, removed afterwards if the bench created it
 */
public record BenchSettings(
    int events,
    int services,
    int partitions,
    int rounds,
    Map<String, String> streamsProperties,
    Path stackDir) {

  public BenchSettings {
    if (events < 1000) {
      throw new IllegalArgumentException("events: " + events + " must be >= 1000");
    }
    atLeastOne(services, "services");
    atLeastOne(partitions, "partitions");
    atLeastOne(rounds, "rounds");
    streamsProperties = Collections.unmodifiableMap(new LinkedHashMap<>(streamsProperties));
    checkStreamsProperties(streamsProperties);
  }

  private static void atLeastOne(int value, String field) {
    if (value < 1) {
      throw new IllegalArgumentException(field + ": " + value + " must be >= 1");
    }
  }

  /** A bad Streams property fails now, not minutes later when (b) starts. */
  private static void checkStreamsProperties(Map<String, String> streamsProperties) {
    Properties properties = new Properties();
    properties.setProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
    properties.putAll(streamsProperties);
    try {
      new StreamsConfig(StreamsSettings.fromProperties(properties).streamsConfig());
    } catch (ConfigException e) {
      throw new IllegalArgumentException("streams-property: " + e.getMessage(), e);
    }
  }
}
