package io.headroom.streams;

import io.headroom.schemas.MetricEvent;
import io.headroom.schemas.MetricKind;
import io.headroom.schemas.ProjectingDecoder;
import java.util.List;
import org.apache.avro.generic.GenericRecord;

/** The fields of a {@link MetricEvent} that windowing reads; everything else stays in the bytes. */
record Observation(String service, String metric, MetricKind kind, double value, long eventTimeMillis) {

  /** Decodes observations from MetricEvent records of any known writer schema. One per task: not thread-safe. */
  static final class Decoder {
    private final ProjectingDecoder fields =
        ProjectingDecoder.of(MetricEvent.getClassSchema(), List.of("service", "metric", "kind", "value", "eventTime"));

    /** @throws io.headroom.schemas.AvroCodecException with a reason fit for the dead-letter header */
    Observation decode(byte[] bytes) {
      GenericRecord record = fields.decode(bytes);
      return new Observation(record.get(0).toString(), record.get(1).toString(),
          MetricKind.valueOf(record.get(2).toString()), (Double) record.get(3), (Long) record.get(4));
    }
  }
}
