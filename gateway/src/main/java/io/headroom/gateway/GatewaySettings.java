package io.headroom.gateway;

import io.headroom.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The gateway's settings, validated once.
 *
 * @param listenHost address to bind, 127.0.0.1 by default; 0.0.0.0 to accept from other hosts
 * @param port TCP port, 0 for any free one
 * @param bearerToken the token clients must send as {@code Authorization: Bearer ...}, or null for
 *     none
 * @param maxInFlightRecords records produced and not yet acknowledged, over all requests, beyond
 *     which a request is answered 503 (its memory bound: about 300 bytes per record)
 * @param maxBodyBytes largest compressed body read; the decompressed limit is 8 times this
 * @param retryAfter the {@code Retry-After} of a 503
 * @param ackTimeout how long a request waits for the broker's acknowledgements before a 503; below
 *     Prometheus' {@code remote_timeout} (30 s by default)
 * @param producerOverrides Kafka client properties (security, timeouts, tuning), applied last to
 *     the producers, the OTLP consumer and the broker check alike
 * @param otlpTopic the topic the OpenTelemetry Collector's Kafka exporter writes ({@code
 *     otlp_proto} encoding), consumed when set; null for no consumer
 * @param otlpGroup the consumer group reading {@code otlpTopic}
 * @param relativeAccuracy of the DDSketches made from histograms: the percentile app's, so its
 *     windows merge them exactly
 */
