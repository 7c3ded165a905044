package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headroom.clickhouse.ClickHouseConnections;
import io.headroom.clickhouse.ClickHouseLoader;
import io.headroom.clickhouse.ClickHouseSettings;
import io.headroom.clickhouse.LoaderSettings;
import io.headroom.clickhouse.QueryCatalogue;
import io.headroom.ingest.MetricsProducer;
import io.headroom.ingest.ProducerSettings;
import io.headroom.schemas.MetricEvent;
import io.headroom.schemas.MetricKind;
import io.headroom.stack.LocalStackExtension;
import io.headroom.stack.StackEndpoints;
import io.headroom.streams.PercentileApp;
import io.headroom.streams.StreamsSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path on real servers: N events produced → Kafka → Streams percentiles → loader →
 * ClickHouse, where every minute window's count/min/max/mean is exact and its percentiles are
 * within 1 % of the exact percentiles of the same samples, and the raw events are all there.
 */
@ExtendWith(LocalStackExtension.class)
class PipelineEndToEndIT {
  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

  @Test
  void eventsProduced_becomeExactWindowsInClickHouse(StackEndpoints stack, @TempDir Path stateDir)
      throws Exception {
    UpCommand.start(stack.dataDir(), 2);
    SplittableRandom random = new SplittableRandom(42);
    Map<String, List<Double>> samplesByWindow = new HashMap<>();
    int events = 0;
    try (MetricsProducer producer =
        new MetricsProducer(new ProducerSettings(stack.bootstrapServers(), "metrics.raw"))) {
      for (int i = 0; i < 6000; i++) {
        for (String service : List.of("checkout", "search")) {
          Instant at = T0.plusMillis(60L * i); // 6 minutes of samples per service
          double latency =
              (service.equals("search") ? 30 : 80) * Math.exp(0.5 * random.nextGaussian());
          producer.send(
              MetricEvent.newBuilder()
                  .setEventId(service + "-" + i)
                  .setService(service)
                  .setInstance(service + "-" + (i % 3))
                  .setMetric("latency_ms")
                  .setKind(MetricKind.LATENCY_SAMPLE)
                  .setValue(latency)
                  .setUnit("ms")
                  .setEventTime(at)
                  .build());
          samplesByWindow
              .computeIfAbsent(service + "@" + at.getEpochSecond() / 60, k -> new ArrayList<>())
              .add(latency);
          events++;
        }
      }
      // Later samples move stream time past the last minute's grace on whichever partition a
      // service is.
      for (String service : List.of("checkout", "search")) {
        producer.send(
            MetricEvent.newBuilder()
                .setEventId(service + "-clock")
                .setService(service)
                .setInstance("x")
                .setMetric("cpu_percent")
                .setKind(MetricKind.GAUGE)
                .setValue(1)
                .setEventTime(T0.plus(Duration.ofMinutes(8)))
                .build());
        events++;
      }
    }

    StreamsSettings settings =
        StreamsCommand.settings(
            stack.bootstrapServers(),
            null,
            Map.of(
                "application.id",
                "e2e",
                "state.dir",
                stateDir.toString(),
                "commit.interval.ms",
                "200",
                StreamsSettings.WINDOWS,
                "1m",
                StreamsSettings.GRACE,
                "5s"));
    ClickHouseSettings clickhouse = ClickHouseSettings.local(stack.clickhouseJdbcUrl());
    int expectedEvents = events;
    try (KafkaStreams streams = PercentileApp.start(settings);
        ClickHouseLoader loader =
            ClickHouseLoader.start(
                LoaderSettings.defaults(stack.bootstrapServers(), clickhouse),
                ClickHouseLoader.defaultRoutes())) {
      assertThat(
              ClickHouseLoader.await(
                  () ->
                      loader.recordsLoaded("metric_events") == expectedEvents
                          && loader.recordsLoaded("percentile_windows") >= 12,
                  Duration.ofSeconds(120)))
          .as(
              "loaded %d of %d events and %d windows",
              loader.recordsLoaded("metric_events"),
              expectedEvents,
              loader.recordsLoaded("percentile_windows"))
          .isTrue();
    }

    try (Connection c = ClickHouseConnections.open(clickhouse)) {
      assertThat(
              ((Number)
                      QueryCatalogue.run(c, "SELECT count() AS n FROM headroom.metric_events FINAL")
                          .get(0)
                          .get("n"))
                  .longValue())
          .isEqualTo(events);
      List<Map<String, Object>> windows =
          QueryCatalogue.run(
              c,
              "SELECT service, toUnixTimestamp(window_start) AS start, "
                  + "count, min, max, mean, p50, p90, p95, p99 FROM headroom.percentile_windows FINAL "
                  + "WHERE metric = 'latency_ms' ORDER BY service, start");
      assertThat(windows).hasSize(12);
      for (Map<String, Object> w : windows) {
        List<Double> samples =
            samplesByWindow.get(
                w.get("service") + "@" + ((Number) w.get("start")).longValue() / 60);
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        assertThat(((Number) w.get("count")).longValue()).isEqualTo(sorted.length);
        assertThat((double) w.get("min")).isEqualTo(sorted[0]);
        assertThat((double) w.get("max")).isEqualTo(sorted[sorted.length - 1]);
        assertThat((double) w.get("mean"))
            .isCloseTo(samples.stream().mapToDouble(d -> d).average().orElseThrow(), within(1e-9));
        for (String q : List.of("p50", "p90", "p95", "p99")) {
          double exact =
              sorted[
                  (int) Math.floor(Integer.parseInt(q.substring(1)) / 100.0 * (sorted.length - 1))];
          assertThat((double) w.get(q))
              .as("%s of %s", q, w)
              .isCloseTo(exact, within(exact * 0.01 + 1e-9));
        }
      }
    }
  }
}
