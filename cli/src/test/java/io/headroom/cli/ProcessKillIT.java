package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headroom.clickhouse.ClickHouseConnections;
import io.headroom.clickhouse.ClickHouseLoader;
import io.headroom.clickhouse.ClickHouseSettings;
import io.headroom.clickhouse.LoaderSettings;
import io.headroom.clickhouse.QueryCatalogue;
import io.headroom.core.sketch.SketchAccumulator;
import io.headroom.core.sketch.WindowStats;
import io.headroom.ingest.MetricsProducer;
import io.headroom.ingest.ProducerSettings;
import io.headroom.schemas.MetricEvent;
import io.headroom.schemas.MetricKind;
import io.headroom.schemas.Topics;
import io.headroom.stack.FaultReport;
import io.headroom.stack.LocalStack;
import io.headroom.stack.StackEndpoints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader and the percentile app killed with SIGKILL, each in its own JVM started as users start
 * it ({@code headroom load}, {@code headroom streams}), then started again: every event is in
 * ClickHouse once after {@code FINAL}, every latency sample counted once in its window.
 */
@Tag("fault")
class ProcessKillIT {
  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

  @TempDir static Path stackDir;
  private static StackEndpoints stack;

  @BeforeAll
  static void up() throws Exception {
    stack = UpCommand.start(stackDir, 2);
  }

  @AfterAll
  static void down() throws IOException {
    LocalStack.down(stackDir);
  }

  @Test
  void loaderKilledDuringABacklog_thenRestarted_losesNothing_duplicatesNothing(@TempDir Path dir)
      throws Exception {
    String service = "loader-kill";
    int events = 100_000;
    try (MetricsProducer producer = producer()) {
      for (int i = 0; i < events; i++) {
        producer.send(gauge(service, i, T0.plusMillis(600_000L * i / events)));
      }
      producer.flush();
    }
    String count =
        "SELECT count() AS n FROM headroom.metric_events WHERE service = '" + service + "'";
    String distinctEvents =
        "SELECT uniqExact(event_id) AS n FROM headroom.metric_events WHERE service = '"
            + service
            + "'";

    Process loader = start(dir.resolve("load-1.txt"), loaderArgs());
    double recovered;
    long rowsAtKill;
    try {
      assertThat(await(() -> rows(count) >= 10_000, Duration.ofSeconds(90)))
          .as(read(dir.resolve("load-1.txt")))
          .isTrue();
      kill(loader);
      rowsAtKill = rows(count);
      assertThat(rowsAtKill).as("still a backlog when the loader dies").isLessThan(events);
    } finally {
      loader.destroyForcibly();
    }

    Process again = start(dir.resolve("load-2.txt"), loaderArgs());
    double caughtUp;
    long restarted = System.nanoTime();
    try {
      // Back: the restarted loader inserts again (from the last committed offsets).
      assertThat(await(() -> rows(count) > rowsAtKill, Duration.ofSeconds(120)))
          .as(read(dir.resolve("load-2.txt")))
          .isTrue();
      recovered = secondsSince(restarted);
      assertThat(await(() -> rows(distinctEvents) >= events, Duration.ofSeconds(180)))
          .as(read(dir.resolve("load-2.txt")))
          .isTrue();
      caughtUp = secondsSince(restarted);
      stop(again);
    } finally {
      again.destroyForcibly();
    }
    long finalRows =
        rows(
            "SELECT count() AS n FROM headroom.metric_events FINAL WHERE service = '"
                + service
                + "'");
    long distinct = rows(distinctEvents);
    System.out.printf(
        "loader killed with %,d of %,d rows in; restarted: inserting again after %.1f s, all in"
            + " after %.1f s; %,d rows after FINAL, %,d distinct events%n",
        rowsAtKill, events, recovered, caughtUp, finalRows, distinct);
    FaultReport.record(
        "loader killed -9 during a backlog, restarted",
        events,
        events - distinct,
        finalRows - distinct,
        recovered);
    assertThat(finalRows).isEqualTo(events);
    assertThat(distinct).isEqualTo(events);
  }

