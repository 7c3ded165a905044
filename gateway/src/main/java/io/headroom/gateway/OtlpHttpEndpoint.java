package io.headroom.gateway;

import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import io.headroom.gateway.mapping.Drop;
import io.headroom.gateway.mapping.OtlpMapper;
import io.headroom.gateway.mapping.SeriesMapper;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP/HTTP metrics, {@code POST /v1/metrics}, served beside remote_write with the same answers:
 * 200 with an {@code ExportMetricsServiceResponse} once the broker acknowledged every event (its
 * {@code partial_success} counts the points dropped, with the reasons); 400 for a body that is not
 * an ExportMetricsServiceRequest, or whose points are all unusable (no metric name, a timestamp far
 * ahead of the clock); 503 with {@code Retry-After} when Kafka cannot keep up (OTLP exporters
 * retry). Protobuf, and OTLP/JSON since protobuf-java-util makes it cheap; gzip bodies too.
 */
final class OtlpHttpEndpoint {
  static final String PATH = "/v1/metrics";
  private static final Logger LOG = LoggerFactory.getLogger(OtlpHttpEndpoint.class);
  // A first cumulative point primes the series' state and an empty interval has nothing to add:
  // neither is the client's data being refused.
  private static final Set<Drop> NOT_REJECTIONS =
      Set.of(Drop.COUNTER_FIRST_SAMPLE, Drop.NO_SAMPLES);
  private static final Set<Drop> BAD_DATA = Set.of(Drop.EMPTY_NAME, Drop.INVALID);

  private final GatewaySettings settings;
  private final OtlpDecoder decoder;
  private final OtlpMapper mapper;
  private final EventPublisher publisher;
  private final GatewayStats stats;

  OtlpHttpEndpoint(
      GatewaySettings settings, OtlpMapper mapper, EventPublisher publisher, GatewayStats stats) {
    this.settings = settings;
    this.decoder = new OtlpDecoder(settings.maxBodyBytes() * 8);
    this.mapper = mapper;
    this.publisher = publisher;
    this.stats = stats;
  }

  void export(HttpExchange exchange) throws IOException {
    OtlpDecoder.Format format =
        OtlpDecoder.formatOf(exchange.getRequestHeaders().getFirst("Content-Type"));
    if (format == null) {
      stats.badRequest();
      RemoteWriteServer.respond(
          exchange, 415, "Content-Type must be application/x-protobuf or application/json");
      return;
    }
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    boolean gzip = encoding != null && encoding.equalsIgnoreCase("gzip");
    if (encoding != null && !gzip && !encoding.equalsIgnoreCase("identity")) {
      stats.badRequest();
      RemoteWriteServer.respond(
          exchange, 400, "Content-Encoding " + encoding + " is not supported; use gzip or none");
      return;
    }
    byte[] body = RemoteWriteServer.readAtMost(exchange.getRequestBody(), settings.maxBodyBytes());
    if (body == null) {
      stats.badRequest();
      RemoteWriteServer.respond(
          exchange, 413, "body exceeds " + settings.maxBodyBytes() + " bytes");
      return;
    }
    ExportMetricsServiceRequest request;
    try {
      request = decoder.decode(body, format, gzip);
    } catch (OtlpDecoder.BadBodyException e) {
      stats.badRequest();
      LOG.debug("bad OTLP body: {}", e.getMessage());
      RemoteWriteServer.respond(exchange, 400, e.getMessage());
      return;
    }
    int points = OtlpMapper.pointCount(request);
    if (points > publisher.capacity()) {
      stats.badRequest();
      RemoteWriteServer.respond(
          exchange,
          413,
          "request carries "
              + points
              + " data points, more than max-in-flight "
              + publisher.capacity()
              + "; export smaller batches");
      return;
    }
    // Reserve before mapping, so a refused request leaves the cumulative state untouched and its
    // retry maps afresh.
    if (!publisher.tryReserve(points)) {
      stats.overloaded();
      RemoteWriteServer.retryLater(
          exchange,
          settings,
          "more than " + publisher.capacity() + " records in flight to Kafka; retry later");
      return;
    }
    SeriesMapper.Result result;
    try {
      result = mapper.map(request);
    } catch (RuntimeException e) {
      publisher.release(points);
      throw e;
    }
    publisher.release(points - result.samples().size());
    stats.add(result);
    if (result.samples().isEmpty() && BAD_DATA.stream().anyMatch(d -> result.dropped(d) > 0)) {
      stats.badRequest();
      RemoteWriteServer.respond(exchange, 400, "no usable data point: " + reasons(result));
      return;
    }
    try {
      publisher.send(result.samples()).get(settings.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
      stats.accepted(result.samples().size());
      answer(exchange, format, response(result));
    } catch (ExecutionException | TimeoutException e) {
      stats.failed();
      String reason =
          e instanceof TimeoutException
              ? "no acknowledgement within " + settings.ackTimeout()
              : String.valueOf(e.getCause().getMessage());
      LOG.warn(
          "Kafka did not take an OTLP request of {} events: {}", result.samples().size(), reason);
      RemoteWriteServer.retryLater(
          exchange,
          settings,
          "Kafka did not acknowledge: " + reason.lines().findFirst().orElse(""));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      RemoteWriteServer.retryLater(exchange, settings, "gateway shutting down");
    }
  }

  static ExportMetricsServiceResponse response(SeriesMapper.Result result) {
    long rejected =
        result.dropped().entrySet().stream()
            .filter(e -> !NOT_REJECTIONS.contains(e.getKey()))
            .mapToLong(Map.Entry::getValue)
            .sum();
    if (rejected == 0) {
      return ExportMetricsServiceResponse.getDefaultInstance();
    }
    return ExportMetricsServiceResponse.newBuilder()
        .setPartialSuccess(
            ExportMetricsPartialSuccess.newBuilder()
                .setRejectedDataPoints(rejected)
                .setErrorMessage("dropped " + reasons(result)))
        .build();
  }

  /** {@code empty_name=2 invalid=1}: the drops, by reason. */
  static String reasons(SeriesMapper.Result result) {
    StringBuilder text = new StringBuilder();
    result.dropped().entrySet().stream()
        .filter(e -> !NOT_REJECTIONS.contains(e.getKey()))
        .forEach(
            e ->
                text.append(text.length() == 0 ? "" : " ")
                    .append(e.getKey().name().toLowerCase(Locale.ROOT))
                    .append('=')
                    .append(e.getValue()));
    return text.toString();
  }

  private static void answer(
      HttpExchange exchange, OtlpDecoder.Format format, ExportMetricsServiceResponse response)
      throws IOException {
    byte[] bytes;
    if (format == OtlpDecoder.Format.JSON) {
      bytes = JsonFormat.printer().print(response).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
    } else {
      bytes = response.toByteArray();
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
    }
    exchange.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
