package io.headroom.streams;

import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.MetricEvent;
import io.headroom.schemas.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/** Re-encodes a rejected event and adds the reason and its source position as headers. */
final class DeadLetterProcessor implements FixedKeyProcessor<String, CheckedEvent, byte[]> {
  private final AvroCodec<MetricEvent> codec = AvroCodec.of(MetricEvent.class);
  private FixedKeyProcessorContext<String, byte[]> context;

  @Override
  public void init(FixedKeyProcessorContext<String, byte[]> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, CheckedEvent> record) {
    String source = context.recordMetadata()
        .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
        .orElse("unknown");
    FixedKeyRecord<String, byte[]> deadLetter = record.withValue(codec.encode(record.value().event()));
    deadLetter.headers().add(Topics.DLQ_REASON_HEADER, record.value().rejection().getBytes(StandardCharsets.UTF_8));
    deadLetter.headers().add(Topics.DLQ_SOURCE_HEADER, source.getBytes(StandardCharsets.UTF_8));
    context.forward(deadLetter);
  }
}
