package io.headroom.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.core.trace.TracePoint;
import io.headroom.core.workload.ServiceProfile;
import io.headroom.core.workload.SimulatedService;
import io.headroom.core.workload.SyntheticTraffic;
import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.MetricEvent;
import io.headroom.stack.LocalStackExtension;
import io.headroom.stack.StackEndpoints;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class MetricsProducerIT {
  private static final Instant T0 = Instant.parse("2026-11-02T00:00:00Z");

  @Test
  void aMissingTopic_isOneLine_beforeAnythingIsSent(StackEndpoints stack) {
    assertThatThrownBy(
            () ->
                new MetricsProducer(
                    new ProducerSettings(stack.bootstrapServers(), "it.producer.no-such-topic")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "topic 'it.producer.no-such-topic' does not exist at "
                + stack.bootstrapServers()
                + ": create it ('./headroom up' creates the pipeline's topics)");
  }

  @Test
  void publishedWorkload_arrivesComplete_keyedByService_inEventOrderPerService(
      StackEndpoints stack) {
    String topic = "it.metrics.raw";
    TopicSetup.ensure(stack.bootstrapServers(), Map.of(topic, 3), (short) 1);
    SyntheticTraffic traffic = SyntheticTraffic.typicalWebService(120);
    List<SimulatedService> services = new ArrayList<>();
    List<List<TracePoint>> loads = new ArrayList<>();
    for (String name : List.of("checkout", "search", "profile")) {
      services.add(new SimulatedService(name, ServiceProfile.defaults(60), name.hashCode()));
      loads.add(traffic.generate(T0, Duration.ofMinutes(1), 120, name.hashCode()));
    }
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    long sent;
    try (MetricsProducer producer =
        new MetricsProducer(new ProducerSettings(stack.bootstrapServers(), topic))) {
      sent =
          new WorkloadPublisher(producer, 0, new PrintStream(progress))
              .publish(services, loads, Duration.ofMinutes(1))
              .events();
      assertThat(producer.acknowledged()).isEqualTo(sent);
    }

    List<ConsumerRecord<String, byte[]>> records =
        consumeAll(stack.bootstrapServers(), topic, sent);
    AvroCodec<MetricEvent> codec = AvroCodec.of(MetricEvent.class);
    Set<String> ids = new HashSet<>();
    Map<String, Integer> partitionOfService = new HashMap<>();
    Map<String, Instant> lastStepOfService = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      MetricEvent event = codec.decode(record.value());
      assertThat(record.key()).isEqualTo(event.getService());
      assertThat(partitionOfService.computeIfAbsent(event.getService(), s -> record.partition()))
          .isEqualTo(record.partition());
      if (event.getMetric().equals("replicas")) {
        Instant previous = lastStepOfService.put(event.getService(), event.getEventTime());
        assertThat(previous == null || previous.isBefore(event.getEventTime())).isTrue();
      }
      ids.add(event.getEventId());
    }
    assertThat(records).hasSize((int) sent);
    assertThat(ids).as("event ids are unique").hasSize((int) sent);
    assertThat(partitionOfService).containsOnlyKeys("checkout", "search", "profile");
    assertThat(progress.toString()).contains("120/120 steps (100%)");
  }

  static List<ConsumerRecord<String, byte[]>> consumeAll(
      String bootstrap, String topic, long expected) {
    Map<String, Object> config =
        Map.of(
            "bootstrap.servers",
            bootstrap,
            "group.id",
            "it-" + System.nanoTime(),
            "auto.offset.reset",
            "earliest",
            "key.deserializer",
            StringDeserializer.class.getName(),
            "value.deserializer",
            ByteArrayDeserializer.class.getName());
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
      // One more poll proves nothing beyond the expected count arrived.
      consumer.poll(Duration.ofMillis(500)).forEach(records::add);
    }
    return records;
  }
}
