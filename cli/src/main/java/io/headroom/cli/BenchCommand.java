package io.headroom.cli;

import io.headroom.schemas.PercentileWindow;
import io.headroom.stack.LocalStack;
import io.headroom.streams.StreamsSettings;
import io.headroom.stack.StackEndpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Measure, on one local broker: (a) raw Kafka produce + consume of the same records (the ceiling),",
        "(b) producer -> Streams percentiles -> output topic, (c) the ClickHouse loader next to clickhouse-client",
        "inserting the same rows, and (d) the sketches' percentile error against exact percentiles."})
final class BenchCommand implements Callable<Integer> {
  private static final int WARM_UP_RUNS = 2;

  @Option(names = "--events", defaultValue = "1000000", description = "Events per measurement (default: ${DEFAULT-VALUE})")
  int events;

  // Events are keyed by service, and a partition is processed by one thread: with few services the
  // partitions get very unequal shares (20 services over 4 partitions: 55/30/9/5 %), which caps (b) and (c).
  @Option(names = "--services", defaultValue = "200", description = "Services the events are spread over (default: ${DEFAULT-VALUE})")
  int services;

  @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the benchmark topics (default: ${DEFAULT-VALUE})")
  int partitions;

  @Option(names = "--rounds", defaultValue = "5",
      description = "Measured repetitions of each measurement after two warm-up runs of it; the medians are reported (default: ${DEFAULT-VALUE})")
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
      KafkaBench kafka = new KafkaBench(stack.bootstrapServers(), partitions);
      // The JIT compiles the hot paths during the first runs; a measured run on cold code would mostly
      // measure the compiler. Each measurement runs twice as a warm-up, as JMH does (with one, (b) still
      // rose by a third over its repetitions), then repeats back to back: alternating them makes the JIT throw away code compiled for one path when another
      // runs (shared Kafka client code sees new types) and recompile it during the next measurement.
      System.out.printf("Each measurement: %d warm-up runs (not reported), then %d repetitions on %,d events%n",
          WARM_UP_RUNS, rounds, workload.size());
      String ceilingTopics = "bench.a." + System.currentTimeMillis() + ".";
      double[] ceiling = warmedUp(i -> kafka.produceAndConsume(workload, ceilingTopics + i));
      printRounds("(a) Kafka produce + consume", ceiling, "events/s");
      double[] path;
      List<PercentileWindow> windows;
      // The Streams app runs only while (b) is measured: idle, it still takes ~5 % of a core, and as much of the broker's.
      try (StreamsPathBench streamsPath = new StreamsPathBench(kafka, streamsProperties, stackDir.resolve("bench-streams-state"))) {
        path = warmedUp(i -> streamsPath.measureBurst(workload));
        windows = streamsPath.firstBurstLatencyWindows(workload);
      }
      printRounds("(b) producer -> Streams -> topic", path, "events/s");
      double[] client = new double[rounds];
      // The loader reads a topic (a) filled: the same records, already on the broker.
      double[] loader = warmedUp(i -> {
        LoaderBench.Result result = LoaderBench.measure(stack, workload, ceilingTopics + 0, partitions, "bench_" + i);
        if (i >= WARM_UP_RUNS) {
          client[i - WARM_UP_RUNS] = result.clientRowsPerSecond();
        }
        return result.loaderRowsPerSecond();
      });
      printRounds("(c) loader", loader, "rows/s");
      printRounds("(c) clickhouse-client", client, "rows/s");
      printMedians(ceiling, path, loader, client);
      System.out.println();
      SketchError.print(workload, windows);
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

  @FunctionalInterface
  private interface Measurement {
    double run(int repetition) throws Exception;
  }

  /** The first {@link #WARM_UP_RUNS} runs warm up and are not reported; the next {@code rounds} are returned. */
  private double[] warmedUp(Measurement measurement) throws Exception {
    for (int i = 0; i < WARM_UP_RUNS; i++) {
      measurement.run(i);
    }
    double[] values = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      values[i] = measurement.run(WARM_UP_RUNS + i);
    }
    return values;
  }

  private static void printRounds(String what, double[] values, String unit) {
    StringBuilder line = new StringBuilder();
    for (double value : values) {
      line.append(String.format("%,12.0f", value));
    }
    System.out.printf("%-34s%s %s%n", what, line, unit);
  }

  private static void printMedians(double[] ceilings, double[] paths, double[] loaders, double[] clients) {
    double ceiling = median(ceilings);
    double path = median(paths);
    double loader = median(loaders);
    double client = median(clients);
    System.out.printf("%nMedians of %d rounds:%n", ceilings.length);
    report("(a) Kafka produce + consume (ceiling)", ceiling, "events/s");
    report("(b) producer -> Streams percentiles -> topic", path, "events/s");
    System.out.printf("    (b)/(a) = %.0f %% (target >= 50 %%)%n", 100 * path / ceiling);
    report(String.format("(c) ClickHouse loader (Kafka -> JDBC, %,d-row inserts)", LoaderBench.BATCH_ROWS), loader, "rows/s");
    if (Double.isNaN(client)) {
      System.out.println("    clickhouse-client not found: ceiling not measured");
    } else {
      report("(c) clickhouse-client inserting the same rows (ceiling)", client, "rows/s");
      System.out.printf("    loader/ceiling = %.0f %% (target >= 70 %%)%n", 100 * loader / client);
    }
  }

  private static double median(double[] measured) {
    double[] values = measured.clone();
    Arrays.sort(values);
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
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

  static void report(String what, double value, String unit) {
    System.out.printf("%-58s %,12.0f %s%n", what, value, unit);
  }
}
