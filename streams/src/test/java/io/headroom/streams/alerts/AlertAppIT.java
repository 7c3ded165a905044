package io.headroom.streams.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.ingest.TopicSetup;
import io.headroom.schemas.Alert;
import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.PercentileWindow;
import io.headroom.stack.LocalStackExtension;
import io.headroom.stack.StackEndpoints;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert topology on a real KRaft broker, exactly-once, with the default rules and a garbage
 * record.
 */
@ExtendWith(LocalStackExtension.class)
class AlertAppIT {
  private static final Instant T0 = AlertTopologyTest.T0;

  @Test
  void
      scriptedWindowsOnTheBroker_becomeFiringAndResolvedAlerts_andUndecodableRecordsReachTheDeadLetterTopic(
          StackEndpoints stack, @TempDir Path stateDir) throws Exception {
    String in = "it.alerts.windows";
    String out = "it.alerts";
    String dlq = "it.alerts.windows.dlq";
    TopicSetup.ensure(stack.bootstrapServers(), Map.of(in, 2, out, 1, dlq, 1), (short) 1);

    AvroCodec<PercentileWindow> windowCodec = AvroCodec.of(PercentileWindow.class);
    try (var producer =
        new KafkaProducer<String, byte[]>(
            Map.of("bootstrap.servers", stack.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      // checkout: memory 85 % for 6 minutes, then 60 % for 6: fires at 10:05, resolves at 10:11.
      // search, on whichever partition: memory never above 80 %.
      for (int minute = 0; minute < 12; minute++) {
        double memory = minute < 6 ? 85 : 60;
        send(
            producer,
            in,
            windowCodec,
            AlertTopologyTest.window(
                "checkout", "memory_percent", minute, Duration.ofMinutes(1), memory));
        send(
            producer,
            in,
            windowCodec,
            AlertTopologyTest.window(
                "search", "memory_percent", minute, Duration.ofMinutes(1), 50));
      }
      producer
          .send(new ProducerRecord<>(in, "checkout", "not avro".getBytes(StandardCharsets.UTF_8)))
          .get();
    }

    Properties properties = new Properties();
    properties.setProperty("bootstrap.servers", stack.bootstrapServers());
    properties.setProperty("application.id", "it-alerts");
    properties.setProperty("state.dir", stateDir.toString());
    properties.setProperty("commit.interval.ms", "200");
    properties.setProperty(AlertSettings.INPUT_TOPIC, in);
    properties.setProperty(AlertSettings.OUTPUT_TOPIC, out);
    properties.setProperty(AlertSettings.DLQ_TOPIC, dlq);
    List<Alert> alerts = new ArrayList<>();
    List<ConsumerRecord<String, byte[]>> deadLetters;
    try (KafkaStreams streams = AlertApp.start(AlertSettings.fromProperties(properties))) {
      AvroCodec<Alert> alertCodec = AvroCodec.of(Alert.class);
      for (ConsumerRecord<String, byte[]> record : poll(stack.bootstrapServers(), out, 2)) {
        alerts.add(alertCodec.decode(record.value()));
      }
      deadLetters = poll(stack.bootstrapServers(), dlq, 1);
    }

    assertThat(alerts)
        .extracting(Alert::getService, Alert::getRule, Alert::getState, Alert::getChangedAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "checkout", "memory-high", "firing", T0.plus(Duration.ofMinutes(5))),
            org.assertj.core.groups.Tuple.tuple(
                "checkout", "memory-high", "resolved", T0.plus(Duration.ofMinutes(11))));
    assertThat(deadLetters).hasSize(1);
    assertThat(new String(deadLetters.get(0).value(), StandardCharsets.UTF_8))
        .isEqualTo("not avro");
  }

  private static void send(
      KafkaProducer<String, byte[]> producer,
      String topic,
      AvroCodec<PercentileWindow> codec,
      PercentileWindow window)
      throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                topic,
                null,
                window.getWindowEnd().toEpochMilli(),
                window.getService(),
                codec.encode(window)))
        .get();
  }

  private static List<ConsumerRecord<String, byte[]>> poll(
      String bootstrap, String topic, int atLeast) {
    Map<String, Object> config =
        Map.of(
            "bootstrap.servers",
            bootstrap,
            "group.id",
            "it-" + topic + System.nanoTime(),
            "auto.offset.reset",
            "earliest",
            "isolation.level",
            "read_committed",
            "key.deserializer",
            StringDeserializer.class.getName(),
            "value.deserializer",
            ByteArrayDeserializer.class.getName());
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (records.size() < atLeast && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
      consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
    }
    return records;
  }
}
