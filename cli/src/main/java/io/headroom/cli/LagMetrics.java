package io.headroom.cli;

import io.headroom.core.queue.ConsumerLag;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * {@code lag --metrics-port}: the last reading's figures for Prometheus, the same as its line:
 * total lag, the value KEDA would report (capped), partitions, partitions with lag and whether the
 * target is active. Before the first reading there is no sample, rather than a false 0.
 */
final class LagMetrics {
  private final String group;
  private final String topic;
  private final AtomicReference<ConsumerLag> last = new AtomicReference<>();

  LagMetrics(String group, String topic) {
    this.group = group;
    this.topic = topic;
  }

  /** The reading the figures show from now on. */
  void record(ConsumerLag lag) {
    last.set(lag);
  }

  void register(PrometheusRegistry registry) {
    gauge(
        registry,
        "headroom_lag_total",
        "The group's lag on the topic, uncapped",
        l -> l.totalLag());
    gauge(
        registry,
        "headroom_lag_reported",
        "The lag KEDA's Kafka scaler would report (capped by the partition bound)",
        l -> l.metricValue());
    gauge(registry, "headroom_lag_partitions", "Partitions of the topic", l -> l.partitions());
    gauge(
        registry,
        "headroom_lag_partitions_with_lag",
        "Partitions whose lag is above 0",
        l -> l.partitionsWithLag());
    gauge(
        registry,
        "headroom_lag_active",
        "1 while the lag is above the activation threshold, else 0",
        l -> l.active() ? 1 : 0);
  }

  private void gauge(
      PrometheusRegistry registry, String name, String help, ToDoubleFunction<ConsumerLag> figure) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help + ", at the last reading")
        .labelNames("group", "topic")
        .callback(
            gauge -> {
              ConsumerLag lag = last.get();
              if (lag != null) {
                gauge.call(figure.applyAsDouble(lag), group, topic);
              }
            })
        .register(registry);
  }
}
