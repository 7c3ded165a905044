package io.headroom.gateway;

import static io.headroom.gateway.RemoteWriteBodies.body;
import static io.headroom.gateway.RemoteWriteBodies.series;
import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.gateway.mapping.MappingConfig;
import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.MetricEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RemoteWriteServerTest {
  private static final long T0 = 1_793_577_600_000L;
  private static final String TOKEN = "s3cret";

  private final HttpClient http = HttpClient.newHttpClient();
  private RemoteWriteServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void validBody_answers204_afterTheBrokerAcknowledged_keyedByService() throws Exception {
    MockProducer<String, byte[]> producer = producer(true);
    server = start(producer, 100, null);

    HttpResponse<String> response =
        post(
            body(
                series(
                    "prometheus_build_info",
                    Map.of("job", "prometheus", "version", "2.42.0"),
                    T0,
                    1),
                series("queue_depth", Map.of("job", "pods", "service", "checkout"), T0, 4)),
            null);

    assertThat(response.statusCode()).isEqualTo(204);
    AvroCodec<MetricEvent> codec = AvroCodec.of(MetricEvent.class);
    assertThat(producer.history()).hasSize(2);
    assertThat(producer.history())
        .allSatisfy(
            r -> {
              assertThat(r.topic()).isEqualTo("metrics.raw");
              assertThat(r.key()).isEqualTo(codec.decode(r.value()).getService());
              assertThat(r.timestamp()).isEqualTo(T0);
            });
    MetricEvent build = codec.decode(producer.history().get(0).value());
    assertThat(build.getMetric()).isEqualTo("prometheus_build_info");
    assertThat(build.getValue()).isEqualTo(1.0);
    assertThat(build.getLabels()).containsExactly(Map.entry("version", "2.42.0"));
    assertThat(server.stats().producedEvents()).isEqualTo(2);
  }

  @Test
  void notSnappy_answers400WithOneLineReason_andProducesNothing() throws Exception {
    MockProducer<String, byte[]> producer = producer(true);
    server = start(producer, 100, null);

    HttpResponse<String> response = post("definitely not snappy".getBytes(), null);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).startsWith("body is not snappy block-compressed").endsWith("\n");
    assertThat(response.body().strip()).doesNotContain("\n");
    assertThat(producer.history()).isEmpty();
    assertThat(server.stats().badRequests()).isEqualTo(1);
  }

  @Test
  void snappyButNotProtobuf_answers400() throws Exception {
    server = start(producer(true), 100, null);

    HttpResponse<String> response =
        post(org.xerial.snappy.Snappy.compress(new byte[] {(byte) 0xff, (byte) 0xff, 0x7f}), null);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).startsWith("body is not a protobuf prometheus.WriteRequest");
  }

  @Test
  void withTokenConfigured_missingOrWrongToken_answers401_rightTokenPasses() throws Exception {
    MockProducer<String, byte[]> producer = producer(true);
    server = start(producer, 100, TOKEN);
    byte[] body = body(series("up", Map.of("job", "api"), T0, 1));

    assertThat(post(body, null).statusCode()).isEqualTo(401);
    assertThat(post(body, "Bearer wrong").statusCode()).isEqualTo(401);
    assertThat(producer.history()).isEmpty();
    assertThat(post(body, "Bearer " + TOKEN).statusCode()).isEqualTo(204);
    assertThat(server.stats().unauthorizedRequests()).isEqualTo(2);
  }

  @Test
  void inFlightBoundReached_answers503WithRetryAfter_thenAcceptsOnceAcknowledged()
      throws Exception {
    // The broker does not answer the first request's 2 records: they hold 2 of the 3 permits.
    MockProducer<String, byte[]> producer = producer(false);
    server = start(producer, 3, null);
    CompletableFuture<HttpResponse<String>> first =
        postAsync(
            body(series("up", Map.of("job", "a"), T0, 1), series("up", Map.of("job", "b"), T0, 1)));
    awaitSent(producer, 2);

    HttpResponse<String> second =
        post(
            body(series("up", Map.of("job", "c"), T0, 1), series("up", Map.of("job", "d"), T0, 1)),
            null);

    assertThat(second.statusCode()).isEqualTo(503);
    assertThat(second.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(producer.history()).hasSize(2);
    assertThat(first).isNotDone();

    producer.completeNext();
    producer.completeNext();
    assertThat(first.get(10, TimeUnit.SECONDS).statusCode())
        .as("204 only once both records are acknowledged")
        .isEqualTo(204);
    CompletableFuture<HttpResponse<String>> retry =
        postAsync(body(series("up", Map.of("job", "c"), T0, 1)));
    awaitSent(producer, 3);
    producer.completeNext();
    assertThat(retry.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
    assertThat(server.stats().overloadedRequests()).isEqualTo(1);
  }

  @Test
  void brokerRefusesARecord_answers503_soPrometheusRetries() throws Exception {
    MockProducer<String, byte[]> producer = producer(false);
    server = start(producer, 100, null);
    CompletableFuture<HttpResponse<String>> response =
        postAsync(body(series("up", Map.of("job", "a"), T0, 1)));
    awaitSent(producer, 1);

    producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("expired"));

    assertThat(response.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
    assertThat(response.get().body()).startsWith("Kafka did not acknowledge: expired");
    assertThat(server.stats().failedRequests()).isEqualTo(1);
  }

  @Test
  void get_answers405() throws Exception {
    server = start(producer(true), 100, null);

    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri()).GET().build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(405);
  }

  private RemoteWriteServer start(
      MockProducer<String, byte[]> producer, int maxInFlight, String token) throws IOException {
    GatewaySettings settings =
        GatewaySettings.defaults("unused:9092")
            .withPort(0)
            .withMaxInFlightRecords(maxInFlight)
            .withBearerToken(token);
    return RemoteWriteServer.start(settings, MappingConfig.defaults(), producer);
  }

  private static MockProducer<String, byte[]> producer(boolean autoComplete) {
    return new MockProducer<>(
        autoComplete, null, new StringSerializer(), new ByteArraySerializer());
  }

  private URI uri() {
    return URI.create("http://127.0.0.1:" + server.port() + RemoteWriteServer.PATH);
  }

  private HttpRequest request(byte[] body, String authorization) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri())
            .timeout(Duration.ofSeconds(30))
            .header("Content-Encoding", "snappy")
            .header("Content-Type", "application/x-protobuf")
            .header("X-Prometheus-Remote-Write-Version", "0.1.0")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return request.build();
  }

  private HttpResponse<String> post(byte[] body, String authorization)
      throws IOException, InterruptedException {
    return http.send(request(body, authorization), HttpResponse.BodyHandlers.ofString());
  }

  private CompletableFuture<HttpResponse<String>> postAsync(byte[] body) {
    return http.sendAsync(request(body, null), HttpResponse.BodyHandlers.ofString());
  }

  private static void awaitSent(MockProducer<String, byte[]> producer, int records)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (producer.history().size() < records) {
      assertThat(System.nanoTime())
          .as("%d records handed to the producer within 10 s", records)
          .isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
