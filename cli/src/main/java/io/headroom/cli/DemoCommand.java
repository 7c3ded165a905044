package io.headroom.cli;

import io.headroom.cli.report.PlanView;
import io.headroom.clickhouse.ClickHouseConnections;
import io.headroom.clickhouse.ClickHouseLoader;
import io.headroom.clickhouse.ClickHouseSettings;
import io.headroom.clickhouse.HistoryReader;
import io.headroom.clickhouse.LoaderSettings;
import io.headroom.clickhouse.Migrations;
import io.headroom.clickhouse.QueryCatalogue;
import io.headroom.core.capacity.CapacityPlanner;
import io.headroom.core.capacity.PlanSettings;
import io.headroom.core.time.DurationText;
import io.headroom.core.trace.Trace;
import io.headroom.ingest.ProducerSettings;
import io.headroom.ingest.TraceReplay;
import io.headroom.ingest.TraceSlice;
import io.headroom.stack.FlinkJars;
import io.headroom.stack.FlinkRestClient;
import io.headroom.stack.FlinkSessionCluster;
import io.headroom.stack.LocalStack;
import io.headroom.stack.StackEndpoints;
import io.headroom.streams.PercentileApp;
import io.headroom.streams.StreamsApp;
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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole pipeline on this machine: start a local Kafka broker and ClickHouse, seed two weeks of",
      "the bundled NASA trace's history into ClickHouse, replay the next few days through the Streams percentile",
      "app, the ClickHouse loader and the Flink jobs (the forecast job warm-starts from the history), and print",
      "hourly latency percentiles, forecasts, predictive decisions and the capacity plan read back from",
      "ClickHouse. Stops what it started unless --keep."
    })
