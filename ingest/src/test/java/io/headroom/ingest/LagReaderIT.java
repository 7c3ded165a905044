package io.headroom.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.core.queue.ConsumerLag;
import io.headroom.core.queue.KafkaLagSettings;
import io.headroom.core.queue.LagSamples;
import io.headroom.core.queue.QueueDecision;
import io.headroom.core.queue.QueueScaler;
import io.headroom.core.queue.ScaledObject;
import io.headroom.core.scaling.ScalingEngine;
import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.MetricEvent;
import io.headroom.stack.LocalStackExtension;
import io.headroom.stack.StackEndpoints;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class LagReaderIT {
  private static final Instant T0 = Instant.parse("2026-11-02T00:00:00Z");

  @Test
  void aGroupThatFallsBehind_publishesItsLag_andTheScalerScalesUpCappedAtThePartitions(
      StackEndpoints stack) {
    String topic = "it.lag.work";
    String metrics = "it.lag.metrics";
    String group = "it-lag-workers";
    TopicSetup.ensure(stack.bootstrapServers(), Map.of(topic, 4, metrics, 1), (short) 1);
    // 100 records on each partition; the group has consumed 10 of partition 0 and 40 of partition 1
    produce(stack.bootstrapServers(), topic, 4, 100);
    commit(stack.bootstrapServers(), group, topic, Map.of(0, 10L, 1, 40L));
    KafkaLagSettings settings = KafkaLagSettings.DEFAULTS.withLagThreshold(50);

    ConsumerLag lag;
    try (LagReader reader =
            LagReader.connect(properties(stack.bootstrapServers()), group, topic, settings);
        MetricsProducer producer =
            new MetricsProducer(new ProducerSettings(stack.bootstrapServers(), metrics))) {
      // partitions 2 and 3 have no committed offset: 1 each under offsetResetPolicy latest
      lag = reader.publish(producer, T0);
      assertThat(reader.offsets()).hasSize(4);
    }
    assertThat(lag.totalLag()).isEqualTo(90 + 60 + 1 + 1);
    assertThat(lag.partitionsWithLag()).isEqualTo(4);
    // 152 / 50 = 3, not above 4 partitions: reported whole

    Map<String, Double> published = consume(stack.bootstrapServers(), metrics, 2);
    assertThat(published)
        .containsEntry("queue_depth", 152.0)
        .containsEntry(LagSamples.PARTITIONS_WITH_LAG, 4.0);

    // falls further behind: 400 more per partition, the HPA asks for more, KEDA caps at 4
    produce(stack.bootstrapServers(), topic, 4, 400);
    try (LagReader reader =
        LagReader.connect(properties(stack.bootstrapServers()), group, topic, settings)) {
      ConsumerLag behind = reader.read();
      // the uncommitted partitions still count 1 each (latest): only 0 and 1 grow
      assertThat(behind.totalLag()).isEqualTo(152 + 2 * 400);
      assertThat(behind.metricValue()).isEqualTo(4 * 50);
      QueueScaler scaler =
          new QueueScaler(ScalingEngine.withDefaults(), ScaledObject.defaults(), 50);
      QueueDecision first = scaler.decide(QueueScaler.State.INITIAL, lag, 1, 1, T0);
      assertThat(first.to()).isEqualTo(4); // ceil(152 / 50)
      QueueDecision second =
          scaler.decide(first.state(), behind, 4, 4, T0.plus(Duration.ofSeconds(15)));
      assertThat(second.to()).isEqualTo(4);
      assertThat(second.reason()).contains("capped at 4 partitions × 50 per replica = 200");
    }
  }

  @Test
  void unknownTopicOrGroup_isOneLineNamingIt(StackEndpoints stack) {
    TopicSetup.ensure(stack.bootstrapServers(), Map.of("it.lag.known", 1), (short) 1);
    try (LagReader reader =
        LagReader.connect(
            properties(stack.bootstrapServers()),
            "g",
            "it.lag.missing",
            KafkaLagSettings.DEFAULTS)) {
      assertThatThrownBy(reader::read).hasMessage("--topic: 'it.lag.missing' does not exist");
    }
    try (LagReader reader =
        LagReader.connect(
            properties(stack.bootstrapServers()),
            "no-such-group",
            "it.lag.known",
            KafkaLagSettings.DEFAULTS)) {
      assertThatThrownBy(reader::read).hasMessage("--group: 'no-such-group' does not exist");
    }
  }

  private static Properties properties(String bootstrap) {
    Properties properties = new Properties();
    properties.put("bootstrap.servers", bootstrap);
    return properties;
  }

  private static void produce(String bootstrap, String topic, int partitions, int perPartition) {
    Properties config = properties(bootstrap);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      for (int p = 0; p < partitions; p++) {
        for (int i = 0; i < perPartition; i++) {
          producer.send(new ProducerRecord<>(topic, p, "k", "item-" + i));
        }
      }
      producer.flush();
    }
  }

  private static void commit(
      String bootstrap, String group, String topic, Map<Integer, Long> offsets) {
    Properties config = properties(bootstrap);
    config.put("group.id", group);
    config.put("enable.auto.commit", "false");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
      offsets.forEach(
          (p, o) -> commits.put(new TopicPartition(topic, p), new OffsetAndMetadata(o)));
      consumer.commitSync(commits);
    }
  }

  private static Map<String, Double> consume(String bootstrap, String topic, int expected) {
    Properties config = properties(bootstrap);
    config.put("group.id", "it-lag-check");
    config.put("auto.offset.reset", "earliest");
    AvroCodec<MetricEvent> codec = AvroCodec.of(MetricEvent.class);
    Map<String, Double> values = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          MetricEvent event = codec.decode(record.value());
          assertThat(record.key()).isEqualTo("it-lag-workers");
          assertThat(String.valueOf(event.getLabels())).contains("it.lag.work");
          values.put(event.getMetric(), event.getValue());
        }
      }
    }
    return values;
  }
}
