package io.headroom.ingest;

import io.headroom.core.metric.MetricSample;
import io.headroom.core.queue.ConsumerLag;
import io.headroom.core.queue.KafkaLagSettings;
import io.headroom.core.queue.LagSamples;
import io.headroom.core.queue.PartitionOffsets;
import io.headroom.schemas.MetricEvent;
import io.headroom.schemas.MetricEventMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Reads a consumer group's lag on a topic from the broker (committed offsets against log-end
 * offsets, per partition, as KEDA's Kafka scaler does) and turns it into metric events. The lag
 * rules are core's ({@link ConsumerLag}); this class only asks the broker.
 */
public final class LagReader implements AutoCloseable {
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

  private final Admin admin;
  private final String group;
  private final String topic;
  private final KafkaLagSettings settings;

  LagReader(Admin admin, String group, String topic, KafkaLagSettings settings) {
    this.admin = admin;
    this.group = group;
    this.topic = topic;
    this.settings = settings;
  }

  /** Fails with one line when no broker answers. */
  public static LagReader connect(
      Properties clientProperties, String group, String topic, KafkaLagSettings settings) {
    BrokerCheck.requireReachable(clientProperties, BrokerCheck.CONNECT_TIMEOUT);
    Properties config = new Properties();
    config.putAll(clientProperties);
    config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
    return new LagReader(Admin.create(config), group, topic, settings);
  }

  /**
   * The group's offsets on every partition of the topic.
   *
   * @throws IllegalArgumentException when the topic or the group does not exist
   * @throws IllegalStateException when the broker does not answer in time
   */
  public List<PartitionOffsets> offsets() {
    TopicDescription description;
    try {
      description = await(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
    } catch (UnknownTopicOrPartitionException e) {
      throw new IllegalArgumentException("--topic: '" + topic + "' does not exist", e);
    }
    requireGroup();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    description
        .partitions()
        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
    Map<TopicPartition, ListOffsetsResultInfo> ends = await(admin.listOffsets(latest).all());
    Map<TopicPartition, OffsetAndMetadata> committed =
        await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
    List<PartitionOffsets> offsets = new ArrayList<>();
    for (TopicPartition partition : latest.keySet()) {
      ListOffsetsResultInfo end = ends.get(partition);
      OffsetAndMetadata done = committed.get(partition);
      offsets.add(
          new PartitionOffsets(
              partition.partition(),
              end == null ? PartitionOffsets.UNKNOWN : end.offset(),
              done == null ? PartitionOffsets.UNKNOWN : done.offset()));
    }
    offsets.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
    return offsets;
  }

  /** The lag now, by KEDA's rules. */
  public ConsumerLag read() {
    return ConsumerLag.of(offsets(), settings);
  }

  /** Reads the lag and sends its events; returns the reading. */
  public ConsumerLag publish(MetricsProducer producer, Instant now) {
    ConsumerLag lag = read();
    for (MetricEvent event : events(lag, now)) {
      producer.send(event);
    }
    producer.flush();
    return lag;
  }

  /** {@code queue_depth} and {@code queue_partitions_with_lag}, labelled with group and topic. */
  public List<MetricEvent> events(ConsumerLag lag, Instant now) {
    List<MetricEvent> events = new ArrayList<>();
    for (MetricSample sample : LagSamples.of(group, lag, now)) {
      MetricEvent event =
          MetricEventMapper.toEvent(
              group + "/" + topic + "/" + sample.metric() + "/" + now.toEpochMilli(), sample);
      event.setLabels(Map.of("group", group, "topic", topic));
      events.add(event);
    }
    return events;
  }

  /**
   * A group the broker does not know is reported {@code Dead}; its committed offsets would read as
   * "none" and the lag as the whole topic, so it is refused instead.
   */
  private void requireGroup() {
    try {
      ConsumerGroupDescription described =
          await(admin.describeConsumerGroups(List.of(group)).all()).get(group);
      if (described == null || described.groupState() == GroupState.DEAD) {
        throw new IllegalArgumentException("--group: '" + group + "' does not exist");
      }
    } catch (GroupIdNotFoundException e) {
      throw new IllegalArgumentException("--group: '" + group + "' does not exist", e);
    }
  }

  private <T> T await(org.apache.kafka.common.KafkaFuture<T> future) {
    try {
      return future.get(CALL_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime
          && (runtime instanceof UnknownTopicOrPartitionException
              || runtime instanceof GroupIdNotFoundException)) {
        throw runtime;
      }
      throw new IllegalStateException(
          "the broker did not answer for group '"
              + group
              + "' on topic '"
              + topic
              + "': "
              + e.getCause().getMessage(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "the broker did not answer within " + CALL_TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the lag", e);
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
