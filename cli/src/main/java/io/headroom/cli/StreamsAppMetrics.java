package io.headroom.cli;

import io.headroom.streams.StreamsApp;
import io.headroom.streams.StreamsHeartbeat;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code streams|alerts --metrics-port}: a Kafka Streams app's figures for Prometheus, the same as
 * its minute line (StreamsHeartbeat): its state and the records its threads processed.
 */
final class StreamsAppMetrics {
  /** The percentile app's prefix: it also has windows emitted and records dead-lettered. */
  static final String PERCENTILES = "headroom_streams";

  private StreamsAppMetrics() {}

  /**
   * The endpoint for {@code option} with the app's figures; when it cannot be served (port taken),
   * the already started app is stopped first, as its non-daemon threads would keep the JVM alive.
   */
  static MetricsEndpoint serveOrStop(
      MetricsPortOption option, String prefix, KafkaStreams streams, PrintWriter log)
      throws IOException {
    try {
      return option.serve(registry -> register(registry, prefix, streams), log);
    } catch (IOException | RuntimeException e) {
      StreamsApp.stop(streams);
      throw e;
    }
  }

  /** Registers {@code <prefix>_records_processed_total} and {@code <prefix>_state}. */
  static void register(PrometheusRegistry registry, String prefix, KafkaStreams streams) {
    CounterWithCallback.builder()
        .name(prefix + "_records_processed")
        .help("Records processed by every stream thread of the Kafka Streams app")
        .callback(processed -> processed.call(StreamsHeartbeat.processed(streams.metrics())))
        .register(registry);
    GaugeWithCallback.builder()
        .name(prefix + "_state")
        .help("1 for the Kafka Streams app's current state (RUNNING, REBALANCING, ERROR, ...)")
        .labelNames("state")
        .callback(state -> state.call(1, streams.state().name()))
        .register(registry);
    if (prefix.equals(PERCENTILES)) {
      CounterWithCallback.builder()
          .name(prefix + "_windows_emitted")
          .help("Windows the percentile app closed and emitted")
          .callback(emitted -> emitted.call(StreamsHeartbeat.windowsEmitted(streams.metrics())))
          .register(registry);
      CounterWithCallback.builder()
          .name(prefix + "_records_dead_lettered")
          .help("Records the percentile app sent to the dead-letter topic")
          .callback(dead -> dead.call(StreamsHeartbeat.deadLettered(streams.metrics())))
          .register(registry);
    }
  }
}
