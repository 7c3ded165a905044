package io.headroom.ingest;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Producer configuration: durable by default (idempotent, {@code acks=all}), batched and compressed
 * for throughput. {@code overrides} are standard Kafka producer properties.
 */
public record ProducerSettings(
    String bootstrapServers, String topic, Map<String, Object> overrides) {
  public ProducerSettings {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrap.servers must be set");
    }
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("topic must be set");
    }
    overrides = Map.copyOf(overrides);
  }

  public ProducerSettings(String bootstrapServers, String topic) {
    this(bootstrapServers, topic, Map.of());
  }

  /**
   * What any Kafka client of these settings needs, without the producer's own keys: the bootstrap
   * servers and the overrides' security settings ({@code security.*}, {@code sasl.*}, {@code
   * ssl.*}).
   */
  Properties clientProperties() {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    overrides.forEach(
        (key, value) -> {
          if (key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
            properties.put(key, value);
          }
        });
    return properties;
  }

  Properties kafkaProperties() {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.putAll(overrides);
    Properties properties = new Properties();
    properties.putAll(p);
    return properties;
  }
}
