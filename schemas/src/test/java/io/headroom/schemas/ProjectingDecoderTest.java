package io.headroom.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class ProjectingDecoderTest {
  private final AvroCodec<MetricEvent> codec = AvroCodec.of(MetricEvent.class);

  @Test
  void decodesTheNamedFieldsInTheGivenOrder_andNothingElse() {
    ProjectingDecoder decoder =
        ProjectingDecoder.of(MetricEvent.getClassSchema(), List.of("value", "service"));
    MetricEvent event =
        MetricEvent.newBuilder()
            .setEventId("e-1")
            .setService("search")
            .setInstance("pod-7")
            .setMetric("latency_ms")
            .setKind(MetricKind.LATENCY_SAMPLE)
            .setValue(12.5)
            .setUnit("ms")
            .setEventTime(Instant.parse("2026-11-23T10:00:00Z"))
            .setLabels(Map.of("region", "eu"))
            .build();

    GenericRecord fields = decoder.decode(codec.encode(event));

    assertThat(fields.getSchema().getFields()).hasSize(2);
    assertThat(fields.get(0)).isEqualTo(12.5);
    assertThat(fields.get(1).toString()).isEqualTo("search");
  }

  @Test
  void aFieldTheSchemaLacks_isRefusedUpFront() {
    assertThatThrownBy(
            () -> ProjectingDecoder.of(MetricEvent.getClassSchema(), List.of("service", "region")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("MetricEvent has no field 'region'");
  }

  @Test
  void aNullPayload_isReportedAsSuch() {
    ProjectingDecoder decoder =
        ProjectingDecoder.of(MetricEvent.getClassSchema(), List.of("service"));
    assertThatThrownBy(() -> decoder.decode(null))
        .isInstanceOf(AvroCodecException.class)
        .hasMessageContaining("null");
  }
}
