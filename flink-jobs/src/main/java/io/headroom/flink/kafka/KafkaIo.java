package io.headroom.flink.kafka;

import io.headroom.flink.serde.CodecTypeInfo;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka side both jobs share: {@link #read} a source of checked values, {@link #write} Avro
 * records and {@link #writeDeadLetters}, built from {@link KafkaSettings} with the operator names
 * and uids (which savepoints are matched by) the jobs have always had.
 */
public final class KafkaIo {
  private static final String DECODE_CHECK = "decode-check";
  private static final String DEAD_LETTERS_SINK = "dead-letters-sink";

  private KafkaIo() {}

  /**
   * Reads {@code input}'s topics into checked values: decoded ({@link ParsingDeserializer}, never
   * failing the job), stamped with their event time under bounded out-of-orderness watermarks
   * ({@link ParsedWatermarks}), and checked ({@link DeadLetterSplit}). Records that do not decode
   * or fail the check leave by the {@link DeadLetterSplit#DEAD_LETTERS} side output of the returned
   * operator.
   *
   * @param name the source's name
   * @param uid the source's uid
   */
  public static <T> SingleOutputStreamOperator<T> read(
      StreamExecutionEnvironment env,
      KafkaJobSettings settings,
      KafkaInput<T> input,
      String name,
      String uid) {
    ParsingDeserializer<T> deserializer =
        new ParsingDeserializer<>(input.decoder(), input.codec(), input.consumer());
    return env.fromSource(
            source(settings.kafka(), input.topics(), settings.groupId(), deserializer),
            ParsedWatermarks.strategy(
                input.clock(), settings.outOfOrderness(), settings.idleness()),
            name)
        .uid(uid)
        .process(
            new DeadLetterSplit<>(input.check(), input.codec(), input.consumer()),
            CodecTypeInfo.of(input.codec()))
        .name(DECODE_CHECK)
        .uid(DECODE_CHECK);
  }

  /**
   * The transactional id prefix of one of a job's sinks: {@code <group-id>-<sink>}, e.g. {@code
   * headroom-scaling-out}. The consumer group is already unique per deployment (two jobs sharing
   * one would also share their starting offsets) and stays the same across its restarts, which is
   * what the prefix needs: two deployments with one prefix fence each other's producers
   * (ProducerFencedException, FLINK-11654), and a prefix that changed between restarts would leave
   * the previous attempt's open transactions unaborted, blocking read_committed readers until the
   * transaction timeout. The connector adds the subtask and a checkpoint counter to the prefix, so
   * ids are unique within a deployment.
   *
   * @param sink {@code out} or {@code dlq}
   */
  public static String transactionalIdPrefix(KafkaJobSettings settings, String sink) {
    return settings.groupId() + "-" + sink;
  }

  /**
   * Writes {@code records} with {@code serializer} ({@link #sink}); {@code name} names the sink and
   * is its uid.
   */
  public static <T extends SpecificRecord> void write(
      DataStream<T> records,
      KafkaSettings kafka,
      KafkaRecordSerializationSchema<T> serializer,
      String transactionalIdPrefix,
      String name) {
    records.sinkTo(sink(kafka, serializer, transactionalIdPrefix)).name(name).uid(name);
  }

  /** Writes dead letters to their {@code <sourceTopic>.dlq} ({@link #deadLetterSink}). */
  public static void writeDeadLetters(
      DataStream<DeadLetter> letters, KafkaSettings kafka, String transactionalIdPrefix) {
    letters
        .sinkTo(deadLetterSink(kafka, transactionalIdPrefix))
        .name(DEAD_LETTERS_SINK)
        .uid(DEAD_LETTERS_SINK);
  }

  /**
   * A source reading {@code topics} from the group's committed offsets (the earliest ones for a new
   * group). Offsets are committed on checkpoints for monitoring only: on restore the offsets in the
   * checkpoint win. Reads committed records only, so a transactional producer's aborted writes
   * never reach a job.
   */
  public static <T> KafkaSource<Parsed<T>> source(
      KafkaSettings kafka,
      List<String> topics,
      String groupId,
      ParsingDeserializer<T> deserializer) {
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

  /**
   * A sink of Avro records; transactional under EXACTLY_ONCE, with ids prefixed by {@code
   * transactionalIdPrefix}.
   */
  public static <T extends SpecificRecord> KafkaSink<T> sink(
      KafkaSettings kafka,
      KafkaRecordSerializationSchema<T> serializer,
      String transactionalIdPrefix) {
    Properties base = new Properties();
    base.setProperty(
        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
        Long.toString(kafka.transactionTimeout().toMillis()));
    base.setProperty(ProducerConfig.ACKS_CONFIG, "all");
    base.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    base.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    return sink(kafka, base, serializer, transactionalIdPrefix);
  }

  /**
   * The dead-letter sink: every {@link DeadLetter} to {@code <sourceTopic>.dlq}, with the same
   * guarantee.
   */
  public static KafkaSink<DeadLetter> deadLetterSink(
      KafkaSettings kafka, String transactionalIdPrefix) {
    Properties base = new Properties();
    base.setProperty(
        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
        Long.toString(kafka.transactionTimeout().toMillis()));
    return sink(kafka, base, new DeadLetterSerializer(), transactionalIdPrefix);
  }

  private static <T> KafkaSink<T> sink(
      KafkaSettings kafka,
      Properties producerConfig,
      KafkaRecordSerializationSchema<T> serializer,
      String transactionalIdPrefix) {
    var builder =
        KafkaSink.<T>builder()
            .setBootstrapServers(kafka.bootstrapServers())
            .setKafkaProducerConfig(kafka.clientProperties(producerConfig))
            .setRecordSerializer(serializer)
            .setDeliveryGuarantee(kafka.guarantee());
    if (kafka.guarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
      builder.setTransactionalIdPrefix(transactionalIdPrefix);
    }
    return builder.build();
  }
}
