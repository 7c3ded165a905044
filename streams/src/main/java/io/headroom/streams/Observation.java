package io.headroom.streams;

import io.headroom.schemas.MetricEvent;
import io.headroom.schemas.MetricKind;
import io.headroom.schemas.ProjectingDecoder;
import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;

/**
 * The fields of a {@link MetricEvent} that windowing reads; everything else stays in the bytes.
 *
 * @param sketch null for one sample; for an event that stands for many (a histogram point from the
 *     gateway) the encoded {@link io.headroom.core.sketch.SketchAccumulator} of its samples, which
 *     the window merges instead of adding {@code value}
 * @param eventIdHash the event id's 64-bit hash ({@link EventIdSet#hash}), all de-duplication needs
 */
record Observation(
    String service,
    String metric,
    MetricKind kind,
    double value,
    long eventTimeMillis,
    byte[] sketch,
    long eventIdHash) {

  Observation(String service, String metric, MetricKind kind, double value, long eventTimeMillis) {
    this(service, metric, kind, value, eventTimeMillis, null, EventIdSet.hash(""));
  }

  /**
   * Decodes observations from MetricEvent records of any known writer schema. One per task: not
   * thread-safe.
   */
  static final class Decoder {
    private final ProjectingDecoder fields =
        ProjectingDecoder.of(
            MetricEvent.getClassSchema(),
            List.of("service", "metric", "kind", "value", "eventTime", "sketch", "eventId"));
    // Avro hands out one symbol object per enum value and writer schema, so identity finds it.
    private final Map<Object, MetricKind> kinds = new IdentityHashMap<>();

    /**
     * @throws io.headroom.schemas.AvroCodecException with a reason fit for the dead-letter header
     */
    Observation decode(byte[] bytes) {
      GenericRecord record = fields.decode(bytes);
      return new Observation(
          record.get(0).toString(),
          record.get(1).toString(),
          kinds.computeIfAbsent(record.get(2), symbol -> MetricKind.valueOf(symbol.toString())),
          (Double) record.get(3),
          (Long) record.get(4),
          copyOf((ByteBuffer) record.get(5)),
          EventIdSet.hash((CharSequence) record.get(6)));
    }

    // The projected record and its buffer are reused by the next decode: keep a copy.
    private static byte[] copyOf(ByteBuffer sketch) {
      if (sketch == null) {
        return null;
      }
      byte[] copy = new byte[sketch.remaining()];
      sketch.duplicate().get(copy);
      return copy;
    }
  }
}
