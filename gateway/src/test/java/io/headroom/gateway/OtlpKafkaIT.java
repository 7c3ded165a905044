package io.headroom.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.sketch.SketchAccumulator;
import io.headroom.gateway.mapping.MappingConfig;
import io.headroom.ingest.TopicSetup;
import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.MetricEvent;
import io.headroom.schemas.Topics;
import io.headroom.stack.LocalStackExtension;
import io.headroom.stack.StackEndpoints;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Messages in the Collector's Kafka exporter format ({@code otlp_proto}: an
 * ExportMetricsServiceRequest per message, built with the OTLP proto classes) on a real broker: the
 * gateway's consumer publishes their events to metrics.raw and a message that is not OTLP to the
 * topic's dead-letter topic, with the reason, and goes on.
 */
@ExtendWith(LocalStackExtension.class)
class OtlpKafkaIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void otlpProtoMessages_becomeEvents_andAMessageThatIsNotOtlp_isDeadLettered(StackEndpoints stack)
      throws Exception {
    String topic = "otlp_metrics_it_" + System.nanoTime();
    String deadLetters = Topics.deadLetterTopic(topic);
    TopicSetup.ensure(
        stack.bootstrapServers(),
        Map.of(Topics.METRICS_RAW, 3, topic, 1, deadLetters, 1),
        (short) 1);
    long now = System.currentTimeMillis() * 1_000_000;
    String service = "kafka-it-" + System.nanoTime();
    try (KafkaProducer<byte[], byte[]> collector =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", stack.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      collector.send(new ProducerRecord<>(topic, "not protobuf".getBytes(StandardCharsets.UTF_8)));
      collector.send(new ProducerRecord<>(topic, histogramExport(service, now).toByteArray()));
      collector.flush();
    }
    GatewaySettings settings =
        GatewaySettings.defaults(stack.bootstrapServers())
            .withPort(0)
            .withOtlpTopic(topic, "it-" + System.nanoTime());

    try (RemoteWriteServer gateway = RemoteWriteServer.start(settings, MappingConfig.defaults())) {
      ConsumerRecord<String, byte[]> event = first(stack, Topics.METRICS_RAW, service);
      ConsumerRecord<String, byte[]> letter = first(stack, deadLetters, null);

      MetricEvent decoded = AvroCodec.of(MetricEvent.class).decode(event.value());
      assertThat(event.key()).isEqualTo(service);
      assertThat(decoded.getMetric()).isEqualTo("latency_ms");
      byte[] sketchBytes = new byte[decoded.getSketch().remaining()];
      decoded.getSketch().get(sketchBytes);
      SketchAccumulator sketch = SketchAccumulator.fromBytes(sketchBytes);
      assertThat(sketch.count()).isEqualTo(30);
      assertThat(sketch.stats().sum()).isEqualTo(2_400);

      assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("not protobuf");
      assertThat(
              new String(
                  letter.headers().lastHeader(Topics.DLQ_REASON_HEADER).value(),
                  StandardCharsets.UTF_8))
          .contains("not a protobuf ExportMetricsServiceRequest");
      assertThat(gateway.stats().deadLetters()).isEqualTo(1);
      assertThat(gateway.stats().kafkaMessages()).isEqualTo(1);
    }
  }

  /** A delta exponential histogram of http.server.request.duration, in seconds. */
  private static ExportMetricsServiceRequest histogramExport(String service, long nowNanos) {
    ExponentialHistogramDataPoint point =
        ExponentialHistogramDataPoint.newBuilder()
            .setStartTimeUnixNano(nowNanos - 10_000_000_000L)
            .setTimeUnixNano(nowNanos)
            .setScale(3)
            .setCount(30)
            .setSum(2.4)
            .setPositive(
                ExponentialHistogramDataPoint.Buckets.newBuilder()
                    .setOffset(-32) // 2^(-32/8) = 1/16 s
                    .addAllBucketCounts(List.of(10L, 10L, 10L)))
            .build();
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(
                            KeyValue.newBuilder()
                                .setKey("service.name")
                                .setValue(AnyValue.newBuilder().setStringValue(service))))
                .addScopeMetrics(
                    ScopeMetrics.newBuilder()
                        .addMetrics(
                            Metric.newBuilder()
                                .setName("http.server.request.duration")
                                .setUnit("s")
                                .setExponentialHistogram(
                                    ExponentialHistogram.newBuilder()
                                        .setAggregationTemporality(
                                            AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                                        .addDataPoints(point)))))
        .build();
  }

  /** The first record of {@code topic} keyed {@code key} (any key when null). */
  private static ConsumerRecord<String, byte[]> first(
      StackEndpoints stack, String topic, String key) {
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                stack.bootstrapServers(),
                "group.id",
                "it-read-" + System.nanoTime(),
                "auto.offset.reset",
                "earliest"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      List<String> seen = new ArrayList<>();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (key == null || key.equals(record.key())) {
            return record;
          }
          seen.add(record.key());
        }
      }
      throw new AssertionError("no record keyed " + key + " on " + topic + "; saw " + seen.size());
    }
  }
}
