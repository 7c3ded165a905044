package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.clickhouse.ClickHouseConnections;
import io.headroom.clickhouse.ClickHouseLoader;
import io.headroom.clickhouse.ClickHouseSettings;
import io.headroom.clickhouse.LoaderSettings;
import io.headroom.clickhouse.QueryCatalogue;
import io.headroom.clickhouse.WorkerHealth;
import io.headroom.ingest.MetricsProducer;
import io.headroom.ingest.ProducerSettings;
import io.headroom.schemas.MetricEvent;
import io.headroom.schemas.MetricKind;
import io.headroom.schemas.Topics;
import io.headroom.stack.FaultReport;
import io.headroom.stack.LocalStack;
import io.headroom.stack.StackEndpoints;
import io.headroom.streams.PercentileApp;
import io.headroom.streams.StreamsSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code up --brokers 3}, then one broker killed with SIGKILL while a replay is being produced,
 * consumed by the percentile app (exactly-once) and loaded into ClickHouse: every event is in
 * {@code metric_events} once, every latency sample is counted once in the minute windows, and the
 * producer, the Streams app and the loader carry on without a restart.
 */
class BrokerKillIT {
  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  private static final int EVENTS = 60_000;
  private static final List<String> SERVICES = List.of("checkout", "search", "cart", "auth");

  @Test
  @Tag("fault")
  void killMinus9OfOneOfThreeBrokersMidReplay_losesNothing_duplicatesNothing_andAllCarryOn(
      @TempDir Path dir, @TempDir Path stateDir) throws Exception {
    long t0 = System.nanoTime();
    StackEndpoints stack = UpCommand.start(dir, 2, 3);
    System.out.printf(
        "3-broker stack up in %.1f s: %s%n", secondsSince(t0), stack.bootstrapServers());
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
      assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(3);
      TopicDescription raw =
          admin
              .describeTopics(List.of(Topics.METRICS_RAW))
              .allTopicNames()
              .get(30, TimeUnit.SECONDS)
              .get(Topics.METRICS_RAW);
      raw.partitions().forEach(p -> assertThat(p.replicas()).hasSize(3));
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, Topics.METRICS_RAW);
      assertThat(
              admin
                  .describeConfigs(List.of(resource))
                  .all()
                  .get(30, TimeUnit.SECONDS)
                  .get(resource)
                  .get("min.insync.replicas")
                  .value())
          .isEqualTo("2");
      int victimId = raw.partitions().get(0).leader().id();
      StackEndpoints.KafkaNode victim =
          stack.kafkaNodes().stream().filter(n -> n.nodeId() == victimId).findFirst().orElseThrow();

