package io.headroom.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headroom.core.sketch.SketchAccumulator;
import io.headroom.gateway.mapping.MappingConfig;
import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.MetricEvent;
import io.headroom.schemas.MetricKind;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenTelemetry Java SDK's own OTLP/HTTP exporter (protobuf) against the gateway's {@code
 * /v1/metrics}; events are read from a mock producer.
 */
class OtlpHttpEndpointTest {
  private final AvroCodec<MetricEvent> codec = AvroCodec.of(MetricEvent.class);
  private final HttpClient http = HttpClient.newHttpClient();
  private MockProducer<String, byte[]> producer;
  private RemoteWriteServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void sdkExport_ofCountersAndHistograms_becomesEvents_withSketchesWithinTheirBounds()
      throws Exception {
    start();
    OtlpHttpMetricExporter exporter =
        OtlpHttpMetricExporter.builder()
            .setEndpoint("http://127.0.0.1:" + server.port() + "/v1/metrics")
            .setAggregationTemporalitySelector(AggregationTemporalitySelector.deltaPreferred())
            .build();
    SdkMeterProvider provider =
        SdkMeterProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(
                        Resource.create(
                            Attributes.of(AttributeKey.stringKey("service.name"), "checkout"))))
            .registerView(
                InstrumentSelector.builder().setName("queue.latency").build(),
                View.builder()
                    .setAggregation(Aggregation.base2ExponentialBucketHistogram())
                    .build())
            .registerView(
                InstrumentSelector.builder().setName("db.latency").build(),
                View.builder()
                    .setAggregation(
                        Aggregation.explicitBucketHistogram(
                            List.of(10.0, 20.0, 50.0, 100.0, 200.0)))
                    .build())
            .registerMetricReader(
                PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build())
            .build();
    Meter meter = provider.get("otlp-test");
    LongCounter orders = meter.counterBuilder("orders").build();
    DoubleHistogram queue = meter.histogramBuilder("queue.latency").setUnit("ms").build();
    DoubleHistogram db = meter.histogramBuilder("db.latency").setUnit("ms").build();
    double[] samples = new SplittableRandom(7).doubles(2_000, 50, 200).toArray();
    for (double sample : samples) {
      queue.record(sample);
      db.record(sample);
    }
    orders.add(42, Attributes.of(AttributeKey.stringKey("region"), "eu"));

    assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    provider.close();

    List<MetricEvent> events =
        producer.history().stream().map(r -> codec.decode(r.value())).toList();
    assertThat(producer.history()).allSatisfy(r -> assertThat(r.key()).isEqualTo("checkout"));
    MetricEvent counter = only(events, "orders");
    assertThat(counter.getKind()).isEqualTo(MetricKind.COUNTER);
    assertThat(counter.getValue()).isEqualTo(42);
    assertThat(counter.getLabels()).containsEntry("region", "eu");

    Arrays.sort(samples);
    SketchAccumulator exponential = sketchOf(only(events, "queue.latency"));
    assertThat(exponential.count()).isEqualTo(samples.length);
    assertThat(exponential.stats().sum()).isCloseTo(Arrays.stream(samples).sum(), within(1e-6));
    assertThat(exponential.stats().min()).isEqualTo(samples[0]);
    // 50..200 in the SDK's 160 buckets: scale 6, base 2^(1/64); bound (1.01) * 2^(1/128) - 1.
    double bound = 1.01 * Math.pow(2, 1.0 / 128) - 1;
    for (double q : new double[] {0.5, 0.95, 0.99}) {
      double exact = samples[(int) Math.floor(q * (samples.length - 1))];
      assertThat(exponential.quantile(q)).as("p%s", q).isCloseTo(exact, within(exact * bound));
    }
    SketchAccumulator explicit = sketchOf(only(events, "db.latency"));
    assertThat(explicit.count()).isEqualTo(samples.length);
    // The median (about 125) lies in (100, 200]: represented at sqrt(100 * 200) = 141.
    assertThat(explicit.quantile(0.5)).isCloseTo(Math.sqrt(100 * 200), within(1.5));
    assertThat(only(events, "db.latency").getKind()).isEqualTo(MetricKind.LATENCY_SAMPLE);
  }

  @Test
  void notProtobuf_isA400_andNothingIsProduced() throws Exception {
    start();
    HttpResponse<String> response = post(new byte[] {(byte) 0xff, 0x00, 0x13, 0x37});

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("not a protobuf ExportMetricsServiceRequest");
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void onlyAnEmptyNameOrAFarFutureTime_isA400() throws Exception {
    start();
    long future = Instant.now().plus(Duration.ofDays(30)).toEpochMilli() * 1_000_000;

    assertThat(post(gauges(gauge("", nowNanos()))).statusCode()).isEqualTo(400);
    HttpResponse<String> response = post(gauges(gauge("temp", future)));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("invalid=1");
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void someBadPoints_areA200_withTheRejectedCountInPartialSuccess() throws Exception {
    start();
    HttpResponse<byte[]> response =
        http.send(
            request(gauges(gauge("", nowNanos()), gauge("temp", nowNanos()))),
            HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    ExportMetricsServiceResponse answer = ExportMetricsServiceResponse.parseFrom(response.body());
    assertThat(answer.getPartialSuccess().getRejectedDataPoints()).isEqualTo(1);
    assertThat(answer.getPartialSuccess().getErrorMessage()).contains("empty_name=1");
    assertThat(producer.history()).hasSize(1);
  }

  private void start() throws Exception {
    producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    server =
        RemoteWriteServer.start(
            GatewaySettings.defaults("unused:9092").withPort(0),
            MappingConfig.defaults(),
            producer);
  }

  private static long nowNanos() {
    return System.currentTimeMillis() * 1_000_000;
  }

  private static MetricEvent only(List<MetricEvent> events, String metric) {
    List<MetricEvent> matching = events.stream().filter(e -> e.getMetric().equals(metric)).toList();
    assertThat(matching).as(metric).hasSize(1);
    return matching.get(0);
  }

  private static SketchAccumulator sketchOf(MetricEvent event) {
    byte[] bytes = new byte[event.getSketch().remaining()];
    event.getSketch().duplicate().get(bytes);
    return SketchAccumulator.fromBytes(bytes);
  }

  static Metric gauge(String name, long timeNanos) {
    return Metric.newBuilder()
        .setName(name)
        .setGauge(
            Gauge.newBuilder()
                .addDataPoints(
                    NumberDataPoint.newBuilder().setTimeUnixNano(timeNanos).setAsDouble(21.5)))
        .build();
  }

  static byte[] gauges(Metric... metrics) {
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(
                    io.opentelemetry.proto.resource.v1.Resource.newBuilder()
                        .addAttributes(
                            KeyValue.newBuilder()
                                .setKey("service.name")
                                .setValue(AnyValue.newBuilder().setStringValue("thermostat"))))
                .addScopeMetrics(ScopeMetrics.newBuilder().addAllMetrics(List.of(metrics))))
        .build()
        .toByteArray();
  }

  private HttpRequest request(byte[] body) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/metrics"))
        .header("Content-Type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  private HttpResponse<String> post(byte[] body) throws Exception {
    return http.send(request(body), HttpResponse.BodyHandlers.ofString());
  }
}
