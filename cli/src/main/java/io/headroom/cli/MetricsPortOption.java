package io.headroom.cli;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** {@code --metrics-port}, one definition for every long-running command. */
final class MetricsPortOption {
  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve the figures of the minute line for Prometheus at http://0.0.0.0:PORT/metrics"
              + " (0: a free port, printed on start; default: no server)")
  Integer port;

  /** The endpoint with {@code register}'s figures, or null when the option was not given. */
  MetricsEndpoint serve(Consumer<PrometheusRegistry> register, PrintWriter log) throws IOException {
    return MetricsEndpoint.serveIfAsked(port, register, log);
  }
}
