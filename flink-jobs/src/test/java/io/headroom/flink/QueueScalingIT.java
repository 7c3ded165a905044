package io.headroom.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.flink.kafka.KafkaSettings;
import io.headroom.flink.scaling.ScalingSettings;
import io.headroom.ingest.TopicSetup;
import io.headroom.schemas.ScalingCommand;
import io.headroom.schemas.ScalingCommandMapper;
import io.headroom.stack.LocalStackExtension;
import io.headroom.stack.StackEndpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queue targets on a MiniCluster against a real broker: a consumer group that falls behind is read
 * by the scaling job (KEDA's Kafka scaler) and scaled from zero, then up to the partition count and
 * no further; targets naming a group or a topic that does not exist, or a broker that does not
 * answer, get skipped commands with the reason, and the job keeps deciding the other.
 */
@ExtendWith(LocalStackExtension.class)
class QueueScalingIT {
  static final String WORK = "it.queue.jobs";
  static final String WINDOWS = "it.queue.windows";
  static final String FORECASTS = "it.queue.forecasts";
  static final String COMMANDS = "it.queue.commands";
  static final String GROUP = "it-queue-workers";
  static final String GHOST = "it-queue-ghost";

  @Test
  void aGroupThatFallsBehind_isScaledUpCappedAtThePartitions_anUnknownGroupIsSkippedWithTheReason(
      StackEndpoints stack, @TempDir Path dir) throws Exception {
    String bootstrap = stack.bootstrapServers();
    TopicSetup.ensure(
        bootstrap,
        Map.of(WORK, 4, WINDOWS, 1, FORECASTS, 1, COMMANDS, 1, WINDOWS + ".dlq", 1),
        (short) 1);
    // 1000 items on each of 4 partitions; the group has done 100 of each: 3600 behind
    produce(bootstrap, 1000);
    commit(bootstrap, Map.of(0, 100L, 1, 100L, 2, 100L, 3, 100L));
    Path targets =
        Files.writeString(
            dir.resolve("targets.yaml"),
            """
            targets:
              - name: workers
                queue: {group: %s, topic: %s, lagThreshold: 100, activationLagThreshold: 0,
                        limitToPartitionsWithLag: false}
              - name: ghost
                queue: {group: %s, topic: %s}
              - name: lost
                queue: {group: %s, topic: it.queue.missing}
              - name: island
                queue: {group: %s, topic: %s, bootstrap: "127.0.0.1:1"}
            """
                .formatted(GROUP, WORK, GHOST, WORK, GROUP, GROUP, WORK));
    ScalingSettings scaling =
        ScalingSettings.withTargetsFile(KafkaSettings.of(bootstrap), targets)
            .withRuntime(
                new RuntimeSettings(
                    1, Duration.ofMillis(500), dir.resolve("checkpoints").toString(), "hashmap"))
            .withTopics(WINDOWS, FORECASTS, COMMANDS)
            .withGroupId("it-queue-scaling")
            .withTargetsPoll(Duration.ofSeconds(1))
            .withTiming(Duration.ofSeconds(2), Duration.ofMinutes(2), Duration.ofHours(1))
            .withWatermarks(Duration.ZERO, Duration.ofSeconds(2));

    List<ScalingCommand> commands;
    try (HeadroomJobs.Running running =
        HeadroomJobs.startOnMiniCluster(JobSettings.scalingOnly(scaling))) {
      commands =
          FlinkJobsIT.decode(
              FlinkJobsIT.awaitRecords(bootstrap, COMMANDS, 14), ScalingCommand.class);
    }

    List<ScalingCommand> workers =
        commands.stream().filter(c -> c.getTarget().equals("workers")).toList();
    List<ScalingCommand> ghost =
        commands.stream().filter(c -> c.getTarget().equals("ghost")).toList();
    assertThat(workers).hasSizeGreaterThanOrEqualTo(3);
    assertThat(ghost).isNotEmpty();

    ScalingCommand wake = workers.get(0);
    assertThat(wake.getPolicy()).isEqualTo("queue");
    assertThat(wake.getLimit()).isEqualTo("SCALE_FROM_ZERO");
    assertThat(wake.getFromReplicas()).isZero();
    assertThat(wake.getToReplicas()).isEqualTo(1);
    ScalingCommand up = workers.get(1);
    assertThat(up.getFromReplicas()).isEqualTo(1);
    assertThat(up.getToReplicas()).isEqualTo(4);
    assertThat(up.getMetricValue()).isEqualTo(400.0);
    assertThat(up.getReason())
        .startsWith(
            "lag 3600 on 4 partitions (4 with lag), capped at 4 partitions × 100 per replica = 400");
    assertThat(workers.subList(2, workers.size()))
        .allSatisfy(
            c -> {
              assertThat(c.getFromReplicas()).isEqualTo(4);
              assertThat(c.getToReplicas()).isEqualTo(4);
            });

    assertThat(ghost)
        .allSatisfy(
            c -> {
              assertThat(c.getLimit()).isEqualTo(ScalingCommandMapper.SKIPPED);
              assertThat(c.getFromReplicas()).isEqualTo(c.getToReplicas());
              assertThat(c.getReason())
                  .isEqualTo(
                      "skipped: consumer group '"
                          + GHOST
                          + "' does not exist on "
                          + bootstrap
                          + "; group '"
                          + GHOST
                          + "' on topic '"
                          + WORK
                          + "' is not decided until its lag can be read");
            });
    assertThat(commands.stream().filter(c -> c.getTarget().equals("lost")))
        .isNotEmpty()
        .allSatisfy(
            c ->
                assertThat(c.getReason())
                    .startsWith(
                        "skipped: topic 'it.queue.missing' does not exist on " + bootstrap + ";"));
    assertThat(commands.stream().filter(c -> c.getTarget().equals("island")))
        .isNotEmpty()
        .allSatisfy(
            c -> {
              assertThat(c.getLimit()).isEqualTo(ScalingCommandMapper.SKIPPED);
              assertThat(c.getReason())
                  .startsWith("skipped: the broker 127.0.0.1:1 did not answer within 5 s;");
            });
    assertThat(commands).extracting(ScalingCommand::getCommandId).doesNotHaveDuplicates();
  }

  private static void produce(String bootstrap, int perPartition) {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", bootstrap),
            new StringSerializer(),
            new StringSerializer())) {
      for (int p = 0; p < 4; p++) {
        for (int i = 0; i < perPartition; i++) {
          producer.send(new ProducerRecord<>(WORK, p, "k", "item-" + i));
        }
      }
      producer.flush();
    }
  }

  private static void commit(String bootstrap, Map<Integer, Long> offsets) {
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                "bootstrap.servers", bootstrap, "group.id", GROUP, "enable.auto.commit", "false"),
            new StringDeserializer(),
            new StringDeserializer())) {
      Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
      offsets.forEach((p, o) -> commits.put(new TopicPartition(WORK, p), new OffsetAndMetadata(o)));
      consumer.commitSync(commits);
    }
  }
}