final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--trace",
      paramLabel = "FILE",
      description = "Trace to replay (default: the bundled NASA trace)")
  Path trace;

  @Mixin TraceInputOptions traceInput;

  @Option(
      names = "--from",
      paramLabel = "ISO_TIME",
      defaultValue = "1995-07-17T00:00:00Z",
      description = "Start of the replayed span (default: ${DEFAULT-VALUE}, a Monday)")
  Instant from;

  @Option(
      names = "--duration",
      defaultValue = "3d",
      converter = DurationConverter.class,
      description = "Span to replay (default: ${DEFAULT-VALUE})")
  Duration span;

  @Option(
      names = "--history",
      defaultValue = "14d",
      converter = DurationConverter.class,
      description =
          "History seeded into ClickHouse before the replayed span, for the forecast job's warm start"
              + " and the capacity plan; 0 seeds none (default: ${DEFAULT-VALUE})")
  Duration history;

  @Option(
      names = "--capacity",
      defaultValue = "60",
      description = "Requests/minute one simulated replica serves (default: ${DEFAULT-VALUE})")
  double capacity;

  @Option(
      names = "--keep",
      description =
          "Leave the local stack running (stop it with ./headroom down --dir .headroom/demo)")
  boolean keep;

  @Option(
      names = {"--stack-dir", "--dir"},
      paramLabel = "DIR",
      description = "Folder for the demo's stack (default: .headroom/demo)")
  Path dir;

  private static final String SERVICE = "nasa-web";

  /** The forecast and the scaling job, one slot each. */
  private static final int FLINK_SLOTS = 2;

  @Override
  public Integer call() throws Exception {
    Path stackDir =
        (dir != null ? dir : ProjectHome.path().resolve(".headroom/demo")).toAbsolutePath();
    Path tracePath = trace != null ? trace : ProjectHome.bundledTrace();
    long started = System.nanoTime();

    step(1, "starting a fresh local stack (KRaft broker + ClickHouse) in " + stackDir);
    LocalStack.down(stackDir);
    deleteRecursively(stackDir);
    StackEndpoints stack = UpCommand.start(stackDir, 2);
    System.out.println(
        "    Kafka "
            + stack.bootstrapServers()
            + ", ClickHouse "
            + LocalStack.clickhouseVersion(stack)
            + " at "
            + stack.clickhouseJdbcUrl());
    ClickHouseSettings clickhouse = ClickHouseSettings.local(stack.clickhouseJdbcUrl());
    Trace loaded = traceInput.read(tracePath);
    // One clock for the history and the replay: both are shifted by the same whole weeks.
    Instant now = Instant.now();
    try {
      StreamsSettings streamsSettings =
          StreamsCommand.settings(
              stack.bootstrapServers(),
              null,
              Map.of(
                  "application.id",
                  "headroom-demo",
                  "state.dir",
                  stackDir.resolve("streams-state").toString(),
                  "commit.interval.ms",
                  "500"));
      step(
          2,
          "seeding "
              + DurationText.format(history)
              + " of history before the replayed span into ClickHouse");
      long historyHours = seedHistory(loaded, now, streamsSettings, clickhouse);
      step(
          3,
          "starting the percentile app (Kafka Streams, exactly-once), the ClickHouse loader, a Flink"
              + " session cluster (a JobManager and a TaskManager) and the forecast job on it");
      KafkaStreams streams = PercentileApp.start(streamsSettings);
      FlinkSessionCluster flink =
          FlinkSessionCluster.start(stack.dataDir(), FlinkJars.locate(), FLINK_SLOTS);
      FlinkRestClient jobs = flink.client();
      // Closed with a time limit: a plain close() waits out every client timeout when the broker
      // does not answer.
      try (AutoCloseable stopStreams = () -> StreamsApp.stop(streams);
          ClickHouseLoader loader =
              ClickHouseLoader.start(
                  LoaderSettings.defaults(stack.bootstrapServers(), clickhouse),
                  ClickHouseLoader.defaultRoutes())) {
        String forecastJob =
            runOnCluster(
                jobs,
                FlinkSubmitCommand.Job.forecast,
                forecastArgs(stack, stackDir, historyHours > 0 ? clickhouse.database() : null));
        System.out.println(
            "    Flink "
                + flink.restUrl()
                + " (web UI): forecast job "
                + forecastJob
                + (historyHours > 0 ? ", warm-started from the seeded history" : ""));
        step(
            4,
            "replaying "
                + DurationText.format(span)
                + " of "
                + tracePath.getFileName()
                + " from "
                + from
                + " (shifted to recent weeks) as service '"
                + SERVICE
                + "'");
        long events =
            new TraceReplay(SERVICE, from, span, 0, capacity, true)
                .publish(
                    new ProducerSettings(stack.bootstrapServers(), streamsSettings.inputTopic()),
                    loaded,
                    tracePath.getFileName().toString(),
                    now,
                    System.err);
        System.out.printf("    %,d events produced%n", events);

        step(5, "waiting for the windows to close and reach ClickHouse");
        // Every replayed hour but the last closes: its window waits for stream time to pass its end
        // + grace.
        long expectedHours = historyHours + span.toHours() - 1;
        boolean complete = false;
        // Forecasts and decisions follow the windows; they are checked after the windows arrived.
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!complete && System.nanoTime() < deadline) {
          complete =
              ClickHouseLoader.await(
                  () ->
                      hourlyWindows(clickhouse) >= expectedHours
                          && loader.recordsLoaded("metric_events") >= events,
                  Duration.ofSeconds(10));
          System.out.printf(
              "    %,d of %,d raw events and %d of %d hourly windows in ClickHouse%n",
              loader.recordsLoaded("metric_events"),
              events,
              hourlyWindows(clickhouse),
              expectedHours);
        }
        if (!complete) {
          System.out.println("    (stopped waiting after 5 minutes; showing what arrived)");
        }
        // Replayed thousands of times faster than real time, the scaling job would decide hours of
        // event time before the forecast job has fitted them; live, a forecast arrives seconds
        // after its window. So the scaling job starts once the forecasts are in, as it would find
        // them live.
        Instant lastWindow = replayStart(loaded, now).plus(span).minus(Duration.ofMinutes(10));
        ClickHouseLoader.await(
            () -> newestForecast(clickhouse).map(t -> !t.isBefore(lastWindow)).orElse(false),
            Duration.ofMinutes(2));
        System.out.printf(
            "    %,d forecasts in ClickHouse; starting the scaling job%n",
            loader.recordsLoaded("load_forecasts"));
        long decisions = span.toMinutes() * 4 * 99 / 100; // one every 15 s, less the edges
        String scalingJob =
            runOnCluster(jobs, FlinkSubmitCommand.Job.scaling, scalingArgs(stack, stackDir));
        System.out.println("    scaling job " + scalingJob + " on the same cluster");
        ClickHouseLoader.await(
            () -> loader.recordsLoaded("scaling_commands") >= decisions, Duration.ofMinutes(2));
        System.out.printf(
            "    %,d forecasts and %,d scaling decisions in ClickHouse%n",
            loader.recordsLoaded("load_forecasts"), loader.recordsLoaded("scaling_commands"));
        printForecastUse(clickhouse);
      }
      step(6, "results read back from ClickHouse");
      printResults(clickhouse);
      writeReport(clickhouse, stackDir.resolveSibling("demo-report.html"));
      printHowToQuery(stack);
    } finally {
      if (keep) {
        System.out.println(
            "\nThe stack keeps running: ./headroom query p95_per_service_per_hour --stack-dir "
                + stackDir
                + "\nStop it with: ./headroom down --dir "
                + stackDir);
      } else {
        step(7, "stopping the local stack");
        LocalStack.down(stackDir);
      }
    }
    System.out.printf("%nDemo finished in %.0f s.%n", (System.nanoTime() - started) / 1e9);
    return 0;
  }

  private static long hourlyWindows(ClickHouseSettings clickhouse) {
    try (Connection c = ClickHouseConnections.open(clickhouse)) {
      return query(c, "demo_hourly_windows").size();
    } catch (SQLException e) {
      return 0;
    }
  }

  /** One of the demo's queries in {@code clickhouse/queries/}. */
  private static List<Map<String, Object>> query(Connection c, String name) throws SQLException {
    return QueryCatalogue.run(c, QueryCatalogue.sql(name, "headroom"));
  }

  /**
   * The report page, as {@code ./headroom report} writes it; a failure is reported and the demo
   * goes on.
   */
  private static void writeReport(ClickHouseSettings clickhouse, Path report) {
    try {
      String planProblem =
          ReportCommand.write(
              clickhouse, SERVICE, Duration.ofDays(14), PlanSettings.defaults(), report);
      if (planProblem != null) {
        System.out.println("no capacity plan in the report: " + planProblem);
      }
      System.out.println("report written to " + report);
      System.out.println(
          "\n  Report with charts (load, forecast, latency, replicas and decisions, alerts): "
              + report);
    } catch (Exception e) {
      System.err.println("headroom: the report failed: " + e.getMessage());
    }
  }

  private static void printResults(ClickHouseSettings clickhouse) throws SQLException {
    try (Connection c = ClickHouseConnections.open(clickhouse)) {
      System.out.println(
          "\n  Hourly latency of "
              + SERVICE
              + " (ms), last 24 complete hours: DDSketch percentiles from the"
              + "\n  1-hour windows, next to the exact p95 recomputed from the raw events:\n");
      List<Map<String, Object>> rows = query(c, "demo_hourly_latency");
      System.out.print(
          indent(Tables.render(rows.subList(Math.max(0, rows.size() - 24), rows.size()), 24)));
      System.out.println(
          "\n  Latest load forecast for "
              + SERVICE
              + " (requests/minute, 95 % interval), every 15 min of the next 2 h:\n");
      System.out.print(indent(Tables.render(query(c, "demo_latest_forecast"), 10)));
      List<Map<String, Object>> decisions = query(c, "demo_scaling_decisions");
      List<Map<String, Object>> changes = proposedChanges(decisions);
      System.out.printf(
          "%n  Scaling decisions (Flink: HPA engine + forecast): %,d decisions, every 15 s of event time;%n"
              + "  the last 12 that asked for a different replica count, with their reasons:%n%n",
          decisions.size());
      System.out.print(
          indent(
              Tables.render(
                  changes.subList(Math.max(0, changes.size() - 12), changes.size()), 12)));
      System.out.println("\n  Capacity headroom (per-minute CPU of the simulated replicas):\n");
      System.out.print(indent(Tables.render(query(c, "capacity_headroom"), 10)));
      printCapacityPlan(new HistoryReader(c, clickhouse.database()));
    }
  }

  /** The plan {@code ./headroom plan} prints, or why there is none. */
  private static void printCapacityPlan(HistoryReader history) throws SQLException {
    System.out.println(
        "\n  Capacity plan (./headroom plan --service " + SERVICE + ", default settings):\n");
    try {
      System.out.print(
          indent(
              PlanView.table(
                  CapacityPlanner.plan(
                      history.capacityHistory(SERVICE), PlanSettings.defaults()))));
    } catch (IllegalArgumentException e) {
      System.out.println("    none: " + e.getMessage());
    }
  }

  private static void printHowToQuery(StackEndpoints stack) {
    System.out.println("\n  Query it yourself (while the stack runs, e.g. with --keep):");
    System.out.println(
        "    clickhouse-client --host 127.0.0.1 --port "
            + stack.clickhouseNativePort()
            + " --query \"\\");
    System.out.println(
        "      SELECT service, window_start AS hour, p50, p95, p99 FROM headroom.percentile_windows FINAL\\");
    System.out.println(
        "      WHERE metric = 'latency_ms' AND window_seconds = 3600 ORDER BY hour\"");
    System.out.println("    More in clickhouse/queries/ (./headroom query NAME runs them).");
  }

  /**
   * Decisions that asked for a different replica count than the service ran, collapsing the repeats
   * of one proposal (the engine re-decides every 15 s while the simulated service, in shadow mode,
   * sizes itself).
   */
  static List<Map<String, Object>> proposedChanges(List<Map<String, Object>> decisions) {
    List<Map<String, Object>> changes = new java.util.ArrayList<>();
    String previous = "";
    for (Map<String, Object> decision : decisions) {
      String proposal = decision.get("from_r") + "->" + decision.get("to_r");
      if (!decision.get("from_r").equals(decision.get("to_r")) && !proposal.equals(previous)) {
        changes.add(decision);
      }
      previous = proposal;
    }
    return changes;
  }

  /** Submits {@code job} to the session cluster as users do, and waits for its tasks to run. */
  private static String runOnCluster(
      FlinkRestClient client, FlinkSubmitCommand.Job job, List<String> args) throws Exception {
    String id =
        FlinkSubmitCommand.submit(client, FlinkSubmitCommand.jobJar(null), job, args, null, null);
    FlinkJobWatch.awaitTasksRunning(client, id, Duration.ofMinutes(2));
    return id;
  }

  /**
   * The forecast job's options; given the database of the seeded history it warm-starts from it, so
   * its first forecasts are already trusted.
   */
  private static List<String> forecastArgs(
      StackEndpoints stack, Path stackDir, String warmStartDatabase) {
    List<String> args = new java.util.ArrayList<>(jobArgs(stack, stackDir, "forecast"));
    if (warmStartDatabase != null) {
      args.addAll(
          List.of(
              "--warm-start-clickhouse",
              stack.clickhouseHttpUrl(),
              "--warm-start-database",
              warmStartDatabase));
    }
    return args;
  }

  private static List<String> scalingArgs(StackEndpoints stack, Path stackDir) {
    List<String> args = new java.util.ArrayList<>(jobArgs(stack, stackDir, "scaling"));
    args.addAll(
        List.of("--targets", ProjectHome.path().resolve("data/demo/targets.yaml").toString()));
    return args;
  }

  /** Checkpoints every 5 s, kept in the demo's folder. */
  private static List<String> jobArgs(StackEndpoints stack, Path stackDir, String job) {
    return List.of(
        "--bootstrap",
        stack.bootstrapServers(),
        "--checkpoint-interval",
        "5s",
        "--checkpoint-dir",
        stackDir.resolve("flink-checkpoints").resolve(job).toUri().toString());
  }

  /** Where the replay's first point lands: the trace is shifted by whole weeks to recent ones. */
  private Instant replayStart(Trace trace, Instant now) {
    return TraceSlice.shiftToRecent(TraceSlice.window(trace.points(), from, span), now)
        .get(0)
        .timestamp();
  }

  /**
   * Seeds {@link #history} before the replayed span ({@link DemoHistory}).
   *
   * @return the hourly windows seeded
   */
  private long seedHistory(
      Trace trace, Instant now, StreamsSettings windows, ClickHouseSettings clickhouse)
      throws SQLException {
    if (history.isZero()) {
      System.out.println("    none (--history 0)");
      return 0;
    }
    long started = System.nanoTime();
    try (Connection c = ClickHouseConnections.open(clickhouse)) {
      Migrations.apply(c, clickhouse);
    }
    DemoHistory.Seeded seeded =
        DemoHistory.seed(trace, SERVICE, capacity, from, history, span, now, windows, clickhouse);
    System.out.printf(
        "    %,d windows of '%s' (%s .. %s) computed as the percentile app does and inserted in %.1f"
            + " s%n",
        seeded.windows(), SERVICE, seeded.from(), seeded.to(), (System.nanoTime() - started) / 1e9);
    return Duration.between(seeded.from(), seeded.to()).toHours();
  }

  /**
   * How many forecasts the job trusted and how many decisions the forecast raised: with the seeded
   * history the first forecast is trusted already.
   */
  private static void printForecastUse(ClickHouseSettings clickhouse) throws SQLException {
    try (Connection c = ClickHouseConnections.open(clickhouse)) {
      Map<String, Object> forecasts =
          QueryCatalogue.run(
                  c,
                  "SELECT count() AS n, countIf(trusted = 1) AS trusted_forecasts, min(fitted_at) AS first,"
                      + " minIf(fitted_at, trusted = 1) AS first_trusted FROM "
                      + clickhouse.database()
                      + ".load_forecasts FINAL WHERE service = '"
                      + SERVICE
                      + "'")
              .get(0);
      Map<String, Object> decisions =
          QueryCatalogue.run(
                  c,
                  "SELECT count() AS n, countIf(limit_kind = 'FORECAST') AS raised,"
                      + " minIf(decided_at, limit_kind = 'FORECAST') AS first FROM "
                      + clickhouse.database()
                      + ".scaling_commands FINAL WHERE target = '"
                      + SERVICE
                      + "'")
              .get(0);
      System.out.printf(
          "    forecast points: %,d trusted of %,d (the first fitted at %s, the first trusted at %s)%n"
              + "    decisions: %,d raised by the forecast of %,d (the first at %s)%n",
          ((Number) forecasts.get("trusted_forecasts")).longValue(),
          ((Number) forecasts.get("n")).longValue(),
          forecasts.get("first"),
          forecasts.get("first_trusted"),
          ((Number) decisions.get("raised")).longValue(),
          ((Number) decisions.get("n")).longValue(),
          decisions.get("first"));
    }
  }

  /** Fit time of the newest forecast in ClickHouse, empty while there is none. */
  private static java.util.Optional<Instant> newestForecast(ClickHouseSettings clickhouse) {
    try (Connection c = ClickHouseConnections.open(clickhouse)) {
      List<Map<String, Object>> rows =
          QueryCatalogue.run(
              c,
              "SELECT toUInt64(toUnixTimestamp(max(fitted_at))) AS newest, count() AS n FROM "
                  + clickhouse.database()
                  + ".load_forecasts");
      long n = ((Number) rows.get(0).get("n")).longValue();
      return n == 0
          ? java.util.Optional.empty()
          : java.util.Optional.of(
              Instant.ofEpochSecond(((Number) rows.get(0).get("newest")).longValue()));
    } catch (SQLException e) {
      return java.util.Optional.empty();
    }
  }

  private static String indent(String text) {
    return text.lines().map(line -> "    " + line).reduce("", (a, b) -> a + b + "\n");
  }

  private static void step(int number, String text) {
    System.out.printf("%n[%d/7] %s%n", number, text);
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
