package io.headroom.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaEvolutionTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final Schema V1 =
      SchemaHistory.versionsOf("io.headroom.schemas.MetricEvent").get(0);
  private final AvroCodec<MetricEvent> codec = AvroCodec.of(MetricEvent.class);

  @ParameterizedTest
  @ValueSource(
      classes = {
        MetricEvent.class,
        PercentileWindow.class,
        LoadForecast.class,
        ScalingCommand.class,
        Alert.class
      })
  void history_holdsEveryCurrentSchemaAsItsLatestVersion(Class<?> type) throws Exception {
    Schema current = (Schema) type.getMethod("getClassSchema").invoke(null);
    var versions = SchemaHistory.versionsOf(current.getFullName());
    assertThat(versions)
        .as("history of %s (add a history file when a schema changes)", type.getSimpleName())
        .isNotEmpty();
    assertThat(SchemaNormalization.parsingFingerprint64(versions.get(versions.size() - 1)))
        .isEqualTo(SchemaNormalization.parsingFingerprint64(current));
  }

  @Test
  void currentReader_decodesRecordsOfAnOlderWriter_withDefaults() throws Exception {
    GenericRecord old = new GenericData.Record(V1);
    old.put("eventId", "e-1");
    old.put("service", "checkout");
    old.put("instance", "pod-1");
    old.put("metric", "cpu_percent");
    old.put("kind", new GenericData.EnumSymbol(V1.getField("kind").schema(), "GAUGE"));
    old.put("value", 42.5);
    old.put("eventTime", T0.toEpochMilli());
    ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), V1).encode(old);

    MetricEvent decoded = codec.decode(toArray(bytes));

    assertThat(decoded.getService()).isEqualTo("checkout");
    assertThat(decoded.getValue()).isEqualTo(42.5);
    assertThat(decoded.getEventTime()).isEqualTo(T0);
    assertThat(decoded.getUnit()).isEmpty();
    assertThat(decoded.getLabels()).isEmpty();
  }

  @Test
  void olderReader_decodesRecordsOfTheNewerWriter_ignoringNewFields() throws Exception {
    MetricEvent current =
        MetricEvent.newBuilder()
            .setEventId("e-2")
            .setService("search")
            .setInstance("pod-7")
            .setMetric("latency_ms")
            .setKind(MetricKind.LATENCY_SAMPLE)
            .setValue(123.0)
            .setUnit("ms")
            .setEventTime(T0)
            .setLabels(Map.of("region", "eu-west-1"))
            .build();
    BinaryMessageDecoder<GenericRecord> oldReader =
        new BinaryMessageDecoder<>(GenericData.get(), V1);
    oldReader.addSchema(MetricEvent.getClassSchema());

    GenericRecord decoded = oldReader.decode(codec.encode(current));

    assertThat(decoded.getSchema()).isEqualTo(V1);
    assertThat(decoded.get("service").toString()).isEqualTo("search");
    assertThat(decoded.get("value")).isEqualTo(123.0);
    assertThat(decoded.get("eventTime")).isEqualTo(T0.toEpochMilli());
  }

  @Test
  void sketchField_isNullForOlderWriters_andSkippedByOlderReaders() throws Exception {
    var versions = SchemaHistory.versionsOf("io.headroom.schemas.MetricEvent");
    Schema v2 = versions.get(1);
    GenericRecord old = new GenericData.Record(v2);
    old.put("eventId", "e-4");
    old.put("service", "checkout");
    old.put("instance", "pod-1");
    old.put("metric", "latency_ms");
    old.put("kind", new GenericData.EnumSymbol(v2.getField("kind").schema(), "LATENCY_SAMPLE"));
    old.put("value", 7.0);
    old.put("unit", "ms");
    old.put("eventTime", T0.toEpochMilli());
    old.put("labels", Map.of());
    MetricEvent fromOld =
        codec.decode(
            toArray(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v2).encode(old)));
    assertThat(fromOld.getSketch()).isNull();

    MetricEvent withSketch =
        MetricEvent.newBuilder(fromOld).setSketch(ByteBuffer.wrap(new byte[] {1, 2, 3})).build();
    BinaryMessageDecoder<GenericRecord> v2Reader =
        new BinaryMessageDecoder<>(GenericData.get(), v2);
    v2Reader.addSchema(MetricEvent.getClassSchema());
    GenericRecord decoded = v2Reader.decode(codec.encode(withSketch));
    assertThat(decoded.getSchema().getField("sketch")).isNull();
    assertThat(decoded.get("value")).isEqualTo(7.0);
    assertThat(codec.decode(codec.encode(withSketch)).getSketch())
        .isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
  }

  @Test
  void unknownWriterSchema_isRejectedWithAReason() throws Exception {
    Schema stranger =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"MetricEvent\",\"namespace\":\"io.headroom.schemas\","
                    + "\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}");
    GenericRecord record = new GenericData.Record(stranger);
    record.put("x", 1);
    byte[] bytes =
        toArray(
            new BinaryMessageEncoder<GenericRecord>(GenericData.get(), stranger).encode(record));

    assertThatThrownBy(() -> codec.decode(bytes))
        .isInstanceOf(AvroCodecException.class)
        .hasMessageStartingWith("unknown schema");
  }

  @Test
  void bytesThatAreNotAvro_areRejectedWithAReason() {
    assertThatThrownBy(() -> codec.decode("{\"json\":true}".getBytes()))
        .isInstanceOf(AvroCodecException.class)
        .hasMessageStartingWith("not Avro single-object encoding");
  }

  @Test
  void truncatedPayload_isRejectedAsCorrupt() {
    MetricEvent event =
        MetricEvent.newBuilder()
            .setEventId("e-3")
            .setService("s")
            .setInstance("i")
            .setMetric("requests")
            .setKind(MetricKind.COUNTER)
            .setValue(1)
            .setEventTime(T0)
            .build();
    byte[] bytes = codec.encode(event);
    byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 12);

    assertThatThrownBy(() -> codec.decode(truncated))
        .isInstanceOf(AvroCodecException.class)
        .hasMessageStartingWith("corrupt MetricEvent payload");
  }

  private static byte[] toArray(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }
}
