package io.headroom.streams;

import io.headroom.schemas.MetricEvent;
import io.headroom.schemas.MetricKind;
import io.headroom.schemas.ProjectingDecoder;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;

/** The fields of a {@link MetricEvent} that windowing reads; everything else stays in the bytes. */
record Observation(
    String service, String metric, MetricKind kind, double value, long eventTimeMillis) {

  /**
   * Decodes observations from MetricEvent records of any known writer schema. One per task: not
   * thread-safe.
   */
  static final class Decoder {
    private final ProjectingDecoder fields =
        ProjectingDecoder.of(
            MetricEvent.getClassSchema(),
            List.of("service", "metric", "kind", "value", "eventTime"));
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
          (Long) record.get(4));
    }
  }
}
