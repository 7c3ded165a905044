package io.headroom.flink.scaling;

import io.headroom.core.queue.LagReading;
import io.headroom.core.queue.PartitionOffsets;
import io.headroom.core.target.QueueSource;
import io.headroom.core.target.TargetConfig;
import io.headroom.core.target.TargetsConfig;
import io.headroom.flink.serde.CodecTypeInfo;
import io.headroom.flink.serde.StatelessCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every queue target's consumer-group offsets once per sync period (committed against
 * log-end, per partition of its topic, through the Admin API as KEDA's Kafka scaler does) and emits
 * them as {@link LagReading}s keyed by target; the lag rules and the decision are core's ({@link
 * io.headroom.core.target.LiveTarget#decideQueue}). A group or topic that does not exist, or a
 * broker that does not answer, becomes a reading with the one-line reason (logged once per change),
 * and the scaling function turns it into a skipped command. Runs with parallelism 1 and, as the
 * targets re-reader, is idle for watermarks: readings are processing-time events that never move
 * the windows' event time.
 */
final class QueueLagSource {
  private static final Logger LOG = LoggerFactory.getLogger(QueueLagSource.class);
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
  private static final String NO_ANSWER = "did not answer within";

  private QueueLagSource() {}

  static DataGeneratorSource<Batch> create(ScalingSettings settings) {
    return new DataGeneratorSource<>(
        new ReadLag(settings),
        Long.MAX_VALUE,
        RateLimiterStrategy.perSecond(1000.0 / Math.max(1, settings.sync().toMillis())),
        CodecTypeInfo.of(new Batch.Codec()));
  }

  /** True when the job should read lag: a queue target now, or a targets file that may add one. */
  static boolean needed(ScalingSettings settings) {
    boolean polled = settings.targetsPath() != null && !settings.targetsPoll().isZero();
    return polled || settings.targets().targets().values().stream().anyMatch(TargetConfig::isQueue);
  }

  static <T> WatermarkStrategy<T> idle() {
    return WatermarkStrategy.forGenerator(
        context ->
            new WatermarkGenerator<>() {
              @Override
              public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

              @Override
              public void onPeriodicEmit(WatermarkOutput output) {
                output.markIdle();
              }
            });
  }

  /** The readings of one period, one per queue target. */
  record Batch(List<ScalingInput> readings) {
    Batch {
      readings = List.copyOf(readings);
    }

    static final class Codec extends StatelessCodec<Batch> {
      private static final long serialVersionUID = 1L;
      private final ScalingInput.Codec inputs = new ScalingInput.Codec();

      Codec() {
        super(Batch.class, true);
      }

      @Override
      public byte[] encode(Batch batch) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
          out.writeInt(batch.readings().size());
          for (ScalingInput input : batch.readings()) {
            byte[] body = inputs.encode(input);
            out.writeInt(body.length);
            out.write(body);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
      }

      @Override
      public Batch decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
          int n = in.readInt();
          List<ScalingInput> readings = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            readings.add(inputs.decode(in.readNBytes(in.readInt())));
          }
          return new Batch(readings);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  /**
   * One period: the queue targets of the targets file as it is now (re-read when polled; an invalid
   * edit keeps the last valid version, which the scaling function logs), each read.
   */
  static final class ReadLag implements GeneratorFunction<Long, Batch> {
    private static final long serialVersionUID = 1L;
    private final ScalingSettings settings;
    private transient Map<String, Admin> admins;
    private transient Map<String, String> problems;
    private transient String text;
    private transient TargetsConfig targets;

    ReadLag(ScalingSettings settings) {
      this.settings = settings;
    }

    @Override
    public void open(SourceReaderContext readerContext) {
      admins = new HashMap<>();
      problems = new HashMap<>();
      text = settings.targetsText();
      targets = settings.targets();
    }

