package io.headroom.bench;

import io.headroom.core.metric.MetricNames;
import io.headroom.ingest.TopicSetup;
import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.PercentileWindow;
import io.headroom.schemas.Topics;
import io.headroom.streams.PercentileApp;
import io.headroom.streams.StreamsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;

/**
 * (b): one Streams app, started once and kept running as users run it, fed the workload once per
 * measurement. Each burst is the workload moved later in event time by a whole span plus an hour,
 * so it is new traffic for the app (its windows are not late) and it closes the previous burst's
 * windows. Starting an app per measurement measured its start-up (topics, group join, transactional
 * producer) and, worse, made the JIT throw away and recompile the Streams code each time: 1.5 to 2
 * CPU-seconds of compilation per measurement on two cores.
 */
final class StreamsPathBench implements AutoCloseable {
  private static final Duration GAP_BETWEEN_BURSTS = Duration.ofHours(1);

  private final KafkaBench kafka;
  private final String in;
  private final String out;
  private final String applicationId;
  private final KafkaStreams streams;
  private final Admin admin;
  private int bursts;

  StreamsPathBench(KafkaBench kafka, Map<String, String> streamsProperties, Path stateDir)
      throws Exception {
    String bootstrap = kafka.bootstrap();
    this.kafka = kafka;
    String suffix = Long.toString(System.currentTimeMillis());
    this.in = "bench.b.in." + suffix;
    this.out = "bench.b.out." + suffix;
    this.applicationId = "bench-percentiles-" + suffix;
    TopicSetup.ensure(
        bootstrap,
        Map.of(in, kafka.partitions(), out, kafka.partitions(), Topics.deadLetterTopic(in), 1),
        (short) 1);
    Properties properties = new Properties();
    properties.setProperty("bootstrap.servers", bootstrap);
    properties.setProperty("application.id", applicationId);
    properties.setProperty("state.dir", stateDir.toString());
    properties.setProperty(StreamsSettings.INPUT_TOPIC, in);
    properties.setProperty(StreamsSettings.OUTPUT_TOPIC, out);
    properties.putAll(streamsProperties);
    this.admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
    this.streams = PercentileApp.start(StreamsSettings.fromProperties(properties));
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING) {
      if (System.nanoTime() > deadline) {
        close();
        throw new IllegalStateException(
            "the Streams app is " + streams.state() + " after 2 minutes, not RUNNING");
      }
      Thread.sleep(50);
    }
  }

  /**
   * Events per second from the first send of the next burst until the app has committed its last
   * input offset.
   */
  double measureBurst(BenchWorkload workload) throws Exception {
    BenchWorkload burst =
        workload.later(workload.eventTimeSpan().plus(GAP_BETWEEN_BURSTS).multipliedBy(bursts++));
    long start = System.nanoTime();
    kafka.produce(burst, in);
    Map<TopicPartition, Long> ends = new HashMap<>();
    for (int p = 0; p < kafka.partitions(); p++) {
      TopicPartition partition = new TopicPartition(in, p);
      ends.put(
          partition,
          admin
              .listOffsets(Map.of(partition, OffsetSpec.latest()))
              .all()
              .get()
              .get(partition)
              .offset());
    }
    while (!committedUpTo(ends)) {
      Thread.sleep(20);
      if (System.nanoTime() - start > Duration.ofMinutes(10).toNanos()) {
        throw new IllegalStateException("the Streams app did not finish within 10 minutes");
      }
    }
    return workload.size() / ((System.nanoTime() - start) / 1e9);
  }

  /**
   * The one-minute latency windows of the first burst (the workload's own event times), all closed
   * by the second.
   */
  List<PercentileWindow> firstBurstLatencyWindows(BenchWorkload workload) {
    Instant firstBurstEnd =
        BenchWorkload.START.plus(workload.eventTimeSpan()).plus(GAP_BETWEEN_BURSTS);
    AvroCodec<PercentileWindow> codec = AvroCodec.of(PercentileWindow.class);
    List<PercentileWindow> windows = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : kafka.consume(out, 1)) {
      PercentileWindow window = codec.decode(record.value());
      if (window.getMetric().equals(MetricNames.LATENCY_MS)
          && window.getWindowStart().isBefore(firstBurstEnd)) {
        windows.add(window);
      }
    }
    return windows;
  }

  private boolean committedUpTo(Map<TopicPartition, Long> ends) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      OffsetAndMetadata offset = committed.get(end.getKey());
      // Under exactly-once the commit marker of the last transaction sits one past the last record.
      if (end.getValue() > 0 && (offset == null || offset.offset() < end.getValue())) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    streams.close(Duration.ofMinutes(1));
    admin.close();
  }
}
