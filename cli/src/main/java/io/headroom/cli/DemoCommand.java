package io.headroom.cli;

import io.headroom.clickhouse.ClickHouseConnections;
import io.headroom.clickhouse.ClickHouseLoader;
import io.headroom.clickhouse.ClickHouseSettings;
import io.headroom.clickhouse.LoaderSettings;
import io.headroom.clickhouse.QueryCatalogue;
import io.headroom.core.time.DurationText;
import io.headroom.stack.LocalStack;
import io.headroom.stack.StackEndpoints;
import io.headroom.streams.PercentileApp;
import io.headroom.streams.StreamsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Run the whole pipeline on this machine: start a local Kafka broker and ClickHouse, replay a few days",
        "of the bundled NASA trace through the Streams percentile app and the ClickHouse loader, and print hourly",
        "latency percentiles read back from ClickHouse. Stops what it started unless --keep."})
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--trace", paramLabel = "FILE", description = "Trace to replay (default: the bundled NASA trace)")
  Path trace;

  @Option(names = "--from", paramLabel = "ISO_TIME", defaultValue = "1995-07-03T00:00:00Z",
      description = "Start of the replayed span (default: ${DEFAULT-VALUE}, a Monday)")
  Instant from;

  @Option(names = "--duration", defaultValue = "3d", description = "Span to replay (default: ${DEFAULT-VALUE})")
  String duration;

  @Option(names = "--capacity", defaultValue = "60", description = "Requests/minute one simulated replica serves (default: ${DEFAULT-VALUE})")
  double capacity;

  @Option(names = "--keep", description = "Leave the local stack running (stop it with ./headroom down --dir .headroom/demo)")
  boolean keep;

  @Option(names = "--dir", paramLabel = "DIR", description = "Folder for the demo's stack (default: .headroom/demo)")
  Path dir;

  private static final String SERVICE = "nasa-web";

  @Override
  public Integer call() throws Exception {
    Path stackDir = (dir != null ? dir : ProjectHome.path().resolve(".headroom/demo")).toAbsolutePath();
    Path tracePath = trace != null ? trace : ProjectHome.bundledTrace();
    Duration span = DurationText.parse(duration);
    long started = System.nanoTime();

    step(1, "starting a fresh local stack (KRaft broker + ClickHouse) in " + stackDir);
    LocalStack.down(stackDir);
    deleteRecursively(stackDir);
    StackEndpoints stack = UpCommand.start(stackDir, 2);
    System.out.println("    Kafka " + stack.bootstrapServers() + ", ClickHouse " + LocalStack.clickhouseVersion(stack)
        + " at " + stack.clickhouseJdbcUrl());
    ClickHouseSettings clickhouse = ClickHouseSettings.local(stack.clickhouseJdbcUrl());
    try {
      step(2, "starting the percentile app (Kafka Streams, exactly-once) and the ClickHouse loader");
      StreamsSettings streamsSettings = StreamsCommand.settings(stack.bootstrapServers(), null, Map.of(
          "application.id", "headroom-demo", "state.dir", stackDir.resolve("streams-state").toString(),
          "commit.interval.ms", "500"));
      try (KafkaStreams streams = PercentileApp.start(streamsSettings);
          ClickHouseLoader loader = ClickHouseLoader.start(
              LoaderSettings.defaults(stack.bootstrapServers(), clickhouse), ClickHouseLoader.defaultRoutes())) {
        step(3, "replaying " + DurationText.format(span) + " of " + tracePath.getFileName() + " from " + from
            + " (shifted to recent weeks) as service '" + SERVICE + "'");
        long events = ReplayCommand.replay(stack.bootstrapServers(), streamsSettings.inputTopic(), tracePath, SERVICE,
            from, span, 0, capacity, true, false);
        System.out.printf("    %,d events produced%n", events);

        step(4, "waiting for the windows to close and reach ClickHouse");
        long expectedHours = span.toHours() - 1;
        boolean complete = false;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!complete && System.nanoTime() < deadline) {
          complete = ClickHouseLoader.await(() -> hourlyWindows(clickhouse) >= expectedHours
              && loader.recordsLoaded("metric_events") >= events, Duration.ofSeconds(10));
          System.out.printf("    %,d of %,d raw events and %d of %d hourly windows in ClickHouse%n",
              loader.recordsLoaded("metric_events"), events, hourlyWindows(clickhouse), expectedHours);
        }
        if (!complete) {
          System.out.println("    (stopped waiting after 5 minutes; showing what arrived)");
        }
      }
      step(5, "results read back from ClickHouse");
      printResults(clickhouse);
      printHowToQuery(stack);
    } finally {
      if (keep) {
        System.out.println("\nThe stack keeps running: ./headroom query p95_per_service_per_hour --stack-dir " + stackDir
            + "\nStop it with: ./headroom down --dir " + stackDir);
      } else {
        step(6, "stopping the local stack");
        LocalStack.down(stackDir);
      }
    }
    System.out.printf("%nDemo finished in %.0f s.%n", (System.nanoTime() - started) / 1e9);
    return 0;
  }

  private static long hourlyWindows(ClickHouseSettings clickhouse) {
    try (Connection c = ClickHouseConnections.open(clickhouse)) {
      return ((Number) QueryCatalogue.run(c, "SELECT count() AS n FROM headroom.percentile_windows FINAL "
          + "WHERE metric = 'latency_ms' AND window_seconds = 3600").get(0).get("n")).longValue();
    } catch (SQLException e) {
      return 0;
    }
  }

  private static void printResults(ClickHouseSettings clickhouse) throws SQLException {
    try (Connection c = ClickHouseConnections.open(clickhouse)) {
      System.out.println("\n  Hourly latency of " + SERVICE + " (ms), last 24 complete hours: DDSketch percentiles from the"
          + "\n  1-hour windows, next to the exact p95 recomputed from the raw events:\n");
      List<Map<String, Object>> rows = QueryCatalogue.run(c, DEMO_HOURLY_SQL);
      System.out.print(indent(Tables.render(rows.subList(Math.max(0, rows.size() - 24), rows.size()), 24)));
      System.out.println("\n  Capacity headroom (per-minute CPU of the simulated replicas):\n");
      System.out.print(indent(Tables.render(QueryCatalogue.run(c, QueryCatalogue.sql("capacity_headroom", "headroom")), 10)));
    }
  }

  private static void printHowToQuery(StackEndpoints stack) {
    System.out.println("\n  Query it yourself (while the stack runs, e.g. with --keep):");
    System.out.println("    clickhouse-client --host 127.0.0.1 --port " + stack.clickhouseNativePort() + " --query \"\\");
    System.out.println("      SELECT service, window_start AS hour, p50, p95, p99 FROM headroom.percentile_windows FINAL\\");
    System.out.println("      WHERE metric = 'latency_ms' AND window_seconds = 3600 ORDER BY hour\"");
    System.out.println("    More in clickhouse/queries/ (./headroom query NAME runs them).");
  }

  static final String DEMO_HOURLY_SQL = """
      SELECT w.hour AS hour, w.samples AS samples, round(w.p50, 1) AS p50, round(w.p95, 1) AS p95, round(w.p99, 1) AS p99,
             round(e.exact_p95, 1) AS exact_p95, round(100 * (w.p95 / e.exact_p95 - 1), 2) AS p95_error_pct
      FROM
      (
          SELECT window_start AS hour, count AS samples, p50, p95, p99
          FROM headroom.percentile_windows FINAL
          WHERE service = 'nasa-web' AND metric = 'latency_ms' AND window_seconds = 3600
      ) AS w
      ANY LEFT JOIN
      (
          SELECT toStartOfHour(event_time) AS hour,
                 arraySort(groupArray(value))[toUInt64(floor(0.95 * (count() - 1))) + 1] AS exact_p95
          FROM headroom.metric_events FINAL
          WHERE service = 'nasa-web' AND metric = 'latency_ms'
          GROUP BY hour
      ) AS e USING (hour)
      ORDER BY hour
      """;

  private static String indent(String text) {
    return text.lines().map(line -> "    " + line).reduce("", (a, b) -> a + b + "\n");
  }

  private static void step(int number, String text) {
    System.out.printf("%n[%d/6] %s%n", number, text);
  }

  private static void deleteRecursively(Path path) throws java.io.IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> files = Files.walk(path)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }
}
