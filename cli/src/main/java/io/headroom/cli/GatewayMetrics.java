package io.headroom.cli;

import io.headroom.gateway.GatewayStats;
import io.headroom.gateway.mapping.Drop;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Locale;

/**
 * {@code gateway --metrics-port}: the gateway's running totals for Prometheus, the same as its
 * minute line (GatewayStats#summary): requests by outcome, OTLP messages from Kafka, events
 * produced, counter resets and samples dropped by reason.
 */
final class GatewayMetrics {
  private GatewayMetrics() {}

  static void register(PrometheusRegistry registry, GatewayStats stats) {
    CounterWithCallback.builder()
        .name("headroom_gateway_requests")
        .help(
            "remote_write and OTLP/HTTP requests by outcome: ok (204), bad, unauthorized,"
                + " overloaded (503, in-flight bound), failed (503, Kafka)")
        .labelNames("outcome")
        .callback(
            requests -> {
              requests.call(stats.acceptedRequests(), "ok");
              requests.call(stats.badRequests(), "bad");
              requests.call(stats.unauthorizedRequests(), "unauthorized");
              requests.call(stats.overloadedRequests(), "overloaded");
              requests.call(stats.failedRequests(), "failed");
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("headroom_gateway_kafka_messages")
        .help("OTLP messages read from Kafka (--otlp-topic) and published")
        .callback(messages -> messages.call(stats.kafkaMessages()))
        .register(registry);
    CounterWithCallback.builder()
        .name("headroom_gateway_dead_letters")
        .help("OTLP messages from Kafka sent to the dead-letter topic")
        .callback(deadLetters -> deadLetters.call(stats.deadLetters()))
        .register(registry);
    CounterWithCallback.builder()
        .name("headroom_gateway_events_produced")
        .help("Metric events the broker acknowledged")
        .callback(produced -> produced.call(stats.producedEvents()))
        .register(registry);
    CounterWithCallback.builder()
        .name("headroom_gateway_counter_resets")
        .help("Counter resets seen in Prometheus counter series")
        .callback(resets -> resets.call(stats.counterResets()))
        .register(registry);
    CounterWithCallback.builder()
        .name("headroom_gateway_samples_dropped")
        .help("Samples not published, by reason")
        .labelNames("reason")
        .callback(
            dropped -> {
              for (Drop reason : Drop.values()) {
                dropped.call(stats.dropped(reason), reason.name().toLowerCase(Locale.ROOT));
              }
            })
        .register(registry);
  }
}
