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
    MetricEvent gauge =
        EventPublisher.toEvent(
            new MappedSample(
                "id-1",
                "checkout",
                "pod-1",
                "queue_depth",
                MetricKind.GAUGE,
                12.5,
                "items",
                Instant.ofEpochMilli(1_700_000_000_123L),
                Map.of("queue", "q1", "zone", "é")));
    MetricEvent sketch =
        EventPublisher.toEvent(
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
                new byte[] {1, 2, 3}));

    for (MetricEvent event : new MetricEvent[] {gauge, sketch, gauge}) {
      byte[] bytes = EventEncoder.encode(event);
      assertThat(bytes).isEqualTo(codec.encode(event));
      assertThat(codec.decode(bytes)).isEqualTo(event);
    }
  }
}
