package io.headroom.flink.kafka;

import io.headroom.schemas.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a dead letter to {@code <sourceTopic>.dlq} with the bytes as read, and the reason, the
 * source position and the rejecting job in headers.
 */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
  private static final long serialVersionUID = 1L;

  /** Header naming the job that rejected the record (two jobs read {@code metrics.windows}). */
  public static final String CONSUMER_HEADER = Topics.DLQ_CONSUMER_HEADER;

  /** {@link Topics#deadLetterTopic}: the same {@code <topic>.dlq} as every other reader. */
  public static String deadLetterTopic(String sourceTopic) {
    return Topics.deadLetterTopic(sourceTopic);
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      DeadLetter letter, KafkaSinkContext context, Long timestamp) {
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            deadLetterTopic(letter.sourceTopic()), null, letter.key(), letter.value());
    record
        .headers()
        .add(Topics.DLQ_REASON_HEADER, letter.reason().getBytes(StandardCharsets.UTF_8));
    record
        .headers()
        .add(Topics.DLQ_SOURCE_HEADER, letter.sourcePosition().getBytes(StandardCharsets.UTF_8));
    record.headers().add(CONSUMER_HEADER, letter.consumer().getBytes(StandardCharsets.UTF_8));
    return record;
  }
}
