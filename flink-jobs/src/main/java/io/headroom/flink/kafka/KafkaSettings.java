package io.headroom.flink.kafka;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * How the jobs reach Kafka.
 *
 * @param bootstrapServers {@code host:port[,host:port]}
 * @param clientProperties extra Kafka client properties for sources and sinks (security, timeouts)
 * @param guarantee EXACTLY_ONCE (default: transactional sinks, committed on checkpoints) or
 *     AT_LEAST_ONCE for brokers without transactions
 * @param transactionTimeout producer {@code transaction.timeout.ms}; must not exceed the broker's
 *     {@code transaction.max.timeout.ms} (15 min by default) and must outlast a checkpoint interval
 *     plus a restart
 */
public record KafkaSettings(
    String bootstrapServers,
    Map<String, String> clientProperties,
    DeliveryGuarantee guarantee,
    Duration transactionTimeout)
    implements Serializable {

  public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

  public KafkaSettings {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrap: missing, must be host:port");
    }
    for (String server : bootstrapServers.split(",")) {
      if (!server.strip().matches("[^:\\s]+:\\d{1,5}")) {
        throw new IllegalArgumentException("bootstrap: '" + server.strip() + "' must be host:port");
      }
    }
    clientProperties = Map.copyOf(clientProperties == null ? Map.of() : clientProperties);
    guarantee = guarantee == null ? DeliveryGuarantee.EXACTLY_ONCE : guarantee;
    if (guarantee == DeliveryGuarantee.NONE) {
      throw new IllegalArgumentException(
          "delivery: NONE is not allowed, use EXACTLY_ONCE or AT_LEAST_ONCE");
    }
    transactionTimeout =
        transactionTimeout == null ? DEFAULT_TRANSACTION_TIMEOUT : transactionTimeout;
    if (transactionTimeout.isNegative() || transactionTimeout.isZero()) {
      throw new IllegalArgumentException(
          "transaction-timeout: " + transactionTimeout + " must be > 0");
    }
  }

  public static KafkaSettings of(String bootstrapServers) {
    return new KafkaSettings(
        bootstrapServers, Map.of(), DeliveryGuarantee.EXACTLY_ONCE, DEFAULT_TRANSACTION_TIMEOUT);
  }

  public Properties clientProperties(Properties base) {
    Properties properties = new Properties();
    properties.putAll(base);
    properties.putAll(clientProperties);
    return properties;
  }

  /** The client properties with secrets masked, for the start-up log line. */
  public Map<String, String> maskedProperties() {
    Map<String, String> masked = new TreeMap<>();
    clientProperties.forEach(
        (key, value) ->
            masked.put(
                key,
                key.contains("password") || key.contains("jaas") || key.contains("secret")
                    ? "****"
                    : value));
    return masked;
  }
}
