package io.headroom.core.target;

import io.headroom.core.queue.KafkaLagSettings;
import io.headroom.core.queue.ScaledObject;
import java.time.Duration;

/**
 * A queue target's consumer group, as KEDA's Kafka trigger names it: where the lag is read and the
 * rules it is scaled by.
 *
 * @param bootstrap the brokers to read the lag from ({@code bootstrapServers}); null for the
 *     scaling job's own {@code --bootstrap}
 * @param group the consumer group ({@code consumerGroup})
 * @param topic the topic it reads
 * @param lag KEDA's trigger metadata ({@code lagThreshold}, {@code activationLagThreshold}, ...)
 * @param scaledObject {@code minReplicaCount}, {@code maxReplicaCount}, {@code cooldownPeriod}
 * @param arrivals the arrivals model of the predictive mode, null for KEDA's reactive rule
 */
public record QueueSource(
    String bootstrap,
    String group,
    String topic,
    KafkaLagSettings lag,
    ScaledObject scaledObject,
    Arrivals arrivals) {

  /**
   * How the predictive mode forecasts the arrivals: a {@code Forecasters} model fed the log-end
   * growth per {@code step}.
   */
  public record Arrivals(String model, Duration step) {}

  /** The brokers to read from: this target's own, else {@code defaultBootstrap}. */
  public String bootstrapOr(String defaultBootstrap) {
    return bootstrap != null ? bootstrap : defaultBootstrap;
  }

  /** "group 'workers' on topic 'jobs'". */
  public String describe() {
    return "group '" + group + "' on topic '" + topic + "'";
  }
}