      StreamsSettings settings =
          StreamsCommand.settings(
              stack.bootstrapServers(),
              null,
              Map.of(
                  "application.id",
                  "broker-kill",
                  "state.dir",
                  stateDir.toString(),
                  "commit.interval.ms",
                  "200",
                  StreamsSettings.WINDOWS,
                  "1m",
                  StreamsSettings.GRACE,
                  "5s"));
      ClickHouseSettings clickhouse = ClickHouseSettings.local(stack.clickhouseJdbcUrl());
      try (KafkaStreams streams = PercentileApp.start(settings);
          ClickHouseLoader loader =
              ClickHouseLoader.start(
                  LoaderSettings.defaults(stack.bootstrapServers(), clickhouse),
                  ClickHouseLoader.defaultRoutes());
          MetricsProducer producer =
              new MetricsProducer(
                  new ProducerSettings(stack.bootstrapServers(), Topics.METRICS_RAW))) {
        // The longest time the producer's acknowledgements stood still while it had events out.
        AtomicLong longestStallMillis = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        Thread watch =
            new Thread(
                () -> {
                  long last = -1;
                  long since = System.nanoTime();
                  while (!Thread.currentThread().isInterrupted()) {
                    long acked = producer.acknowledged();
                    if (acked != last || acked >= sent.get()) {
                      last = acked;
                      since = System.nanoTime();
                    } else {
                      longestStallMillis.accumulateAndGet(
                          (System.nanoTime() - since) / 1_000_000, Math::max);
                    }
                    try {
                      Thread.sleep(50);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                },
                "ack-watch");
        watch.setDaemon(true);
        watch.start();

        SplittableRandom random = new SplittableRandom(7);
        long replayStart = System.nanoTime();
        long killedAt = 0;
        int perService = EVENTS / SERVICES.size();
        // 10 minutes of event time per service, sent at about 3,000 events a second.
        for (int i = 0; i < perService; i++) {
          for (String service : SERVICES) {
            producer.send(
                MetricEvent.newBuilder()
                    .setEventId(service + "-" + i)
                    .setService(service)
                    .setInstance(service + "-" + (i % 3))
                    .setMetric("latency_ms")
                    .setKind(MetricKind.LATENCY_SAMPLE)
                    .setValue(50 * Math.exp(0.5 * random.nextGaussian()))
                    .setUnit("ms")
                    .setEventTime(T0.plusMillis(600_000L * i / perService))
                    .build());
            sent.incrementAndGet();
          }
          if (i % 75 == 74) {
            Thread.sleep(100);
          }
          if (sent.get() == EVENTS / 3) {
            killedAt = System.nanoTime();
            kill(victim.pid());
            System.out.printf(
                "killed broker %d (pid %d, leader of %s-0) with SIGKILL after %,d events sent,"
                    + " %,d acknowledged, %.1f s into the replay%n",
                victim.nodeId(),
                victim.pid(),
                Topics.METRICS_RAW,
                sent.get(),
                producer.acknowledged(),
                secondsSince(replayStart));
          }
        }
        // Later samples move stream time past the last minute's grace on every partition.
        for (String service : SERVICES) {
          producer.send(
              MetricEvent.newBuilder()
                  .setEventId(service + "-clock")
                  .setService(service)
                  .setInstance("x")
                  .setMetric("cpu_percent")
                  .setKind(MetricKind.GAUGE)
                  .setValue(1)
                  .setEventTime(T0.plus(Duration.ofMinutes(12)))
                  .build());
          sent.incrementAndGet();
        }
        producer.flush();
        watch.interrupt();
        long expected = sent.get();
        assertThat(producer.acknowledged()).isEqualTo(expected);
        System.out.printf(
            "replay done: %,d events acknowledged in %.1f s (%.1f s after the kill); longest"
                + " acknowledgement stall %.1f s%n",
            expected,
            secondsSince(replayStart),
            secondsSince(killedAt),
            longestStallMillis.get() / 1000.0);

        long[] counts = new long[2];
        boolean reconciled =
            ClickHouseLoader.await(
                () -> {
                  try (Connection c = ClickHouseConnections.open(clickhouse)) {
                    counts[0] = scalar(c, "SELECT count() AS n FROM headroom.metric_events FINAL");
                    counts[1] =
                        scalar(
                            c,
                            "SELECT sum(count) AS n FROM headroom.percentile_windows FINAL"
                                + " WHERE metric = 'latency_ms' AND window_seconds = 60");
                    return counts[0] >= expected && counts[1] >= EVENTS;
                  } catch (Exception e) {
                    return false;
                  }
                },
                Duration.ofSeconds(180));
        System.out.printf(
            "reconciled %.1f s after the kill: metric_events FINAL %,d of %,d; latency samples in"
                + " the 1-minute windows %,d of %,d; loader loaded %,d event records (%,d"
                + " windows), health %s; streams %s%n",
            secondsSince(killedAt),
            counts[0],
            expected,
            counts[1],
            EVENTS,
            loader.recordsLoaded("metric_events"),
            loader.recordsLoaded("percentile_windows"),
            loader.health(),
            streams.state());
        FaultReport.record(
            "1 of 3 brokers killed -9 mid-replay (Streams + loader)",
            expected,
            Math.max(0, expected - counts[0]),
            Math.max(0, counts[1] - EVENTS),
            secondsSince(killedAt));
        assertThat(reconciled).as("events and window counts in ClickHouse").isTrue();
        // Exact: nothing lost, nothing counted twice.
        assertThat(counts[0]).isEqualTo(expected);
        assertThat(counts[1]).isEqualTo(EVENTS);
        try (Connection c = ClickHouseConnections.open(clickhouse)) {
          assertThat(
                  scalar(
                      c,
                      "SELECT count() AS n FROM headroom.percentile_windows FINAL"
                          + " WHERE metric = 'latency_ms' AND window_seconds = 60"))
              .as("ten closed minutes per service")
              .isEqualTo(10L * SERVICES.size());
        }
        assertThat(streams.state())
            .isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
        assertThat(loader.failure()).isEmpty();
        assertThat(loader.health()).isEqualTo(WorkerHealth.HEALTHY);
      }
      assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
          .as("two brokers left")
          .hasSize(2);
      // Internal topics: the group offsets, the transaction state, the Streams app's changelog.
      List<String> internal =
          admin
              .listTopics(new ListTopicsOptions().listInternal(true))
              .names()
              .get(30, TimeUnit.SECONDS)
              .stream()
              .filter(t -> t.startsWith("__") || t.startsWith("broker-kill-"))
              .sorted()
              .toList();
      assertThat(internal).contains("__consumer_offsets", "__transaction_state");
      assertThat(internal).anyMatch(t -> t.endsWith("-changelog"));
      admin
          .describeTopics(internal)
          .allTopicNames()
          .get(30, TimeUnit.SECONDS)
          .forEach(
              (name, description) ->
                  description
                      .partitions()
                      .forEach(p -> assertThat(p.replicas()).as(name).hasSize(3)));
      System.out.println("3 replicas on every partition of " + internal);

      ReportFixtures.CliRun status =
          ReportFixtures.runCli(
              "status",
              "--bootstrap",
              stack.bootstrapServers(),
              "--clickhouse",
              stack.clickhouseJdbcUrl(),
              "--stack-dir",
              dir.toString(),
              "--stale-after",
              "100000d");
      System.out.print(status.out());
      assertThat(status.out()).contains("Kafka " + stack.bootstrapServers()).contains("OK");
    } finally {
      LocalStack.down(dir);
    }
    System.out.printf("whole test %.1f s%n", secondsSince(t0));
  }

  private static long scalar(Connection c, String sql) throws Exception {
    Object n = QueryCatalogue.run(c, sql).get(0).get("n");
    return n == null ? 0 : ((Number) n).longValue();
  }

  private static double secondsSince(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }

  private static void kill(long pid) throws Exception {
    ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
    process.destroyForcibly();
    process.onExit().get(30, TimeUnit.SECONDS);
  }
}
