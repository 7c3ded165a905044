package io.headroom.bench;

import io.headroom.ingest.TopicSetup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * (a), and the producer and reader every Kafka-side measurement uses (the same durable producer
 * settings).
 */
final class KafkaBench {
  private final String bootstrap;
  private final int partitions;

  KafkaBench(String bootstrap, int partitions) {
    this.bootstrap = bootstrap;
    this.partitions = partitions;
  }

  String bootstrap() {
    return bootstrap;
  }

  int partitions() {
    return partitions;
  }

  /** (a): produce every record and consume it back, concurrently; events per second end to end. */
  double produceAndConsume(BenchWorkload workload, String topic) throws Exception {
    TopicSetup.ensure(bootstrap, Map.of(topic, partitions), (short) 1);
    long start = System.nanoTime();
    CompletableFuture<Integer> consumed =
        CompletableFuture.supplyAsync(() -> consume(topic, workload.size()).size());
    produce(workload, topic);
    int count = consumed.get(10, TimeUnit.MINUTES);
    if (count < workload.size()) {
      throw new IllegalStateException(
          "consumed only " + count + " of " + workload.size() + " records");
    }
    return workload.size() / ((System.nanoTime() - start) / 1e9);
  }

  /** Sends every record, waiting until the broker acknowledged all of them. */
  void produce(BenchWorkload workload, String topic) {
    Map<String, Object> config =
        Map.of(
            "bootstrap.servers",
            bootstrap,
            "enable.idempotence",
            true,
            "acks",
            "all",
            "compression.type",
            "lz4",
            "linger.ms",
            20,
            "batch.size",
            256 * 1024);
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < workload.size() && failure.get() == null; i++) {
        producer.send(
            new ProducerRecord<>(
                topic, null, workload.timestamp(i), workload.key(i), workload.encoded(i)),
            (metadata, exception) -> {
              if (exception != null) {
                failure.compareAndSet(null, exception);
              }
            });
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException(
          "producing to " + topic + " failed: " + failure.get().getMessage(), failure.get());
    }
  }

  /**
   * Reads the topic from the start until {@code atLeast} records arrived and two seconds pass
   * without more.
   */
  List<ConsumerRecord<String, byte[]>> consume(String topic, int atLeast) {
    Map<String, Object> config =
        Map.of(
            "bootstrap.servers",
            bootstrap,
            "group.id",
            "bench-" + System.nanoTime(),
            "auto.offset.reset",
            "earliest",
            "isolation.level",
            "read_committed",
            "max.poll.records",
            5000,
            "key.deserializer",
            StringDeserializer.class.getName(),
            "value.deserializer",
            ByteArrayDeserializer.class.getName());
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
          throw new IllegalStateException(
              "read "
                  + records.size()
                  + " of "
                  + atLeast
                  + " records from "
                  + topic
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