    @Override
    public Batch map(Long index) {
      refreshTargets();
      List<ScalingInput> readings = new ArrayList<>();
      // a broker that did not answer is asked once per period, not once per target
      Map<String, String> unanswered = new HashMap<>();
      for (TargetConfig target : targets.targets().values()) {
        if (!target.isQueue()) {
          continue;
        }
        String bootstrap = target.queue().bootstrapOr(settings.kafka().bootstrapServers());
        long now = System.currentTimeMillis();
        LagReading reading =
            unanswered.containsKey(bootstrap)
                ? LagReading.failed(now, unanswered.get(bootstrap))
                : read(target.queue(), now);
        if (Thread.currentThread().isInterrupted()) {
          return new Batch(List.of()); // the task is being cancelled: no reading, no noise
        }
        if (reading.failed() && reading.problem().contains(NO_ANSWER)) {
          unanswered.put(bootstrap, reading.problem());
        }
        String before = problems.put(target.name(), reading.problem());
        if (reading.failed() && !reading.problem().equals(before)) {
          LOG.warn("queue target {}: {}, skipped", target.name(), reading.problem());
        } else if (!reading.failed() && before != null) {
          LOG.info("queue target {}: the lag can be read again", target.name());
        }
        readings.add(ScalingInput.of(target.name(), reading));
      }
      return new Batch(readings);
    }

    private void refreshTargets() {
      if (settings.targetsPath() == null || settings.targetsPoll().isZero()) {
        return;
      }
      try {
        String now = Files.readString(Path.of(settings.targetsPath()), StandardCharsets.UTF_8);
        if (!now.equals(text)) {
          targets = TargetsConfig.parse(now, settings.sync());
          text = now;
        }
      } catch (IOException | RuntimeException e) {
        // unreadable or invalid: the targets in force stay (the scaling function says why)
      }
    }

    LagReading read(QueueSource queue, long now) {
      String bootstrap = queue.bootstrapOr(settings.kafka().bootstrapServers());
      Admin admin = admins.computeIfAbsent(bootstrap, this::admin);
      try {
        return LagReading.of(now, offsets(admin, queue, bootstrap));
      } catch (Problem e) {
        return LagReading.failed(now, e.getMessage());
      }
    }

    private Admin admin(String bootstrap) {
      Properties config = settings.kafka().clientProperties(new Properties());
      config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
      config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
      config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "headroom-scaling-lag");
      return Admin.create(config);
    }

    @Override
    public void close() {
      if (admins != null) {
        admins.values().forEach(a -> a.close(Duration.ofSeconds(2)));
      }
    }
  }

  /** Why the offsets could not be read, in one line. */
  static final class Problem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Problem(String message) {
      super(message, null, false, false);
    }
  }

  /** The group's offsets on every partition of its topic, as {@code ./headroom lag} reads them. */
  static List<PartitionOffsets> offsets(Admin admin, QueueSource queue, String bootstrap) {
    String topic = queue.topic();
    String group = queue.group();
    TopicDescription description;
    try {
      description =
          await(admin.describeTopics(List.of(topic)).allTopicNames(), bootstrap).get(topic);
    } catch (Missing e) {
      throw new Problem("topic '" + topic + "' does not exist on " + bootstrap);
    }
    try {
      ConsumerGroupDescription described =
          await(admin.describeConsumerGroups(List.of(group)).all(), bootstrap).get(group);
      if (described == null || described.groupState() == GroupState.DEAD) {
        throw new Missing();
      }
    } catch (Missing e) {
      throw new Problem("consumer group '" + group + "' does not exist on " + bootstrap);
    }
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    description
        .partitions()
        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
    Map<TopicPartition, ListOffsetsResultInfo> ends;
    Map<TopicPartition, OffsetAndMetadata> committed;
    try {
      ends = await(admin.listOffsets(latest).all(), bootstrap);
      committed =
          await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), bootstrap);
    } catch (Missing e) {
      throw new Problem(queue.describe() + " vanished on " + bootstrap + " while being read");
    }
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

  /** The broker said the topic or group does not exist. */
  private static final class Missing extends Exception {
    private static final long serialVersionUID = 1L;

    Missing() {
      super(null, null, false, false);
    }
  }

  private static <T> T await(KafkaFuture<T> future, String bootstrap) throws Missing {
    try {
      return future.get(CALL_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UnknownTopicOrPartitionException
          || cause instanceof GroupIdNotFoundException) {
        throw new Missing();
      }
      if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw new Problem(
            "the broker "
                + bootstrap
                + " did not answer within "
                + CALL_TIMEOUT.toSeconds()
                + " s");
      }
      throw new Problem("the broker " + bootstrap + " refused the lag read: " + cause.getMessage());
    } catch (TimeoutException e) {
      throw new Problem(
          "the broker " + bootstrap + " " + NO_ANSWER + " " + CALL_TIMEOUT.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Problem("interrupted while reading the lag from " + bootstrap);
    }
  }
}