public record GatewaySettings(
    String bootstrapServers,
    String topic,
    String listenHost,
    int port,
    String bearerToken,
    int maxInFlightRecords,
    int maxBodyBytes,
    Duration retryAfter,
    Duration ackTimeout,
    Map<String, Object> producerOverrides,
    String otlpTopic,
    String otlpGroup,
    double relativeAccuracy) {
  /** The topic the Collector's Kafka exporter writes metrics to by default. */
  public static final String DEFAULT_OTLP_TOPIC = "otlp_metrics";

  public GatewaySettings {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrap.servers must be set");
    }
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("topic must be set");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " must be in [0, 65535]");
    }
    if (bearerToken != null && bearerToken.isBlank()) {
      throw new IllegalArgumentException("token: must not be blank when given");
    }
    if (maxInFlightRecords < 1) {
      throw new IllegalArgumentException("max-in-flight: " + maxInFlightRecords + " must be >= 1");
    }
    if (maxBodyBytes < 1 || maxBodyBytes > 256 * 1024 * 1024) {
      throw new IllegalArgumentException(
          "max-body-bytes: " + maxBodyBytes + " must be in [1, 268435456]");
    }
    if (retryAfter.isNegative() || ackTimeout.isNegative() || ackTimeout.isZero()) {
      throw new IllegalArgumentException(
          "retryAfter must be >= 0 and ackTimeout > 0, were " + retryAfter + " and " + ackTimeout);
    }
    producerOverrides = Map.copyOf(producerOverrides);
    if (otlpTopic != null && otlpTopic.isBlank()) {
      throw new IllegalArgumentException("otlp-topic: must not be blank when given");
    }
    if (otlpGroup == null || otlpGroup.isBlank()) {
      throw new IllegalArgumentException("otlp-group: must be set");
    }
    if (!(relativeAccuracy > 0 && relativeAccuracy < 1)) {
      throw new IllegalArgumentException(
          "relative-accuracy: " + relativeAccuracy + " must be in (0, 1)");
    }
  }

  /**
   * Defaults: {@code metrics.raw}, 127.0.0.1:9201, no token, 100,000 records in flight (what one
   * default Prometheus can have outstanding: 50 shards of 2,000 samples, or 200 of 500 before
   * 2.44), 16 MiB bodies.
   */
  public static GatewaySettings defaults(String bootstrapServers) {
    return new GatewaySettings(
        bootstrapServers,
        Topics.METRICS_RAW,
        "127.0.0.1",
        9201,
        null,
        100_000,
        16 * 1024 * 1024,
        Duration.ofSeconds(1),
        Duration.ofSeconds(25),
        Map.of(),
        null,
        "headroom-gateway-otlp",
        0.01);
  }

  public GatewaySettings withPort(int newPort) {
    return new GatewaySettings(
        bootstrapServers,
        topic,
        listenHost,
        newPort,
        bearerToken,
        maxInFlightRecords,
        maxBodyBytes,
        retryAfter,
        ackTimeout,
        producerOverrides,
        otlpTopic,
        otlpGroup,
        relativeAccuracy);
  }

  public GatewaySettings withBearerToken(String token) {
    return new GatewaySettings(
        bootstrapServers,
        topic,
        listenHost,
        port,
        token,
        maxInFlightRecords,
        maxBodyBytes,
        retryAfter,
        ackTimeout,
        producerOverrides,
        otlpTopic,
        otlpGroup,
        relativeAccuracy);
  }

  public GatewaySettings withMaxInFlightRecords(int records) {
    return new GatewaySettings(
        bootstrapServers,
        topic,
        listenHost,
        port,
        bearerToken,
        records,
        maxBodyBytes,
        retryAfter,
        ackTimeout,
        producerOverrides,
        otlpTopic,
        otlpGroup,
        relativeAccuracy);
  }

  /** These Kafka client properties over the defaults, for every client the gateway makes. */
  public GatewaySettings withKafkaProperties(Map<String, ?> properties) {
    Map<String, Object> merged = new HashMap<>(producerOverrides);
    merged.putAll(properties);
    return new GatewaySettings(
        bootstrapServers,
        topic,
        listenHost,
        port,
        bearerToken,
        maxInFlightRecords,
        maxBodyBytes,
        retryAfter,
        ackTimeout,
        merged,
        otlpTopic,
        otlpGroup,
        relativeAccuracy);
  }

  /** Consumes the Collector's {@code otlp_proto} messages from {@code topic} with this group. */
  public GatewaySettings withOtlpTopic(String topic, String group) {
    return new GatewaySettings(
        bootstrapServers,
        this.topic,
        listenHost,
        port,
        bearerToken,
        maxInFlightRecords,
        maxBodyBytes,
        retryAfter,
        ackTimeout,
        producerOverrides,
        topic,
        group == null ? otlpGroup : group,
        relativeAccuracy);
  }

  /**
   * A manual-commit consumer of the OTLP topic: offsets are committed only after the events made
   * from them were acknowledged (at least once). A new group starts at the earliest offset, so
   * messages written before the gateway's first start are read too.
   */
  Properties otlpConsumerProperties() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, otlpGroup);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.putAll(producerOverrides);
    return p;
  }

  /** The producer of dead letters: the OTLP message's own key and value bytes. */
  Properties deadLetterProducerProperties() {
    Properties p = kafkaProperties();
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }

  /**
   * Durable (idempotent, {@code acks=all}) like the ingest library, with its 20 ms linger: a
   * request waits up to that much longer for its acks, and the broker's CPU per record fell to a
   * third of what a 5 ms linger cost it (1.0 to 0.3 us on the bench's (e)).
   */
  public Properties kafkaProperties() {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(ackTimeout.toMillis(), 10_005));
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.putAll(producerOverrides);
    Properties properties = new Properties();
    properties.putAll(p);
    return properties;
  }

  /** What a client needs to reach the broker: the address and any security overrides. */
  Properties brokerCheckProperties() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.putAll(producerOverrides);
    return p;
  }

  /** One line for the start-up log, the token masked. */
  String summary() {
    return "listen="
        + listenHost
        + ":"
        + port
        + " bootstrap.servers="
        + bootstrapServers
        + " topic="
        + topic
        + " token="
        + (bearerToken == null ? "none" : "****")
        + " max-in-flight="
        + maxInFlightRecords
        + " max-body-bytes="
        + maxBodyBytes
        + " otlp-topic="
        + (otlpTopic == null ? "none" : otlpTopic + " (group " + otlpGroup + ")")
        + " relative-accuracy="
        + relativeAccuracy
        // Names only: values such as sasl.jaas.config hold secrets.
        + " kafka-properties="
        + (producerOverrides.isEmpty()
            ? "none"
            : new java.util.TreeSet<>(producerOverrides.keySet()));
  }
}
