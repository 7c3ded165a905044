package io.headroom.cli;

import io.headroom.clickhouse.ClickHouseConnections;
import io.headroom.clickhouse.ClickHouseLoader;
import io.headroom.clickhouse.ClickHouseSettings;
import io.headroom.clickhouse.LoaderSettings;
import io.headroom.clickhouse.Migrations;
import io.headroom.clickhouse.Rows;
import io.headroom.stack.LocalStack;
import io.headroom.streams.StreamsSettings;
import io.headroom.stack.StackEndpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Measure, on one local broker: (a) raw Kafka produce + consume of the same records (the ceiling),",
        "(b) producer -> Streams percentiles -> output topic, (c) the ClickHouse loader next to clickhouse-client",
        "inserting the same rows, and (d) the sketches' percentile error against exact percentiles."})
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--events", defaultValue = "1000000", description = "Events per measurement (default: ${DEFAULT-VALUE})")
  int events;

  // Events are keyed by service, and a partition is processed by one thread: with few services the
  // partitions get very unequal shares (20 services over 4 partitions: 55/30/9/5 %), which caps (b) and (c).
  @Option(names = "--services", defaultValue = "200", description = "Services the events are spread over (default: ${DEFAULT-VALUE})")
  int services;

  @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the benchmark topics (default: ${DEFAULT-VALUE})")
  int partitions;

  @Option(names = "--rounds", defaultValue = "3",
      description = "Measured rounds after one warm-up round; the medians are reported (default: ${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--streams-property", paramLabel = "KEY=VALUE",
      description = "Kafka Streams or headroom.* property for (b), e.g. num.stream.threads=1 (repeatable)")
  Map<String, String> streamsProperties = new LinkedHashMap<>();

  @Option(names = "--dir", paramLabel = "DIR", description = "Folder for the benchmark's stack, removed afterwards if the bench "
      + "created it (default: .headroom/bench)")
  Path dir;

  @Override
  public Integer call() throws Exception {
    if (events < 1000 || services < 1 || partitions < 1 || rounds < 1) {
      throw new IllegalArgumentException("--events must be >= 1000, --services, --partitions and --rounds >= 1");
    }
    checkStreamsProperties();
    Path stackDir = (dir != null ? dir : ProjectHome.path().resolve(".headroom/bench")).toAbsolutePath();
    BenchWorkload workload = BenchWorkload.generate(events, services);
    Duration span = workload.eventTimeSpan();
    if (span.compareTo(Duration.ofMinutes(3)) < 0) {
      throw new IllegalArgumentException("--events " + events + " over " + services + " services covers only "
          + span.toSeconds() + " s of event time; (b) needs closed one-minute windows: use more events or fewer services");
    }
    boolean createdHere = !Files.exists(stackDir);
    System.out.println("Starting a local stack in " + stackDir + " ...");
    StackEndpoints stack = UpCommand.start(stackDir, partitions);
    try {
      System.out.printf("Workload: %,d events (%d services, %,d latency samples), %d partitions, one broker, %d cores%n%n",
          workload.size(), services, workload.latencySamples(), partitions, Runtime.getRuntime().availableProcessors());
      System.out.println("Events per partition (keyed by service): " + workload.partitionShares(partitions));
      KafkaBench kafka = new KafkaBench(stack.bootstrapServers(), partitions, streamsProperties);
      // The JIT compiles the hot paths during the first pass; a measured pass on cold code would
      // mostly measure the compiler. One round first, as JMH does with warm-up iterations.
      System.out.printf("warm-up  %,d events (not reported) ...%n", workload.size());
      runRound(stack, stackDir, kafka, workload, "bench_warmup");
      List<Round> measured = new ArrayList<>();
      for (int r = 1; r <= rounds; r++) {
        Round round = runRound(stack, stackDir, kafka, workload, "bench_round_" + r);
        measured.add(round);
        System.out.printf("round %d  (a) %,.0f  (b) %,.0f events/s  (c) loader %,.0f / client %,.0f rows/s%n",
            r, round.ceiling(), round.path().eventsPerSecond(), round.loader(), round.client());
      }
      printMedians(measured);
      System.out.println();
      SketchError.print(workload, measured.get(measured.size() - 1).path().windows());
    } finally {
      LocalStack.down(stackDir);
      if (createdHere) {
        deleteRecursively(stackDir);
      }
    }
    return 0;
  }

  /** A bad --streams-property fails now, not minutes later when (b) starts. */
  private void checkStreamsProperties() {
    Properties properties = new Properties();
    properties.setProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
    properties.putAll(streamsProperties);
    try {
      new StreamsConfig(StreamsSettings.fromProperties(properties).streamsConfig());
    } catch (ConfigException e) {
      throw new IllegalArgumentException("--streams-property: " + e.getMessage(), e);
    }
  }

  private static void printMedians(List<Round> rounds) {
    double ceiling = median(rounds, Round::ceiling);
    double path = median(rounds, r -> r.path().eventsPerSecond());
    double loader = median(rounds, Round::loader);
    double client = median(rounds, Round::client);
    System.out.printf("%nMedians of %d rounds:%n", rounds.size());
    report("(a) Kafka produce + consume (ceiling)", ceiling, "events/s");
    report("(b) producer -> Streams percentiles -> topic", path, "events/s");
    System.out.printf("    (b)/(a) = %.0f %% (target >= 50 %%)%n", 100 * path / ceiling);
    report("(c) ClickHouse loader (Kafka -> batched JDBC insert)", loader, "rows/s");
    if (Double.isNaN(client)) {
      System.out.println("    clickhouse-client not found: ceiling not measured");
    } else {
      report("(c) clickhouse-client inserting the same rows (ceiling)", client, "rows/s");
      System.out.printf("    loader/ceiling = %.0f %% (target >= 70 %%)%n", 100 * loader / client);
    }
  }

  private static double median(List<Round> rounds, ToDoubleFunction<Round> measure) {
    double[] values = rounds.stream().mapToDouble(measure).sorted().toArray();
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }

  private record Round(double ceiling, KafkaBench.PathResult path, double loader, double client) {}

  /** One pass of every measurement; its ClickHouse tables live in {@code database}, dropped afterwards. */
  private static Round runRound(StackEndpoints stack, Path stackDir, KafkaBench kafka, BenchWorkload workload, String database)
      throws Exception {
    double ceiling = kafka.produceAndConsume(workload, "bench.a." + System.currentTimeMillis());
    KafkaBench.PathResult path = kafka.throughStreams(workload, stackDir.resolve("bench-streams-state"));
    ClickHouseSettings clickhouse = ClickHouseSettings.local(stack.clickhouseJdbcUrl()).withDatabase(database);
    try (Connection connection = ClickHouseConnections.open(clickhouse)) {
      Migrations.apply(connection, clickhouse);
    }
    double loader = loaderRowsPerSecond(stack, clickhouse, path.inputTopic(), workload.size(), kafka.partitions());
    double client = ClickHouseClientBench.insertRowsPerSecond(stack, workload, database);
    try (Connection connection = ClickHouseConnections.open(clickhouse); Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + database);
    }
    return new Round(ceiling, path, loader, client);
  }

  private static void deleteRecursively(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (var paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /**
   * Rows per second once the loader's consumer group has formed (every worker owns partitions):
   * the join is a one-off cost of seconds, not insert throughput, and would dominate a short run.
   * Rows loaded while the group was forming count neither as rows nor as time.
   */
  private static double loaderRowsPerSecond(StackEndpoints stack, ClickHouseSettings clickhouse, String topic, int expected,
      int partitions) throws Exception {
    LoaderSettings settings = new LoaderSettings(stack.bootstrapServers(), "bench-loader-" + System.nanoTime(),
        clickhouse, 50_000, Duration.ofMillis(500));
    String table = Rows.METRIC_EVENTS.table();
    try (ClickHouseLoader loader = ClickHouseLoader.start(settings, Map.of(topic, Rows.METRIC_EVENTS))) {
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      int owners = Math.min(partitions, settings.workersPerTopic());
      while (loader.assignedPartitions(table).stream().filter(n -> n > 0).count() < owners
          || loader.assignedPartitions(table).stream().mapToInt(Integer::intValue).sum() < partitions) {
        Thread.sleep(1);
        failAfter(deadline, "the loader's workers did not get the topic's partitions within 10 minutes");
      }
      long start = System.nanoTime();
      long loadedBefore = loader.recordsLoaded(table);
      while (loader.recordsLoaded(table) < expected) {
        Thread.sleep(5);
        failAfter(deadline, "the loader did not load every row within 10 minutes");
      }
      return (expected - loadedBefore) / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static void failAfter(long deadlineNanos, String message) {
    if (System.nanoTime() > deadlineNanos) {
      throw new IllegalStateException(message);
    }
  }

  static void report(String what, double value, String unit) {
    System.out.printf("%-58s %,12.0f %s%n", what, value, unit);
  }
}
