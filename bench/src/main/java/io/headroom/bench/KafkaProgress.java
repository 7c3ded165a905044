package io.headroom.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How far a job has got, read from the broker as {@code kafka-consumer-groups --describe} does: the
 * offsets its consumer group committed against the input's end, and the records its transactional
 * sink committed. Works alike whether the job runs on the session cluster or on a MiniCluster in
 * this JVM.
 */
final class KafkaProgress implements AutoCloseable {
  private final String bootstrapServers;
  private final Admin admin;

  KafkaProgress(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
    this.admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers));
  }

  /** Each partition's end offset (the input is written once, before the jobs start). */
  Map<TopicPartition, Long> endOffsets(String topic)
      throws InterruptedException, ExecutionException, TimeoutException {
    int partitions =
        admin
            .describeTopics(List.of(topic))
            .allTopicNames()
            .get(30, TimeUnit.SECONDS)
            .get(topic)
            .partitions()
            .size();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin
        .listOffsets(latest)
        .all()
        .get(30, TimeUnit.SECONDS)
        .forEach((partition, info) -> ends.put(partition, info.offset()));
    return ends;
  }

  /**
   * Records of {@code ends} the group has not committed yet (all of them before its first commit).
   */
  long behind(String groupId, Map<TopicPartition, Long> ends)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(groupId)
            .partitionsToOffsetAndMetadata()
            .get(30, TimeUnit.SECONDS);
    long behind = 0;
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      OffsetAndMetadata offset = committed.get(end.getKey());
      behind += Math.max(0, end.getValue() - (offset == null ? 0 : offset.offset()));
    }
    return behind;
  }

  /** The records a read_committed consumer sees on {@code topic}: what the job's sink committed. */
  long committedRecords(String topic) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
            5000);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // Under read_committed these are the last stable offsets: the end of committed data.
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long records = 0;
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        records += consumer.poll(Duration.ofMillis(500)).count();
      }
      return records;
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
