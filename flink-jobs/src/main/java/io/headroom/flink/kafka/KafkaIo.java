package io.headroom.flink.kafka;

import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Kafka sources and sinks of the jobs, built from {@link KafkaSettings}. */
public final class KafkaIo {
  private KafkaIo() {}

  /**
   * A source reading {@code topics} from the group's committed offsets (the earliest ones for a new
   * group). Offsets are committed on checkpoints for monitoring only: on restore the offsets in the
   * checkpoint win. Reads committed records only, so a transactional producer's aborted writes
   * never reach a job.
   */
  public static <T> KafkaSource<Parsed<T>> source(
      KafkaSettings kafka, List<String> topics, String groupId, ParsingDeserializer<T> deserializer) {
    Properties base = new Properties();
    base.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    base.setProperty("commit.offsets.on.checkpoint", "true");
    base.setProperty("partition.discovery.interval.ms", "60000");
    return KafkaSource.<Parsed<T>>builder()
        .setBootstrapServers(kafka.bootstrapServers())
        .setTopics(topics)
        .setGroupId(groupId)
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
        .setDeserializer(deserializer)
        .setProperties(kafka.clientProperties(base))
        .build();
  }

  /** A sink of Avro records; transactional under EXACTLY_ONCE, with ids prefixed by {@code transactionalIdPrefix}. */
  public static <T extends SpecificRecord> KafkaSink<T> sink(
      KafkaSettings kafka, KafkaRecordSerializationSchema<T> serializer, String transactionalIdPrefix) {
    Properties base = new Properties();
    base.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(kafka.transactionTimeout().toMillis()));
    base.setProperty(ProducerConfig.ACKS_CONFIG, "all");
    base.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    base.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    var builder = KafkaSink.<T>builder()
        .setBootstrapServers(kafka.bootstrapServers())
        .setKafkaProducerConfig(kafka.clientProperties(base))
        .setRecordSerializer(serializer)
        .setDeliveryGuarantee(kafka.guarantee());
    if (kafka.guarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
      builder.setTransactionalIdPrefix(transactionalIdPrefix);
    }
    return builder.build();
  }

  /** The dead-letter sink: every {@link DeadLetter} to {@code <sourceTopic>.dlq}, with the same guarantee. */
  public static KafkaSink<DeadLetter> deadLetterSink(KafkaSettings kafka, String transactionalIdPrefix) {
    Properties base = new Properties();
    base.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(kafka.transactionTimeout().toMillis()));
    var builder = KafkaSink.<DeadLetter>builder()
        .setBootstrapServers(kafka.bootstrapServers())
        .setKafkaProducerConfig(kafka.clientProperties(base))
        .setRecordSerializer(new DeadLetterSerializer())
        .setDeliveryGuarantee(kafka.guarantee());
    if (kafka.guarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
      builder.setTransactionalIdPrefix(transactionalIdPrefix);
    }
    return builder.build();
  }
}
