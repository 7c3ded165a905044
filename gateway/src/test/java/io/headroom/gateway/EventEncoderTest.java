package io.headroom.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.metric.MetricKind;
import io.headroom.gateway.mapping.MappedSample;
import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.MetricEvent;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventEncoderTest {
  private final AvroCodec<MetricEvent> codec = AvroCodec.of(MetricEvent.class);

  @Test
  void writesWhatAvroCodecWrites_soConsumersReadItUnchanged() {
    MappedSample gauge =
        new MappedSample(
            "id-1",
            "checkout",
            "pod-1",
            "queue_depth",
            MetricKind.GAUGE,
            12.5,
            "items",
            Instant.ofEpochMilli(1_700_000_000_123L),
            Map.of("queue", "q1", "zone", "é"));
    MappedSample sketch =
        new MappedSample(
            "id-2",
            "api",
            "",
            "latency",
            MetricKind.LATENCY_SAMPLE,
            0.2,
            "ms",
            Instant.ofEpochMilli(1_700_000_000_000L),
            Map.of(),
            new byte[] {1, 2, 3});

    for (MappedSample sample : new MappedSample[] {gauge, sketch, gauge}) {
      MetricEvent event = EventPublisher.toEvent(sample);
      byte[] bytes = EventEncoder.encode(sample);
      assertThat(bytes).isEqualTo(codec.encode(event));
      assertThat(codec.decode(bytes)).isEqualTo(event);
    }
  }

  @Test
  void writesASampleAsAvroWritesTheEventMadeOfIt() {
    Map<String, String> manyLabels = new java.util.TreeMap<>();
    for (int i = 0; i < 70; i++) {
      manyLabels.put("label_" + i, "value " + i);
    }
    MappedSample[] samples = {
      new MappedSample(
          "id-1",
          "checkout",
          "pod-1",
          "queue_depth",
          MetricKind.GAUGE,
          12.5,
          "items",
          Instant.ofEpochMilli(1_700_000_000_123L),
          Map.of("queue", "q1", "zone", "é")),
      new MappedSample(
          "id-2",
          "api",
          "",
          "latency",
          MetricKind.LATENCY_SAMPLE,
          0.2,
          "ms",
          Instant.ofEpochMilli(1_700_000_000_000L),
          Map.of(),
          new byte[300]),
      new MappedSample(
          "ünïcode-😀",
          "s".repeat(200),
          "i",
          "m",
          MetricKind.COUNTER,
          -3.75e-300,
          "",
          Instant.ofEpochMilli(-5),
          manyLabels),
      new MappedSample(
          "id-4",
          "svc",
          "pod",
          "rate",
          MetricKind.GAUGE,
          Double.longBitsToDouble(0x7ff0000000000002L),
          "1/s",
          Instant.ofEpochMilli(Long.MAX_VALUE / 1000),
          Map.of("", ""))
    };

    for (MappedSample sample : samples) {
      MetricEvent event = EventPublisher.toEvent(sample);
      assertThat(EventEncoder.encode(sample)).isEqualTo(codec.encode(event));
    }
  }
}
