package io.headroom.cli;

import io.headroom.ingest.TopicSetup;
import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.PercentileWindow;
import io.headroom.streams.PercentileApp;
import io.headroom.streams.StreamsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

/** Kafka-side measurements of the benchmark, all with the same durable producer settings. */
final class KafkaBench {
  record PathResult(double eventsPerSecond, List<PercentileWindow> windows) {}

  private final String bootstrap;
  private final int partitions;
  private final Map<String, String> streamsProperties;

  KafkaBench(String bootstrap, int partitions, Map<String, String> streamsProperties) {
    this.bootstrap = bootstrap;
    this.partitions = partitions;
    this.streamsProperties = Map.copyOf(streamsProperties);
  }

  int partitions() {
    return partitions;
  }

  /** (a): produce every record and consume it back, concurrently; events per second end to end. */
  double produceAndConsume(BenchWorkload workload, String topic) throws Exception {
    TopicSetup.ensure(bootstrap, Map.of(topic, partitions), (short) 1);
    long start = System.nanoTime();
    CompletableFuture<Integer> consumed = CompletableFuture.supplyAsync(() -> consume(topic, workload.size()).size());
    produce(workload, topic);
    int count = consumed.get(10, TimeUnit.MINUTES);
    if (count < workload.size()) {
      throw new IllegalStateException("consumed only " + count + " of " + workload.size() + " records");
    }
    return workload.size() / ((System.nanoTime() - start) / 1e9);
  }

  /** (b): the Streams app is running; time from the first send until it has committed the last input offset. */
  PathResult throughStreams(BenchWorkload workload, Path stateDir) throws Exception {
    String suffix = Long.toString(System.currentTimeMillis());
    String in = "bench.b.in." + suffix;
    String out = "bench.b.out." + suffix;
    TopicSetup.ensure(bootstrap, Map.of(in, partitions, out, partitions, "bench.b.dlq." + suffix, 1), (short) 1);
    Properties properties = new Properties();
    properties.setProperty("bootstrap.servers", bootstrap);
    properties.setProperty("application.id", "bench-percentiles-" + suffix);
    properties.setProperty("state.dir", stateDir.toString());
    properties.setProperty(StreamsSettings.INPUT_TOPIC, in);
    properties.setProperty(StreamsSettings.OUTPUT_TOPIC, out);
    properties.setProperty(StreamsSettings.DLQ_TOPIC, "bench.b.dlq." + suffix);
    properties.putAll(streamsProperties);
    StreamsSettings settings = StreamsSettings.fromProperties(properties);
    try (KafkaStreams streams = PercentileApp.start(settings); Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      long start = System.nanoTime();
      produce(workload, in);
      Map<TopicPartition, Long> ends = new java.util.HashMap<>();
      for (int p = 0; p < partitions; p++) {
        TopicPartition partition = new TopicPartition(in, p);
        ends.put(partition, admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get().get(partition).offset());
      }
      while (!committedUpTo(admin, settings.kafka().getProperty("application.id"), ends)) {
        Thread.sleep(20);
        if (System.nanoTime() - start > Duration.ofMinutes(10).toNanos()) {
          throw new IllegalStateException("the Streams app did not finish within 10 minutes");
        }
      }
      double rate = workload.size() / ((System.nanoTime() - start) / 1e9);
      AvroCodec<PercentileWindow> codec = AvroCodec.of(PercentileWindow.class);
      List<PercentileWindow> windows = new ArrayList<>();
      for (ConsumerRecord<String, byte[]> record : consume(out, 1)) {
        windows.add(codec.decode(record.value()));
      }
      return new PathResult(rate, windows);
    }
  }

  private static boolean committedUpTo(Admin admin, String group, Map<TopicPartition, Long> ends) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      OffsetAndMetadata offset = committed.get(end.getKey());
      // Under exactly-once the commit marker of the last transaction sits one past the last record.
      if (end.getValue() > 0 && (offset == null || offset.offset() < end.getValue())) {
        return false;
      }
    }
    return true;
  }

  private void produce(BenchWorkload workload, String topic) {
    Map<String, Object> config = Map.of("bootstrap.servers", bootstrap, "enable.idempotence", true, "acks", "all",
        "compression.type", "lz4", "linger.ms", 20, "batch.size", 256 * 1024);
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < workload.size() && failure.get() == null; i++) {
        producer.send(new ProducerRecord<>(topic, null, workload.timestamp(i), workload.key(i), workload.encoded(i)),
            (metadata, exception) -> {
              if (exception != null) {
                failure.compareAndSet(null, exception);
              }
            });
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("producing to " + topic + " failed: " + failure.get().getMessage(), failure.get());
    }
  }

  /** Reads the topic from the start until {@code atLeast} records arrived and two seconds pass without more. */
  private List<ConsumerRecord<String, byte[]>> consume(String topic, int atLeast) {
    Map<String, Object> config = Map.of("bootstrap.servers", bootstrap, "group.id", "bench-" + System.nanoTime(),
        "auto.offset.reset", "earliest", "isolation.level", "read_committed", "max.poll.records", 5000,
        "key.deserializer", StringDeserializer.class.getName(), "value.deserializer", ByteArrayDeserializer.class.getName());
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(topic));
      long lastProgress = System.nanoTime();
      while (records.size() < atLeast) {
        int before = records.size();
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        if (records.size() > before) {
          lastProgress = System.nanoTime();
        } else if (System.nanoTime() - lastProgress > Duration.ofSeconds(60).toNanos()) {
          throw new IllegalStateException("read " + records.size() + " of " + atLeast + " records from " + topic
              + "; nothing more arrived for 60 s");
        }
      }
      if (atLeast <= 1) {
        int before;
        do {
          before = records.size();
          consumer.poll(Duration.ofSeconds(2)).forEach(records::add);
        } while (records.size() > before);
      }
    }
    return records;
  }
}
