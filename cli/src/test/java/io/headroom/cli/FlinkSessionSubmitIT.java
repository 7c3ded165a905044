package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.sketch.SketchAccumulator;
import io.headroom.ingest.TopicSetup;
import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.MetricKind;
import io.headroom.schemas.PercentileWindow;
import io.headroom.schemas.PercentileWindowMapper;
import io.headroom.schemas.ScalingCommand;
import io.headroom.stack.FlinkJars;
import io.headroom.stack.FlinkRestClient;
import io.headroom.stack.FlinkSessionCluster;
import io.headroom.stack.LocalStackExtension;
import io.headroom.stack.StackEndpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded job jar on a Flink session cluster of separate JobManager and TaskManager processes,
 * submitted as users do it ({@code ./headroom flink submit} over the REST API), reading windows
 * from and writing commands to a real broker, exactly-once.
 */
@ExtendWith(LocalStackExtension.class)
class FlinkSessionSubmitIT {
  static final String WINDOWS = "it.session.windows";
  static final String FORECASTS = "it.session.forecasts";
  static final String COMMANDS = "it.session.commands";
  static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  static final int MINUTES = 20;
  static final String TARGETS =
      """
      targets:
        - name: checkout
          metrics:
            cpu: {metric: cpu_percent, statistic: mean}
          spec:
            minReplicas: 1
            maxReplicas: 20
            metrics:
              - type: Resource
                resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
      """;

  @Test
  void scalingJobJar_submittedThroughRest_emitsCommandsExactlyOnce(
      StackEndpoints stack, @TempDir Path dir) throws Exception {
    String bootstrap = stack.bootstrapServers();
    TopicSetup.ensure(
        bootstrap,
        Map.of(WINDOWS, 2, FORECASTS, 1, COMMANDS, 1, WINDOWS + ".dlq", 1, FORECASTS + ".dlq", 1),
        (short) 1);
    produceWindows(bootstrap);
    Path targets = Files.writeString(dir.resolve("targets.yaml"), TARGETS);

    try (FlinkSessionCluster cluster =
        FlinkSessionCluster.start(dir.resolve("stack"), FlinkJars.locate(), 2)) {
      long submitted = System.nanoTime();
      int exit =
          HeadroomCommand.run(
              "flink",
              "submit",
              "scaling",
              "--jar",
              jobJar().toString(),
              "--rest",
              cluster.restUrl(),
              "--",
              "--bootstrap",
              bootstrap,
              "--targets",
              targets.toString(),
              "--windows-topic",
              WINDOWS,
              "--forecasts-topic",
              FORECASTS,
              "--output-topic",
              COMMANDS,
              "--group-id",
              "it-session-scaling",
              "--checkpoint-dir",
              cluster.checkpointsUri(),
              "--checkpoint-interval",
              "1s",
              "--idleness",
              "2s",
              "--out-of-orderness",
              "0s",
              "--targets-poll",
              "1s");
      double toRunning = (System.nanoTime() - submitted) / 1e9;
      assertThat(exit).isZero();
      System.out.printf(
          "FlinkSessionSubmitIT: submit (upload + run) to all tasks RUNNING: %.1f s%n", toRunning);

      FlinkRestClient client = cluster.client();
      List<FlinkRestClient.JobSummary> jobs = client.jobs();
      assertThat(jobs)
          .singleElement()
          .extracting(FlinkRestClient.JobSummary::state)
          .isEqualTo("RUNNING");

      // A decision every 15 s of event time from the first window's end (10:01) up to the
      // watermark, just before the last window's end (10:20): 76, each exactly once.
      List<ScalingCommand> commands = awaitCommands(bootstrap, 76);
      System.out.printf(
          "FlinkSessionSubmitIT: %d commands read committed, %s to %s%n",
          commands.size(),
          commands.get(0).getDecidedAt(),
          commands.get(commands.size() - 1).getDecidedAt());
      List<Instant> grid = new ArrayList<>();
      Instant lastWindowEnd = T0.plusSeconds(60L * MINUTES);
      for (Instant t = T0.plusSeconds(60); t.isBefore(lastWindowEnd); t = t.plusSeconds(15)) {
        grid.add(t);
      }
      assertThat(commands)
          .extracting(ScalingCommand::getDecidedAt)
          .containsExactlyInAnyOrderElementsOf(grid);
      assertThat(commands).allMatch(c -> c.getTarget().toString().equals("checkout"));
      assertThat(commands)
          .as("cpu 100 %% of a 50 %% target on 4 replicas: scale to 8")
          .anyMatch(c -> c.getFromReplicas() == 4 && c.getToReplicas() == 8);

      assertThat(
              HeadroomCommand.run("flink", "cancel", jobs.get(0).id(), "--rest", cluster.restUrl()))
          .isZero();
      awaitState(client, jobs.get(0).id(), "CANCELED");
    }
  }

