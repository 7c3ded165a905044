package io.headroom.flink.kafka;

import io.headroom.flink.serde.BytesCodec;
import java.util.List;

/**
 * What a job reads from Kafka and how, for {@link KafkaIo#read}.
 *
 * @param topics the topics read by one source
 * @param decoder decodes a record's value by topic
 * @param codec serializes decoded values inside Flink (and re-encodes rejected ones for the
 *     dead-letter topic)
 * @param clock a value's event time, and whether it drives the watermark
 * @param check why a decoded value cannot be used, or null
 * @param consumer the job's name, written on its dead letters
 */
public record KafkaInput<T>(
    List<String> topics,
    TopicDecoder<T> decoder,
    BytesCodec<T> codec,
    EventClock<T> clock,
    RecordCheck<T> check,
    String consumer) {
  public KafkaInput {
    topics = List.copyOf(topics);
  }
}
