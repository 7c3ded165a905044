package io.headroom.flink.kafka;

import io.headroom.schemas.AvroCodec;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes Avro records in their single-object encoding to one topic, keyed by a field (the service),
 * so one service's records share a partition, and stamped with their event time.
 */
public final class AvroRecordSerializer<T extends SpecificRecord>
    implements KafkaRecordSerializationSchema<T> {
  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  private final String topic;
  private final SerializableFunction<T, String> key;
  private final SerializableFunction<T, Long> eventTime;
  private transient AvroCodec<T> codec;

  public AvroRecordSerializer(
      Class<T> type,
      String topic,
      SerializableFunction<T, String> key,
      SerializableFunction<T, Long> eventTime) {
    this.type = type;
    this.topic = topic;
    this.key = key;
    this.eventTime = eventTime;
  }

  @Override
  public void open(
      SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
    codec = AvroCodec.of(type);
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      T record, KafkaSinkContext context, Long timestamp) {
    if (codec == null) {
      codec = AvroCodec.of(type);
    }
    return new ProducerRecord<>(
        topic,
        null,
        eventTime.apply(record),
        key.apply(record).getBytes(StandardCharsets.UTF_8),
        codec.encode(record));
  }
}
