package io.headroom.cli;

import io.headroom.scaler.ScalerServer;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * {@code scaler --metrics-port}: the figures of its minute line for Prometheus: targets known,
 * commands read, records that did not decode, open activity streams, and whether it still reads.
 */
final class ScalerMetrics {
  private ScalerMetrics() {}

  static void register(PrometheusRegistry registry, Supplier<ScalerServer.Figures> figures) {
    gauge(registry, "headroom_scaler_targets", "Targets with a command", figures, f -> f.targets());
    CounterWithCallback.builder()
        .name("headroom_scaler_commands_read")
        .help("Committed scaling commands read from the topic")
        .callback(counter -> counter.call(figures.get().commandsRead()))
        .register(registry);
    CounterWithCallback.builder()
        .name("headroom_scaler_undecodable")
        .help("Records of the topic that did not decode as scaling commands")
        .callback(counter -> counter.call(figures.get().undecodable()))
        .register(registry);
    gauge(
        registry,
        "headroom_scaler_activity_streams",
        "Open StreamIsActive streams",
        figures,
        f -> f.openStreams());
    gauge(
        registry,
        "headroom_scaler_reading",
        "1 while the topic is read, 0 once reading stopped on an error",
        figures,
        f -> f.reading() ? 1 : 0);
  }

  private static void gauge(
      PrometheusRegistry registry,
      String name,
      String help,
      Supplier<ScalerServer.Figures> figures,
      ToDoubleFunction<ScalerServer.Figures> figure) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .callback(gauge -> gauge.call(figure.applyAsDouble(figures.get())))
        .register(registry);
  }
}
