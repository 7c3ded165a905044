package io.headroom.gateway.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headroom.core.metric.MetricKind;
import io.headroom.core.sketch.SketchAccumulator;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpMapperTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final long T0 = NOW.minusSeconds(60).toEpochMilli() * 1_000_000;
  private static final long SECOND = 1_000_000_000L;

  private final OtlpMapper mapper =
      new OtlpMapper(MappingConfig.defaults(), 0.01, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void gauge_becomesAGaugeEvent_keyedByServiceName_withPointAttributesAsLabels() {
    SeriesMapper.Result result =
        mapper.map(request("checkout", gauge("queue.depth", T0, 12, "queue", "orders")));

    assertThat(result.samples()).hasSize(1);
    MappedSample event = result.samples().get(0);
    assertThat(event.service()).isEqualTo("checkout");
    assertThat(event.instance()).isEqualTo("pod-1");
    assertThat(event.metric()).isEqualTo("queue.depth");
    assertThat(event.kind()).isEqualTo(MetricKind.GAUGE);
    assertThat(event.value()).isEqualTo(12);
    assertThat(event.labels()).containsEntry("queue", "orders");
    assertThat(event.eventTime()).isEqualTo(Instant.ofEpochMilli(T0 / 1_000_000));
    assertThat(event.sketch()).isNull();
  }

  @Test
  void cumulativeSum_becomesDeltas_andAResetCountsTheNewValue() {
    assertThat(mapper.map(request("api", sum("http.requests", T0, 100, true))).dropped())
        .containsEntry(Drop.COUNTER_FIRST_SAMPLE, 1);

    SeriesMapper.Result second =
        mapper.map(request("api", sum("http.requests", T0 + SECOND, 130, true)));
    SeriesMapper.Result reset =
        mapper.map(request("api", sum("http.requests", T0 + 2 * SECOND, 4, true)));

    assertThat(second.samples())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo(MetricKind.COUNTER);
              assertThat(e.value()).isEqualTo(30);
            });
    assertThat(reset.samples().get(0).value()).isEqualTo(4);
    assertThat(reset.counterResets()).isEqualTo(1);
  }

  @Test
  void deltaSum_isTakenAsItIs() {
    SeriesMapper.Result result = mapper.map(request("api", sum("http.requests", T0, 7, false)));

    assertThat(result.samples())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo(MetricKind.COUNTER);
              assertThat(e.value()).isEqualTo(7);
            });
  }

  @Test
  void cpuTime_becomesCpuPercent_perTheDefaultRule() {
    mapper.map(request("api", sum("process.cpu.time", T0, 10, true)));
    SeriesMapper.Result result =
        mapper.map(request("api", sum("process.cpu.time", T0 + 2 * SECOND, 11, true)));

    assertThat(result.samples())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.metric()).isEqualTo("cpu_percent");
              assertThat(e.kind()).isEqualTo(MetricKind.GAUGE);
              assertThat(e.value()).isCloseTo(50, within(1e-9));
            });
  }

  @Test
  void deltaExplicitHistogram_carriesASketch_withExactCountSumMinMax() {
    HistogramDataPoint point =
        HistogramDataPoint.newBuilder()
            .setStartTimeUnixNano(T0 - SECOND)
            .setTimeUnixNano(T0)
            .addAllExplicitBounds(List.of(0.01, 0.02, 0.05, 0.1))
            .addAllBucketCounts(List.of(0L, 10L, 80L, 10L, 0L))
            .setCount(100)
            .setSum(3.5)
            .setMin(0.011)
            .setMax(0.09)
            .build();
    Metric metric =
        Metric.newBuilder()
            .setName("http.server.request.duration")
            .setUnit("s")
            .setHistogram(
                Histogram.newBuilder()
                    .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                    .addDataPoints(point))
            .build();

    MappedSample event = mapper.map(request("api", metric)).samples().get(0);

    assertThat(event.metric()).isEqualTo("latency_ms");
    assertThat(event.unit()).isEqualTo("ms");
    assertThat(event.kind()).isEqualTo(MetricKind.LATENCY_SAMPLE);
    SketchAccumulator sketch = SketchAccumulator.fromBytes(event.sketch());
    assertThat(sketch.count()).isEqualTo(100);
    assertThat(sketch.stats().sum()).isCloseTo(3500, within(1e-6));
    assertThat(sketch.stats().min()).isCloseTo(11, within(1e-9));
    assertThat(sketch.stats().max()).isCloseTo(90, within(1e-9));
    assertThat(event.value()).isCloseTo(35, within(1e-9));
    // The median sample lies in (20, 50] ms: represented at sqrt(20 * 50) = 31.6, within 1 %.
    assertThat(sketch.quantile(0.5)).isCloseTo(Math.sqrt(20 * 50), within(0.32));
  }

  @Test
  void cumulativeExponentialHistogram_isDifferenced_acrossAScaleChange() {
    // scale 1: base sqrt(2); buckets 2..5 = (2, 2.83], (2.83, 4], (4, 5.66], (5.66, 8]
    Metric first = exponential(T0, 1, 2, List.of(1L, 1L, 1L, 1L), 4);
    // scale 0: base 2; bucket 1 = (2, 4] holds the first 2 plus 3 more, bucket 2 = (4, 8] 2 + 5.
    Metric second = exponential(T0 + SECOND, 0, 1, List.of(5L, 7L), 12);

    assertThat(mapper.map(request("api", first)).samples()).isEmpty();
    MappedSample event = mapper.map(request("api", second)).samples().get(0);

    SketchAccumulator sketch = SketchAccumulator.fromBytes(event.sketch());
    assertThat(sketch.count()).isEqualTo(8);
    // 3 samples in (2, 4] at 2^1.5 = 2.83, 5 in (4, 8] at 2^2.5 = 5.66.
    assertThat(sketch.quantile(0.1)).isCloseTo(2.83, within(0.06));
    assertThat(sketch.quantile(0.9)).isCloseTo(5.66, within(0.12));
  }

  @Test
  void badPoints_areDroppedByReason() {
    Metric noName = gauge("", T0, 1, "a", "b");
    Metric future =
        gauge("temp", NOW.plusSeconds(3 * 86_400).toEpochMilli() * 1_000_000, 1, "a", "b");
    Metric nan = gauge("temp", T0, Double.NaN, "a", "c");
    Metric noValue =
        Metric.newBuilder()
            .setName("temp")
            .setGauge(
                Gauge.newBuilder()
                    .addDataPoints(
                        NumberDataPoint.newBuilder()
                            .setTimeUnixNano(T0)
                            .setAsDouble(0)
                            .setFlags(1)))
            .build();

    SeriesMapper.Result result = mapper.map(request("api", noName, future, nan, noValue));

    assertThat(result.samples()).isEmpty();
    assertThat(result.dropped())
        .containsEntry(Drop.EMPTY_NAME, 1)
        .containsEntry(Drop.INVALID, 1)
        .containsEntry(Drop.NAN, 1)
        .containsEntry(Drop.NO_RECORDED_VALUE, 1);
  }

  @Test
  void serviceFallsBackToTheDeployment_whenTheSdkHasNoServiceName() {
    ExportMetricsServiceRequest request =
        ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(
                ResourceMetrics.newBuilder()
                    .setResource(
                        Resource.newBuilder()
                            .addAttributes(attribute("service.name", "unknown_service:java"))
                            .addAttributes(attribute("k8s.deployment.name", "cart")))
                    .addScopeMetrics(
                        ScopeMetrics.newBuilder().addMetrics(gauge("up", T0, 1, "a", "b"))))
            .build();

    assertThat(mapper.map(request).samples().get(0).service()).isEqualTo("cart");
  }

  static ExportMetricsServiceRequest request(String service, Metric... metrics) {
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(attribute("service.name", service))
                        .addAttributes(attribute("service.instance.id", "pod-1")))
                .addScopeMetrics(ScopeMetrics.newBuilder().addAllMetrics(List.of(metrics))))
        .build();
  }

  static KeyValue attribute(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  static Metric gauge(String name, long timeNanos, double value, String key, String label) {
    return Metric.newBuilder()
        .setName(name)
        .setGauge(
            Gauge.newBuilder()
                .addDataPoints(
                    NumberDataPoint.newBuilder()
                        .setTimeUnixNano(timeNanos)
                        .setAsDouble(value)
                        .addAttributes(attribute(key, label))))
        .build();
  }

  static Metric sum(String name, long timeNanos, long value, boolean cumulative) {
    return Metric.newBuilder()
        .setName(name)
        .setSum(
            Sum.newBuilder()
                .setIsMonotonic(true)
                .setAggregationTemporality(
                    cumulative
                        ? AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE
                        : AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                .addDataPoints(
                    NumberDataPoint.newBuilder()
                        .setStartTimeUnixNano(cumulative ? T0 - 100 * SECOND : timeNanos - SECOND)
                        .setTimeUnixNano(timeNanos)
                        .setAsInt(value)))
        .build();
  }

  static Metric exponential(long timeNanos, int scale, int offset, List<Long> counts, long count) {
    return Metric.newBuilder()
        .setName("queue.wait")
        .setUnit("s")
        .setExponentialHistogram(
            ExponentialHistogram.newBuilder()
                .setAggregationTemporality(
                    AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                .addDataPoints(
                    ExponentialHistogramDataPoint.newBuilder()
                        .setStartTimeUnixNano(T0 - 100 * SECOND)
                        .setTimeUnixNano(timeNanos)
                        .setScale(scale)
                        .setCount(count)
                        .setPositive(
                            ExponentialHistogramDataPoint.Buckets.newBuilder()
                                .setOffset(offset)
                                .addAllBucketCounts(counts))))
        .build();
  }
}