  static Path jobJar() {
    String configured = System.getProperty("headroom.job.jar");
    if (configured != null) {
      return Path.of(configured);
    }
    // The broker's jars are in <checkout>/stack/<build folder>/kafka-broker; the job jar is built
    // into the same build folder of flink-jobs.
    Path brokerLib = Path.of(System.getProperty("headroom.broker.lib"));
    Path buildFolder = brokerLib.getParent().getFileName();
    Path checkout = brokerLib.getParent().getParent().getParent();
    Path jar =
        checkout
            .resolve("flink-jobs")
            .resolve(buildFolder)
            .resolve("headroom-flink-jobs-0.1.0-SNAPSHOT-job.jar");
    assertThat(jar).as("the job jar (flink-jobs' package phase)").isRegularFile();
    return jar;
  }

  /** checkout: 4 replicas, 100 % cpu (the target is 50 %), 600 requests, one window a minute. */
  static void produceWindows(String bootstrap) throws Exception {
    AvroCodec<PercentileWindow> codec = AvroCodec.of(PercentileWindow.class);
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", bootstrap, "acks", "all"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (int n = 0; n < MINUTES; n++) {
        for (PercentileWindow w :
            List.of(
                window("requests", MetricKind.COUNTER, n, 600),
                window("replicas", MetricKind.GAUGE, n, 4),
                window("cpu_percent", MetricKind.GAUGE, n, 100))) {
          producer.send(
              new ProducerRecord<>(
                  WINDOWS, null, w.getWindowEnd().toEpochMilli(), "checkout", codec.encode(w)));
        }
      }
      producer.flush();
    }
  }

  static PercentileWindow window(String metric, MetricKind kind, int minute, double value) {
    SketchAccumulator accumulator = new SketchAccumulator(0.01);
    accumulator.add(value);
    Instant start = T0.plus(Duration.ofMinutes(minute));
    return PercentileWindowMapper.toWindow(
        "checkout", metric, kind, start, start.plus(Duration.ofMinutes(1)), accumulator);
  }

  /** The committed commands (read_committed), once there are at least {@code count}. */
  static List<ScalingCommand> awaitCommands(String bootstrap, int count) {
    AvroCodec<ScalingCommand> codec = AvroCodec.of(ScalingCommand.class);
    List<ScalingCommand> commands = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                "bootstrap.servers",
                bootstrap,
                "group.id",
                "it-session-read-" + System.nanoTime(),
                "auto.offset.reset",
                "earliest",
                "isolation.level",
                "read_committed"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(COMMANDS));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (commands.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(300)).forEach(r -> commands.add(codec.decode(r.value())));
      }
      // A little longer: a duplicate would arrive with a later checkpoint.
      consumer.poll(Duration.ofSeconds(3)).forEach(r -> commands.add(codec.decode(r.value())));
    }
    assertThat(commands.size()).as("commands on " + COMMANDS).isGreaterThanOrEqualTo(count);
    return commands;
  }

  static void awaitState(FlinkRestClient client, String jobId, String state) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!client.job(jobId).state().equals(state) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(client.job(jobId).state()).isEqualTo(state);
  }
}
