package io.headroom.flink.kafka;

import io.headroom.flink.serde.BytesCodec;
import io.headroom.flink.serde.CodecTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Never fails the job on a bad record: every Kafka record becomes a {@link Parsed}, either the
 * decoded value or a {@link DeadLetter} with the decoder's message as its reason. A downstream
 * {@link DeadLetterSplit} sends the failures to the dead-letter topic.
 */
public final class ParsingDeserializer<T> implements KafkaRecordDeserializationSchema<Parsed<T>> {
  private static final long serialVersionUID = 1L;

  private final TopicDecoder<T> decoder;
  private final BytesCodec<T> valueCodec;
  private final String consumer;

  /**
   * @param decoder decodes a value by topic
   * @param valueCodec serializes decoded values inside Flink
   * @param consumer the job's name, written on dead letters
   */
  public ParsingDeserializer(TopicDecoder<T> decoder, BytesCodec<T> valueCodec, String consumer) {
    this.decoder = decoder;
    this.valueCodec = valueCodec;
    this.consumer = consumer;
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Parsed<T>> out) {
    out.collect(
        parse(record.topic(), record.partition(), record.offset(), record.key(), record.value()));
  }

  /** The parse of one record's coordinates and bytes. */
  public Parsed<T> parse(String topic, int partition, long offset, byte[] key, byte[] value) {
    try {
      if (value == null) {
        throw new IllegalArgumentException("empty payload (null value)");
      }
      return Parsed.ok(decoder.decode(topic, value), topic, partition, offset);
    } catch (RuntimeException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return Parsed.failed(new DeadLetter(topic, partition, offset, key, value, reason, consumer));
    }
  }

  @Override
  public TypeInformation<Parsed<T>> getProducedType() {
    return CodecTypeInfo.of(new Parsed.Codec<>(valueCodec));
  }
}
