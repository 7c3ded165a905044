package io.headroom.gateway;

import io.headroom.gateway.mapping.MappedSample;
import io.headroom.schemas.MetricEvent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * The Avro single-object encoding of a {@link MetricEvent}, byte for byte what {@code
 * AvroCodec.encode} writes (marker, CRC-64-AVRO fingerprint, binary body), with one buffer per
 * thread. A {@link MappedSample} is written field by field in the schema's order, without the
 * MetricEvent in between: its builder (validating and copying every field) and Avro's generic
 * writer (resolving each field's schema) took three quarters of the encoding time on the bench's
 * events. EventEncoderTest holds the two ways to the same bytes.
 */
final class EventEncoder {
  private static final Schema SCHEMA = MetricEvent.getClassSchema();
  private static final byte[] HEADER = header(SCHEMA);

  /** The fields written below, in this order; a schema that differs stops the class loading. */
  private static final List<String> FIELDS =
      List.of(
          "eventId",
          "service",
          "instance",
          "metric",
          "kind",
          "value",
          "unit",
          "eventTime",
          "labels",
          "sketch");

  /** The schema's enum index of each {@code core.metric.MetricKind}, by ordinal. */
  private static final int[] KIND_INDEX = kindIndexes();

  private static final ThreadLocal<EventEncoder> PER_THREAD =
      ThreadLocal.withInitial(EventEncoder::new);

  private byte[] buffer = new byte[512];
  private int length;

  private EventEncoder() {}

  /** What {@code AvroCodec.encode(EventPublisher.toEvent(sample))} returns. */
  static byte[] encode(MappedSample sample) {
    return forThisThread().write(sample);
  }

  /** This thread's encoder; a caller encoding many samples takes it once. */
  static EventEncoder forThisThread() {
    return PER_THREAD.get();
  }

  /** What {@link #encode} returns, on this thread's encoder. */
  byte[] write(MappedSample sample) {
    length = 0;
    ensure(HEADER.length);
    System.arraycopy(HEADER, 0, buffer, 0, HEADER.length);
    length = HEADER.length;
    string("eventId", sample.eventId());
    string("service", sample.service());
    string("instance", sample.instance());
    string("metric", sample.metric());
    varint(zigzag(KIND_INDEX[sample.kind().ordinal()]));
    fixed64(Double.doubleToRawLongBits(sample.value()));
    string("unit", sample.unit());
    varint(zigzag(Objects.requireNonNull(sample.eventTime(), "eventTime").toEpochMilli()));
    Map<String, String> labels = Objects.requireNonNull(sample.labels(), "labels");
    // A map is blocks of (count, entries), ended by an empty one; Avro writes all in one block.
    if (!labels.isEmpty()) {
      varint(zigzag(labels.size()));
      for (Map.Entry<String, String> label : labels.entrySet()) {
        string("labels key", label.getKey());
        string("labels value", label.getValue());
      }
    }
    varint(0);
    // The sketch is a union: branch 0 null, branch 1 bytes.
    byte[] sketch = sample.sketch();
    if (sketch == null) {
      varint(zigzag(0));
    } else {
      varint(zigzag(1));
      varint(zigzag(sketch.length));
      bytes(sketch, 0, sketch.length);
    }
    return Arrays.copyOf(buffer, length);
  }

  private void string(String field, String value) {
    if (value == null) {
      throw new NullPointerException("MetricEvent." + field + " is null");
    }
    // Written as ASCII in one pass, and again as UTF-8 when a character was not: labels and names
    // are nearly always ASCII, and checking first, then copying, walked every string twice.
    int start = length;
    int chars = value.length();
    varint(zigzag(chars));
    ensure(chars);
    int seen = 0;
    for (int i = 0; i < chars; i++) {
      char c = value.charAt(i);
      seen |= c;
      buffer[length++] = (byte) c;
    }
    if (seen >= 0x80) {
      length = start;
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      varint(zigzag(utf8.length));
      bytes(utf8, 0, utf8.length);
    }
  }

  private static long zigzag(long n) {
    return (n << 1) ^ (n >> 63);
  }

  private void varint(long n) {
    ensure(10);
    while ((n & ~0x7FL) != 0) {
      buffer[length++] = (byte) ((n & 0x7F) | 0x80);
      n >>>= 7;
    }
    buffer[length++] = (byte) n;
  }

  private void fixed64(long bits) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buffer[length++] = (byte) (bits >>> (8 * i));
    }
  }

  private void bytes(byte[] from, int offset, int count) {
    ensure(count);
    System.arraycopy(from, offset, buffer, length, count);
    length += count;
  }

  private void ensure(int more) {
    if (length + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
    }
  }

  private static int[] kindIndexes() {
    List<String> fields = SCHEMA.getFields().stream().map(Schema.Field::name).toList();
    if (!fields.equals(FIELDS)) {
      throw new IllegalStateException(
          "MetricEvent's fields are " + fields + ", EventEncoder writes " + FIELDS);
    }
    io.headroom.core.metric.MetricKind[] kinds = io.headroom.core.metric.MetricKind.values();
    int[] indexes = new int[kinds.length];
    Schema kind = SCHEMA.getField("kind").schema();
    for (io.headroom.core.metric.MetricKind k : kinds) {
      if (!kind.hasEnumSymbol(k.name())) {
        throw new IllegalStateException("MetricEvent's kind has no symbol " + k.name());
      }
      indexes[k.ordinal()] = kind.getEnumOrdinal(k.name());
    }
    return indexes;
  }

  /** Marker C3 01, then the schema's parsing fingerprint, little-endian. */
  private static byte[] header(Schema schema) {
    long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
    byte[] header = new byte[10];
    header[0] = (byte) 0xC3;
    header[1] = 0x01;
    for (int i = 0; i < 8; i++) {
      header[2 + i] = (byte) (fingerprint >>> (8 * i));
    }
    return header;
  }
}
