package io.headroom.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.headroom.core.sketch.SketchAccumulator;
import io.headroom.gateway.mapping.Drop;
import io.headroom.gateway.mapping.MappingConfig;
import io.headroom.ingest.TopicSetup;
import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.MetricEvent;
import io.headroom.schemas.MetricKind;
import io.headroom.schemas.Topics;
import io.headroom.stack.LocalStackExtension;
import io.headroom.stack.StackEndpoints;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's package) scrapes itself and a real node exporter every second and
 * remote-writes to the gateway, which produces to {@code metrics.raw} on the stack's real broker.
 */
@ExtendWith(LocalStackExtension.class)
class PrometheusRemoteWriteIT {
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private static final Path NODE_EXPORTER = Path.of("/usr/bin/prometheus-node-exporter");
  private static final Duration ARRIVAL_TIMEOUT = Duration.ofSeconds(120);
  private static final String TOKEN = "it-token";

  /** A condition on the events seen so far, with a name for the failure message. */
  private record Expectation(String name, Predicate<MetricEvent> matches) {}

  @Test
  void realPrometheus_remoteWritesOwnAndNodeMetrics_asEventsKeyedByJob(
      StackEndpoints stack, @TempDir Path dir) throws Exception {
    requirePrometheus();
    TopicSetup.ensure(stack.bootstrapServers(), Map.of(Topics.METRICS_RAW, 3), (short) 1);
    boolean withNodeExporter = Files.isExecutable(NODE_EXPORTER);
    List<Process> started = new ArrayList<>();
    GatewaySettings settings =
        GatewaySettings.defaults(stack.bootstrapServers()).withPort(0).withBearerToken(TOKEN);
    try (RemoteWriteServer gateway = RemoteWriteServer.start(settings, MappingConfig.defaults())) {
      int prometheusPort = freePort();
      int nodePort = freePort();
      if (withNodeExporter) {
        started.add(
            startProcess(
                dir,
                "node-exporter",
                List.of(NODE_EXPORTER.toString(), "--web.listen-address=127.0.0.1:" + nodePort)));
      }
      Path config =
          writeConfig(dir, prometheusPort, withNodeExporter ? nodePort : -1, gateway.port());
      Process prometheus =
          startProcess(
              dir,
              "prometheus",
              List.of(
                  PROMETHEUS.toString(),
                  "--config.file=" + config,
                  "--storage.tsdb.path=" + dir.resolve("tsdb"),
                  "--web.listen-address=127.0.0.1:" + prometheusPort));
      started.add(prometheus);
      awaitReady(
          prometheus,
          "http://127.0.0.1:" + prometheusPort + "/-/ready",
          dir.resolve("prometheus.log"));

      List<Expectation> expectations =
          new ArrayList<>(
              List.of(
                  new Expectation(
                      "prometheus_build_info = 1 from job prometheus, version kept as a label",
                      e ->
                          e.getService().equals("prometheus")
                              && e.getMetric().equals("prometheus_build_info")
                              && e.getValue() == 1.0
                              && e.getLabels().containsKey("version")
                              && e.getInstance().equals("127.0.0.1:" + prometheusPort)),
                  new Expectation(
                      "up = 1 from job prometheus",
                      e ->
                          e.getService().equals("prometheus")
                              && e.getMetric().equals("up")
                              && e.getValue() == 1.0),
                  new Expectation(
                      "requests_per_second > 0 from prometheus_http_requests_total{handler=\"/metrics\"}",
                      e ->
                          e.getService().equals("prometheus")
                              && e.getMetric().equals("requests_per_second")
                              && "/metrics".equals(e.getLabels().get("handler"))
                              && e.getValue() > 0),
                  new Expectation(
                      "cpu_percent from process_cpu_seconds_total of job prometheus",
                      e ->
                          e.getService().equals("prometheus")
                              && e.getMetric().equals("cpu_percent")),
                  new Expectation(
                      "a DDSketch of scrape durations from"
                          + " prometheus_http_request_duration_seconds_bucket{handler=\"/metrics\"}",
                      e ->
                          e.getService().equals("prometheus")
                              && e.getMetric().equals("prometheus_http_request_duration_seconds")
                              && "/metrics".equals(e.getLabels().get("handler"))
                              && e.getSketch() != null)));
      if (withNodeExporter) {
        expectations.add(
            new Expectation(
                "cpu_percent of a CPU in user mode from node_cpu_seconds_total of job node",
                e ->
                    e.getService().equals("node")
                        && e.getMetric().equals("cpu_percent")
                        && "user".equals(e.getLabels().get("mode"))));
      }

      List<MetricEvent> events =
          consumeUntil(stack.bootstrapServers(), expectations, prometheus, dir);

      for (MetricEvent event : events) {
        if (event.getMetric().equals("cpu_percent") || event.getMetric().endsWith("_per_second")) {
          assertThat(event.getValue()).as("a counter's rate: %s", event).isGreaterThanOrEqualTo(0);
        }
        if (event.getMetric().equals("cpu_percent")) {
          // Per series: one process's CPU, or one CPU in one mode; 2 cores here, so at most 200 %
          // of one core.
          assertThat(event.getValue()).as("%s", event).isLessThanOrEqualTo(200.5);
        }
        assertThat(event.getMetric())
            .as("bucket series become one event per histogram")
            .doesNotEndWith("_bucket");
        assertThat(event.getLabels()).doesNotContainKey("le");
        // The stack's topic also holds the events of the module's other tests.
        if (event.getSketch() != null && event.getService().equals("prometheus")) {
          checkHistogramEvent(event);
        }
      }
      assertThat(gateway.stats().acceptedRequests()).isPositive();
      assertThat(gateway.stats().unauthorizedRequests())
          .as("Prometheus sent the token from credentials_file")
          .isZero();
      assertThat(gateway.stats().badRequests()).isZero();
      System.out.printf(
          "PrometheusRemoteWriteIT: %d events, %d of them histogram sketches; %s%n",
          events.size(),
          events.stream().filter(e -> e.getSketch() != null).count(),
          gateway.stats().summary());
      assertThat(gateway.stats().dropped(Drop.COUNTER_FIRST_SAMPLE)).isPositive();
    } finally {
      for (Process process : started) {
        stop(process);
      }
    }
  }

