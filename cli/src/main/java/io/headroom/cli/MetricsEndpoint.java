package io.headroom.cli;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * The {@code /metrics} endpoint every long-running command serves with {@code --metrics-port}: its
 * own registry (so two commands in one JVM, as in tests, never share figures), the start line and
 * the closing, written once.
 */
final class MetricsEndpoint implements AutoCloseable {
  private final HTTPServer server;

  private MetricsEndpoint(HTTPServer server) {
    this.server = server;
  }

  /**
   * Serves on every interface at {@code port} (0: a free one) the figures {@code register} adds to
   * a fresh registry.
   */
  static MetricsEndpoint serve(int port, Consumer<PrometheusRegistry> register) throws IOException {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("--metrics-port: " + port + " must be within 0..65535");
    }
    PrometheusRegistry registry = new PrometheusRegistry();
    register.accept(registry);
    return new MetricsEndpoint(HTTPServer.builder().port(port).registry(registry).buildAndStart());
  }

  /**
   * As {@link #serve}, then says where on {@code log}; null (nothing served) when {@code port} is
   * null, i.e. {@code --metrics-port} was not given.
   */
  static MetricsEndpoint serveIfAsked(
      Integer port, Consumer<PrometheusRegistry> register, PrintWriter log) throws IOException {
    if (port == null) {
      return null;
    }
    MetricsEndpoint endpoint = serve(port, register);
    log.println("metrics on " + endpoint.url());
    log.flush();
    return endpoint;
  }

  int port() {
    return server.getPort();
  }

  /** Where Prometheus scrapes (the server listens on every interface). */
  String url() {
    return "http://0.0.0.0:" + port() + "/metrics";
  }

  @Override
  public void close() {
    server.close();
  }
}
