package io.headroom.scaler;

import io.headroom.schemas.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the scaler needs to run.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param topic the scaling commands topic ({@link Topics#SCALING_COMMANDS})
 * @param kafkaProperties extra Kafka client settings (SASL, TLS), already validated
 * @param port the gRPC port; 0 picks a free one (tests)
 * @param staleAfter the age past which a command no longer counts
 */
public record ScalerSettings(
    String bootstrapServers,
    String topic,
    Map<String, String> kafkaProperties,
    int port,
    Duration staleAfter) {
  public ScalerSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(topic, "topic");
    kafkaProperties = Map.copyOf(kafkaProperties);
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port: " + port + " must be within 0..65535");
    }
    Objects.requireNonNull(staleAfter, "staleAfter");
  }

  /** The defaults for a broker: {@code scaling.commands}, port 9090, stale after 2 minutes. */
  public static ScalerSettings of(String bootstrapServers) {
    return new ScalerSettings(
        bootstrapServers, Topics.SCALING_COMMANDS, Map.of(), 9090, Duration.ofMinutes(2));
  }

  public ScalerSettings withPort(int port) {
    return new ScalerSettings(bootstrapServers, topic, kafkaProperties, port, staleAfter);
  }

  public ScalerSettings withTopic(String topic) {
    return new ScalerSettings(bootstrapServers, topic, kafkaProperties, port, staleAfter);
  }

  public ScalerSettings withStaleAfter(Duration staleAfter) {
    return new ScalerSettings(bootstrapServers, topic, kafkaProperties, port, staleAfter);
  }

  public ScalerSettings withKafkaProperties(Map<String, String> kafkaProperties) {
    return new ScalerSettings(bootstrapServers, topic, kafkaProperties, port, staleAfter);
  }
}
