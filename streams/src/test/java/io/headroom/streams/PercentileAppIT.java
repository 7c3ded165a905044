package io.headroom.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.ingest.MetricsProducer;
import io.headroom.ingest.ProducerSettings;
import io.headroom.ingest.TopicSetup;
import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.MetricEvent;
import io.headroom.schemas.MetricKind;
import io.headroom.schemas.PercentileWindow;
import io.headroom.schemas.Topics;
import io.headroom.stack.LocalStackExtension;
import io.headroom.stack.StackEndpoints;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The percentile topology on a real KRaft broker, exactly-once, with garbage on the input topic.
 */
@ExtendWith(LocalStackExtension.class)
class PercentileAppIT {
  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

  @Test
  void eventsOnTheBroker_becomeExactWindows_andUndecodableRecordsReachTheDeadLetterTopic(
      StackEndpoints stack, @TempDir java.nio.file.Path stateDir) throws Exception {
    String in = "it.raw";
    String out = "it.windows";
    String dlq = "it.dlq";
    TopicSetup.ensure(stack.bootstrapServers(), Map.of(in, 2, out, 2, dlq, 1), (short) 1);

    SplittableRandom random = new SplittableRandom(3);
    double[] latencies = new double[3000];
    try (MetricsProducer producer =
        new MetricsProducer(new ProducerSettings(stack.bootstrapServers(), in))) {
      for (int i = 0; i < latencies.length; i++) {
        latencies[i] = 10 + 90 * Math.exp(0.7 * random.nextGaussian());
        producer.send(event("i" + i, "checkout", latencies[i], T0.plusMillis(i * 20L)));
      }
      producer.send(event("clock", "checkout", 1, T0.plus(Duration.ofMinutes(2))));
    }
    try (var raw =
        new KafkaProducer<String, byte[]>(
            Map.of("bootstrap.servers", stack.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      raw.send(
              new ProducerRecord<>(
                  in, "checkout", "not avro at all".getBytes(StandardCharsets.UTF_8)))
          .get();
    }

    Properties properties = appProperties(stack, "it-percentiles", in, out, dlq, "1m", "200");
    properties.setProperty("state.dir", stateDir.toString());
    List<PercentileWindow> windows = new ArrayList<>();
    List<ConsumerRecord<String, byte[]>> deadLetters = new ArrayList<>();
    try (KafkaStreams streams = PercentileApp.start(StreamsSettings.fromProperties(properties))) {
      AvroCodec<PercentileWindow> codec = AvroCodec.of(PercentileWindow.class);
      for (ConsumerRecord<String, byte[]> record : poll(stack.bootstrapServers(), out, 1)) {
        windows.add(codec.decode(record.value()));
      }
      deadLetters.addAll(poll(stack.bootstrapServers(), dlq, 1));
    }

    PercentileWindow first =
        windows.stream().filter(w -> w.getWindowStart().equals(T0)).findFirst().orElseThrow();
    double[] firstMinute =
        Arrays.copyOf(latencies, 3000); // 3000 × 20 ms = 60 s: all in the first minute
    Arrays.sort(firstMinute);
    assertThat(first.getCount()).isEqualTo(3000);
    assertThat(first.getMin()).isEqualTo(firstMinute[0]);
    assertThat(first.getMax()).isEqualTo(firstMinute[2999]);
    PercentileTopologyTest.assertWithinRelativeAccuracy(
        first.getP50(), PercentileTopologyTest.exactQuantile(firstMinute, 0.5));
    PercentileTopologyTest.assertWithinRelativeAccuracy(
        first.getP99(), PercentileTopologyTest.exactQuantile(firstMinute, 0.99));

    assertThat(deadLetters).hasSize(1);
    assertThat(new String(deadLetters.get(0).value(), StandardCharsets.UTF_8))
        .isEqualTo("not avro at all");
    assertThat(deadLetters.get(0).key()).isEqualTo("checkout");
    Header reason = deadLetters.get(0).headers().lastHeader(Topics.DLQ_REASON_HEADER);
    assertThat(reason).as("the dead-letter reason header").isNotNull();
    assertThat(new String(reason.value(), StandardCharsets.UTF_8))
        .contains("not Avro single-object encoding");
    Header source = deadLetters.get(0).headers().lastHeader(Topics.DLQ_SOURCE_HEADER);
    assertThat(new String(source.value(), StandardCharsets.UTF_8)).startsWith(in + "-");
  }

  @Test
  void openWindowsSurviveARestart_restoredFromTheirChangelog_withEveryEventCountedOnce(
      StackEndpoints stack, @TempDir java.nio.file.Path stateDir) throws Exception {
    String in = "it.restart.raw";
    String out = "it.restart.windows";
    TopicSetup.ensure(
        stack.bootstrapServers(), Map.of(in, 2, out, 2, "it.restart.dlq", 1), (short) 1);
    Properties properties =
        appProperties(stack, "it-percentiles-restart", in, out, "it.restart.dlq", "1m,1h", "200");

    double[] latencies = new SplittableRandom(5).doubles(3000, 5, 500).toArray();
    // First half of the minute, processed and committed; then the app stops and its local state is
    // gone.
    sendLatencies(stack, in, latencies, 0, 1500);
    properties.setProperty(
        "state.dir", Files.createDirectories(stateDir.resolve("first")).toString());
    try (KafkaStreams streams = PercentileApp.start(StreamsSettings.fromProperties(properties));
        Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (committed(admin, "it-percentiles-restart", in) < 1500
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(committed(admin, "it-percentiles-restart", in)).isEqualTo(1500);
    }
    // Second half on a fresh state folder: the open minute and hour must come back from the
    // changelog.
    sendLatencies(stack, in, latencies, 1500, 3000);
    // A re-run of the first half (same event ids): counted before the restart, dropped after it.
    sendLatencies(stack, in, latencies, 0, 1500);
    try (MetricsProducer producer =
        new MetricsProducer(new ProducerSettings(stack.bootstrapServers(), in))) {
      producer.send(event("clock", "checkout", 1, T0.plus(Duration.ofHours(1)).plusSeconds(10)));
    }
    properties.setProperty(
        "state.dir", Files.createDirectories(stateDir.resolve("second")).toString());
    List<PercentileWindow> windows = new ArrayList<>();
    try (KafkaStreams streams = PercentileApp.start(StreamsSettings.fromProperties(properties))) {
      AvroCodec<PercentileWindow> codec = AvroCodec.of(PercentileWindow.class);
      for (ConsumerRecord<String, byte[]> record : poll(stack.bootstrapServers(), out, 2)) {
        windows.add(codec.decode(record.value()));
      }
    }

    double[] sorted = latencies.clone();
    Arrays.sort(sorted);
    for (Duration size : List.of(Duration.ofMinutes(1), Duration.ofHours(1))) {
      PercentileWindow window =
          windows.stream()
              .filter(w -> w.getWindowStart().equals(T0) && w.getWindowEnd().equals(T0.plus(size)))
              .findFirst()
              .orElseThrow(
                  () ->
                      new AssertionError(
                          "no " + size + " window starting " + T0 + " in " + windows));
      assertThat(window.getCount()).as("%s window count", size).isEqualTo(3000);
      assertThat(window.getMin()).isEqualTo(sorted[0]);
      assertThat(window.getMax()).isEqualTo(sorted[2999]);
      PercentileTopologyTest.assertWithinRelativeAccuracy(
          window.getP95(), PercentileTopologyTest.exactQuantile(sorted, 0.95));
    }
  }

  @Test
  void windowsClosedAtTheEndOfABurst_areCommitted_withoutWaitingOutTheCommitInterval(
      StackEndpoints stack, @TempDir java.nio.file.Path stateDir) throws Exception {
    String in = "it.burst.raw";
    String out = "it.burst.windows";
    TopicSetup.ensure(
        stack.bootstrapServers(), Map.of(in, 1, out, 1, "it.burst.dlq", 1), (short) 1);
    double[] latencies = new SplittableRandom(7).doubles(600, 5, 500).toArray();
    sendLatencies(stack, in, latencies, 0, latencies.length);
    try (MetricsProducer producer =
        new MetricsProducer(new ProducerSettings(stack.bootstrapServers(), in))) {
      producer.send(event("clock", "checkout", 1, T0.plus(Duration.ofMinutes(2))));
    }
    // A commit interval long enough that waiting for it would miss the deadline below, and shorter
    // than the transaction timeout.
    Properties properties =
        appProperties(stack, "it-percentiles-burst", in, out, "it.burst.dlq", "1m", "50000");
    properties.setProperty("state.dir", stateDir.toString());
    List<ConsumerRecord<String, byte[]>> visible;
    try (KafkaStreams streams = PercentileApp.start(StreamsSettings.fromProperties(properties))) {
      visible = poll(stack.bootstrapServers(), out, 1, Duration.ofSeconds(25));
    }
    assertThat(visible).as("windows a read-committed consumer sees within 25 s").hasSize(1);
    PercentileWindow window = AvroCodec.of(PercentileWindow.class).decode(visible.get(0).value());
    assertThat(window.getWindowStart()).isEqualTo(T0);
    assertThat(window.getCount()).isEqualTo(latencies.length);
  }

  @Test
  void stopping_takesSeconds_evenWhenTheBrokerStopsAnswering(
      StackEndpoints stack, @TempDir java.nio.file.Path stateDir) throws Exception {
    String in = "it.stop.raw";
    TopicSetup.ensure(
        stack.bootstrapServers(), Map.of(in, 1, "it.stop.windows", 1, "it.stop.dlq", 1), (short) 1);
    sendLatencies(stack, in, new double[] {10, 20, 30}, 0, 3);
    Properties properties =
        appProperties(
            stack, "it-percentiles-stop", in, "it.stop.windows", "it.stop.dlq", "1m", "200");
    properties.setProperty("state.dir", stateDir.toString());
    KafkaStreams streams = PercentileApp.start(StreamsSettings.fromProperties(properties));
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (committed(admin, "it-percentiles-stop", in) < 3 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(committed(admin, "it-percentiles-stop", in)).isEqualTo(3);
    }

    // A paused broker: connections stay open and nothing answers, the worst case for a close.
    signal("STOP", stack.kafkaPid());
    long start = System.nanoTime();
    try {
      StreamsApp.stop(streams);
    } finally {
      signal("CONT", stack.kafkaPid());
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    streams.close(Duration.ofSeconds(60)); // let it finish before the next test uses the broker
  }

  private static void signal(String signal, long pid) throws Exception {
    assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor())
        .isZero();
  }

  private static Properties appProperties(
      StackEndpoints stack,
      String applicationId,
      String in,
      String out,
      String dlq,
      String windows,
      String commitIntervalMs) {
    Properties properties = new Properties();
    properties.setProperty("bootstrap.servers", stack.bootstrapServers());
    properties.setProperty("application.id", applicationId);
    properties.setProperty("commit.interval.ms", commitIntervalMs);
    properties.setProperty(StreamsSettings.INPUT_TOPIC, in);
    properties.setProperty(StreamsSettings.OUTPUT_TOPIC, out);
    properties.setProperty(StreamsSettings.DLQ_TOPIC, dlq);
    properties.setProperty(StreamsSettings.WINDOWS, windows);
    properties.setProperty(StreamsSettings.GRACE, "5s");
    return properties;
  }

  private static void sendLatencies(
      StackEndpoints stack, String topic, double[] latencies, int from, int to) {
    try (MetricsProducer producer =
        new MetricsProducer(new ProducerSettings(stack.bootstrapServers(), topic))) {
      for (int i = from; i < to; i++) {
        producer.send(event("r" + i, "checkout", latencies[i], T0.plusMillis(i * 20L)));
      }
    }
  }

  private static long committed(Admin admin, String group, String topic) throws Exception {
    return admin
        .listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata()
        .get()
        .entrySet()
        .stream()
        .filter(e -> e.getKey().topic().equals(topic))
        .mapToLong(e -> e.getValue().offset())
        .sum();
  }

  private static MetricEvent event(String id, String service, double value, Instant at) {
    return MetricEvent.newBuilder()
        .setEventId(id)
        .setService(service)
        .setInstance(service + "-0")
        .setMetric("latency_ms")
        .setKind(MetricKind.LATENCY_SAMPLE)
        .setValue(value)
        .setEventTime(at)
        .build();
  }

  private static List<ConsumerRecord<String, byte[]>> poll(
      String bootstrap, String topic, int atLeast) {
    return poll(bootstrap, topic, atLeast, Duration.ofSeconds(90));
  }

  private static List<ConsumerRecord<String, byte[]>> poll(
      String bootstrap, String topic, int atLeast, Duration patience) {
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
      long deadline = System.nanoTime() + patience.toNanos();
      while (records.size() < atLeast && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
      consumer.poll(Duration.ofSeconds(2)).forEach(records::add);
    }
    return records;
  }
}