  /**
   * A histogram event of Prometheus' own: the samples of one scrape interval whose value is their
   * mean. Durations are in seconds, with quantiles within the buckets (0.1 s to 120 s, the first
   * bucket's samples at its upper bound); other histograms (response sizes in bytes) are gauges.
   */
  private static void checkHistogramEvent(MetricEvent event) {
    java.nio.ByteBuffer buffer = event.getSketch().duplicate();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    SketchAccumulator sketch = SketchAccumulator.fromBytes(bytes);
    assertThat(sketch.count()).as("%s", event).isPositive();
    assertThat(event.getValue()).isCloseTo(sketch.stats().mean(), within(1e-9));
    if (!event.getMetric().endsWith("_seconds")) {
      assertThat(event.getKind()).as("%s", event).isEqualTo(MetricKind.GAUGE);
      return;
    }
    assertThat(event.getKind()).as("%s", event).isEqualTo(MetricKind.LATENCY_SAMPLE);
    assertThat(event.getUnit()).isEqualTo("s");
    for (double q : new double[] {0, 0.5, 0.99, 1}) {
      assertThat(sketch.quantile(q)).as("q%s of %s", q, event).isBetween(0.0, 121.2);
    }
  }

  private static void requirePrometheus() {
    if (Files.isExecutable(PROMETHEUS)) {
      return;
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    assumeTrue(
        root,
        "skipped: "
            + PROMETHEUS
            + " is missing and this process is not root; install it with "
            + "'sudo apt-get install -y prometheus prometheus-node-exporter' (scripts/install-deps.sh does so as root)");
    fail(
        PROMETHEUS
            + " is missing; scripts/install-deps.sh installs it (apt-get install -y prometheus)");
  }

  private static Path writeConfig(Path dir, int prometheusPort, int nodePort, int gatewayPort)
      throws IOException {
    Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    String nodeJob =
        nodePort < 0
            ? ""
            : """
          - job_name: node
            static_configs: [{targets: ['127.0.0.1:%d']}]
        """
                .formatted(nodePort);
    String config =
        """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: prometheus
            static_configs: [{targets: ['127.0.0.1:%d']}]
        %sremote_write:
          - url: http://127.0.0.1:%d%s
            authorization: {credentials_file: %s}
            queue_config: {batch_send_deadline: 1s, min_backoff: 100ms, max_backoff: 1s}
        """
            .formatted(prometheusPort, nodeJob, gatewayPort, RemoteWriteServer.PATH, tokenFile);
    return Files.writeString(dir.resolve("prometheus.yml"), config);
  }

  private static Process startProcess(Path dir, String name, List<String> command)
      throws IOException {
    Path log = dir.resolve(name + ".log");
    return new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  private static void awaitReady(Process process, String url, Path log) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        fail("prometheus exited with " + process.exitValue() + " during start-up:\n" + tail(log));
      }
      try {
        if (http.send(
                    HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    fail("prometheus not ready within 60 s:\n" + tail(log));
  }

  /**
   * Reads metrics.raw until every expectation has matched an event, or fails naming those that did
   * not.
   */
  private static List<MetricEvent> consumeUntil(
      String bootstrap, List<Expectation> expectations, Process prometheus, Path dir)
      throws IOException {
    Map<String, Object> config =
        Map.of(
            "bootstrap.servers",
            bootstrap,
            "group.id",
            "it-" + System.nanoTime(),
            "auto.offset.reset",
            "earliest",
            "key.deserializer",
            StringDeserializer.class.getName(),
            "value.deserializer",
            ByteArrayDeserializer.class.getName());
    AvroCodec<MetricEvent> codec = AvroCodec.of(MetricEvent.class);
    List<MetricEvent> events = new ArrayList<>();
    List<Expectation> open = new ArrayList<>(expectations);
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(Topics.METRICS_RAW));
      long deadline = System.nanoTime() + ARRIVAL_TIMEOUT.toNanos();
      while (!open.isEmpty() && System.nanoTime() < deadline && prometheus.isAlive()) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          MetricEvent event = codec.decode(record.value());
          assertThat(record.key()).as("records are keyed by service").isEqualTo(event.getService());
          events.add(event);
          open.removeIf(expectation -> expectation.matches().test(event));
        }
      }
    }
    if (!open.isEmpty()) {
      fail(
          "after "
              + events.size()
              + " events, none matched: "
              + open.stream().map(Expectation::name).toList()
              + "\nprometheus log:\n"
              + tail(dir.resolve("prometheus.log")));
    }
    return events;
  }

  private static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String tail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "(no log)";
    }
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