  @Test
  void percentileAppKilledMidReplay_thenRestarted_countsEverySampleOnce(@TempDir Path dir)
      throws Exception {
    List<String> services = List.of("kill-a", "kill-b", "kill-c", "kill-d");
    int perService = 10_000;
    int samples = perService * services.size();
    // A day after the loader test's events, so no window here is late on any partition.
    Instant start = T0.plus(Duration.ofDays(1));
    String where = " WHERE metric = 'latency_ms' AND window_seconds = 60 AND service LIKE 'kill-%'";
    ClickHouseSettings clickhouse = ClickHouseSettings.local(stack.clickhouseJdbcUrl());
    Path state = Files.createDirectories(dir.resolve("state"));
    // Each window as an undisturbed run computes it: core's accumulator over the same samples.
    Map<String, SketchAccumulator> undisturbed = new TreeMap<>();
    double recovered;
    double caughtUp;
    try (ClickHouseLoader loader =
            ClickHouseLoader.start(
                LoaderSettings.defaults(stack.bootstrapServers(), clickhouse),
                ClickHouseLoader.defaultRoutes());
        MetricsProducer producer = producer()) {
      Process streams = start(dir.resolve("streams-1.txt"), streamsArgs(state));
      long windowsAtKill;
      try {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < perService / 2; i++) {
          for (String service : services) {
            producer.send(expect(latency(service, i, start, perService, random), undisturbed));
          }
        }
        producer.flush();
        // Killed once it has closed windows (so it has state and committed output to recover).
        assertThat(
                await(
                    () -> rows("SELECT count() AS n FROM headroom.percentile_windows" + where) > 0,
                    Duration.ofSeconds(120)))
            .as(read(dir.resolve("streams-1.txt")))
            .isTrue();
        kill(streams);
        // What it committed before dying reaches ClickHouse first; the rest is the new app's work.
        windowsAtKill = settled("SELECT count() AS n FROM headroom.percentile_windows" + where);
      } finally {
        streams.destroyForcibly();
      }
      SplittableRandom random = new SplittableRandom(13);
      for (int i = perService / 2; i < perService; i++) {
        for (String service : services) {
          producer.send(expect(latency(service, i, start, perService, random), undisturbed));
        }
      }
      for (String service : services) {
        producer.send(clock(service, start.plus(Duration.ofMinutes(12))));
      }
      producer.flush();

      Process again = start(dir.resolve("streams-2.txt"), streamsArgs(state));
      long restarted = System.nanoTime();
      try {
        // Back: the restarted app closes windows again (restored from its changelog).
        assertThat(
                await(
                    () ->
                        rows("SELECT count() AS n FROM headroom.percentile_windows" + where)
                            > windowsAtKill,
                    Duration.ofSeconds(120)))
            .as(read(dir.resolve("streams-2.txt")))
            .isTrue();
        recovered = secondsSince(restarted);
        assertThat(
                await(
                    () ->
                        rows(
                                "SELECT sum(count) AS n FROM headroom.percentile_windows FINAL"
                                    + where)
                            >= samples,
                    Duration.ofSeconds(180)))
            .as(read(dir.resolve("streams-2.txt")))
            .isTrue();
        caughtUp = secondsSince(restarted);
        stop(again);
      } finally {
        again.destroyForcibly();
      }
    }
    long counted = rows("SELECT sum(count) AS n FROM headroom.percentile_windows FINAL" + where);
    long windows = rows("SELECT count() AS n FROM headroom.percentile_windows FINAL" + where);
    System.out.printf(
        "percentile app killed and restarted: closing windows again after %.1f s; %,d of %,d"
            + " samples in %d one-minute windows %.1f s after the restart%n",
        recovered, counted, samples, windows, caughtUp);
    FaultReport.record(
        "percentile app killed -9 mid-replay, restarted",
        samples,
        Math.max(0, samples - counted),
        Math.max(0, counted - samples),
        recovered);
    assertThat(counted).isEqualTo(samples);
    assertThat(windows).as("ten closed minutes per service").isEqualTo(10L * services.size());
    List<Map<String, Object>> stored =
        query(
            "SELECT service, toUnixTimestamp(window_start) AS start, count, min, max, sum, p50, p95, p99"
                + " FROM headroom.percentile_windows FINAL"
                + where
                + " ORDER BY service, window_start");
    assertThat(stored).hasSize(undisturbed.size());
    for (Map<String, Object> row : stored) {
      String key = row.get("service") + " " + ((Number) row.get("start")).longValue();
      WindowStats expected = undisturbed.get(key).stats();
      assertThat(((Number) row.get("count")).longValue()).as(key).isEqualTo(expected.count());
      assertThat(((Number) row.get("min")).doubleValue()).as(key).isEqualTo(expected.min());
      assertThat(((Number) row.get("max")).doubleValue()).as(key).isEqualTo(expected.max());
      assertThat(((Number) row.get("sum")).doubleValue())
          .as(key)
          .isCloseTo(expected.sum(), within(1e-9 * expected.sum()));
      assertThat(((Number) row.get("p50")).doubleValue()).as(key).isEqualTo(expected.p50());
      assertThat(((Number) row.get("p95")).doubleValue()).as(key).isEqualTo(expected.p95());
      assertThat(((Number) row.get("p99")).doubleValue()).as(key).isEqualTo(expected.p99());
    }
  }

  /** Adds the sample to its one-minute window's expected accumulator, and returns it. */
  private static MetricEvent expect(MetricEvent sample, Map<String, SketchAccumulator> windows) {
    long minute = sample.getEventTime().getEpochSecond() / 60 * 60;
    String key = sample.getService() + " " + minute;
    windows.computeIfAbsent(key, k -> SketchAccumulator.empty()).add(sample.getValue());
    return sample;
  }

  private static List<Map<String, Object>> query(String sql) throws Exception {
    try (Connection c =
        ClickHouseConnections.open(ClickHouseSettings.local(stack.clickhouseJdbcUrl()))) {
      return QueryCatalogue.run(c, sql);
    }
  }

  private static List<String> loaderArgs() {
    return List.of(
        "load",
        "--bootstrap",
        stack.bootstrapServers(),
        "--clickhouse",
        stack.clickhouseJdbcUrl(),
        "--batch-rows",
        "2000");
  }

  private static List<String> streamsArgs(Path state) {
    return List.of(
        "streams",
        "--bootstrap",
        stack.bootstrapServers(),
        "--set",
        "application.id=process-kill",
        "--set",
        "state.dir=" + state,
        "--set",
        "commit.interval.ms=200",
        "--set",
        "headroom.windows=1m",
        "--set",
        "headroom.grace=5s");
  }

  private static MetricsProducer producer() {
    return new MetricsProducer(new ProducerSettings(stack.bootstrapServers(), Topics.METRICS_RAW));
  }

  private static MetricEvent gauge(String service, int i, Instant time) {
    return MetricEvent.newBuilder()
        .setEventId(service + "-" + i)
        .setService(service)
        .setInstance(service + "-" + (i % 3))
        .setMetric("cpu_percent")
        .setKind(MetricKind.GAUGE)
        .setValue(i % 100)
        .setUnit("percent")
        .setEventTime(time)
        .build();
  }

  private static MetricEvent latency(
      String service, int i, Instant start, int perService, SplittableRandom random) {
    return MetricEvent.newBuilder()
        .setEventId(service + "-" + i)
        .setService(service)
        .setInstance(service + "-" + (i % 3))
        .setMetric("latency_ms")
        .setKind(MetricKind.LATENCY_SAMPLE)
        .setValue(50 * Math.exp(0.5 * random.nextGaussian()))
        .setUnit("ms")
        .setEventTime(start.plusMillis(600_000L * i / perService))
        .build();
  }

  /** A later event that moves stream time past the last minute's grace. */
  private static MetricEvent clock(String service, Instant time) {
    return MetricEvent.newBuilder()
        .setEventId(service + "-clock")
        .setService(service)
        .setInstance("x")
        .setMetric("cpu_percent")
        .setKind(MetricKind.GAUGE)
        .setValue(1)
        .setEventTime(time)
        .build();
  }

  private static Process start(Path output, List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xmx512m",
            "-cp",
            System.getProperty("java.class.path"),
            HeadroomCommand.class.getName()));
    command.addAll(args);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
  }

  private static void kill(Process process) throws Exception {
    process.destroyForcibly();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  /** SIGTERM, as a supervisor stops it. */
  private static void stop(Process process) throws Exception {
    process.destroy();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("stopped within 10 s of SIGTERM").isTrue();
  }

  private static long rows(String sql) {
    try (Connection c =
        ClickHouseConnections.open(ClickHouseSettings.local(stack.clickhouseJdbcUrl()))) {
      Object n = QueryCatalogue.run(c, sql).get(0).get("n");
      return n == null ? 0 : ((Number) n).longValue();
    } catch (Exception e) {
      return -1;
    }
  }

  /** The query's value once it stayed the same for 5 s (the loader flushes every second). */
  private static long settled(String sql) throws InterruptedException {
    long previous = rows(sql);
    while (true) {
      Thread.sleep(5_000);
      long now = rows(sql);
      if (now == previous) {
        return now;
      }
      previous = now;
    }
  }

  private static boolean await(BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    return ClickHouseLoader.await(condition, timeout);
  }

  private static double secondsSince(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }
}
